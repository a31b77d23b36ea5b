import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { editGrubDefault, readGrubCmdline } from '../../../src/core/cmdline/grub-default.js';
import { findAssignments } from '../../../src/core/cmdline/shell-scan.js';

const V = 'GRUB_CMDLINE_LINUX_DEFAULT';
const BASH = execFileSync('sh', ['-c', 'command -v bash'], { encoding: 'utf8' }).trim();

// Lines met in real /etc/default/grub files, and shell that hides a look-alike assignment from a naive scanner.
const POOL = [
  'GRUB_DISTRIBUTOR=`lsb_release -i -s 2> /dev/null || echo Debian`',
  'GRUB_DISTRIBUTOR="$(sed \'s, release .*$,,g\' /etc/system-release)"',
  "GRUB_DISTRIBUTOR='Garuda'",
  `#${V}="commented out"`,
  `# ${V}="commented, with a quote's apostrophe"`,
  `X="a multi-line\n${V}=inside-a-string"`,
  `Y='single\n${V}=inside'`,
  `Z=$(echo ")"\n${V}=inside-subst)`,
  `W=\`echo\n${V}=inside-backticks\``,
  'for f in ${sysconfdir}/default/grub.d/*.cfg ; do if [ -e "${f}" ]; then source "${f}"; fi; done',
  'GRUB_RECORDFAIL_TIMEOUT=$GRUB_TIMEOUT',
  `: "# not a comment ${V}=x"`,
  'GRUB_CMDLINE_LINUX=""',
  '',
];
const ASSIGN = [`${V}="quiet splash"`, `${V}='a=1 b'`, `${V}=ro`, `  export ${V}="x  y" # trailing`];

describe('findAssignments', () => {
  it('finds exactly the active assignment among real-world lines, as bash sees it', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.constantFrom(...POOL), { maxLength: 8 }), fc.nat(), fc.constantFrom(...ASSIGN), (lines, at, assign) => {
        const all = [...lines];
        all.splice(at % (lines.length + 1), 0, assign);
        const text = all.join('\n') + '\n';
        expect(findAssignments(text, V)).toHaveLength(1);
        const value = readGrubCmdline(text, V)!.value;
        const bash = execFileSync(BASH, ['--noprofile', '--norc', '-c', `${text}\nprintf %s "$${V}"`], {
          encoding: 'utf8',
          env: {},
          stdio: ['ignore', 'pipe', 'ignore'],
        });
        expect(bash).toBe(value);
        const edited = editGrubDefault(text, { set: [{ key: 'k', value: 'v' }], remove: [] });
        expect(edited.split('\n').filter((l, i) => l !== text.split('\n')[i])).toHaveLength(1);
      }),
      { numRuns: 60 },
    );
  });
});
