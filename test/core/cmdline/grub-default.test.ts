import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cmdlineParams, editCmdline, type CmdlineEdit } from '../../../src/core/cmdline/cmdline.js';
import { EditError } from '../../../src/core/errors.js';
import { editGrubDefault, grubCmdlineVariable, readGrubCmdline } from '../../../src/core/cmdline/grub-default.js';
import { changedLines, configFixtures, DGPU, lacksDgpu, UNDO } from '../../support/config-fixtures.js';

const BASH = execFileSync('sh', ['-c', 'command -v bash'], { encoding: 'utf8' }).trim();
const tmp = mkdtempSync(join(tmpdir(), 'dgpu-grub-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** The oracle: bash sources the file in an empty environment and prints the variable. */
function sourced(text: string, variable: string, withoutTools = false): string {
  const file = join(tmp, 'grub');
  writeFileSync(file, text);
  // lsb_release may be missing (the `|| echo Debian` in the files covers it); stderr is not the oracle.
  // withoutTools: a PATH with nothing on it, so the result cannot depend on lsb_release, sed or the like.
  const env = withoutTools ? ['-i', `PATH=${tmp}/no-tools`] : ['-i'];
  return execFileSync('env', [...env, BASH, '--noprofile', '--norc', '-c', `. ./grub; printf %s "$${variable}"`], {
    cwd: tmp,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
  });
}

const ADD_IDS: CmdlineEdit = { set: [{ key: 'vfio-pci.ids', value: '1002:73ff,1002:ab28' }], remove: [] };
const DROP_IDS: CmdlineEdit = { set: [], remove: ['vfio_pci.ids'] };

describe.each(configFixtures('grub-'))('%s', (name, text) => {
  const variable = grubCmdlineVariable(text);
  const before = readGrubCmdline(text, variable)!;
  const after = editGrubDefault(text, DGPU);

  it('picks the variable the file uses', () => {
    expect(variable).toBe(name.includes('fedora') ? 'GRUB_CMDLINE_LINUX' : 'GRUB_CMDLINE_LINUX_DEFAULT');
  });

  it('bash reads the value the reader reads, and the edited value after the edit', () => {
    expect(sourced(text, variable)).toBe(before.value);
    const got = sourced(after, variable);
    expect(got).toBe(editCmdline(before.value, DGPU));
    expect(sourced(after, variable, true)).toBe(got);
    const params = cmdlineParams(got).map((p) => `${p.key}=${p.value}`);
    expect(params).toEqual(expect.arrayContaining(['vfio-pci.ids=10de:1b81,10de:10f0', 'intel_iommu=on', 'iommu=pt', 'video=efifb:off']));
  });

  it('changes only the assignment line, keeping its quote style and the final newline', () => {
    expect(changedLines(text, after)).toEqual([before.line - 1]);
    const line = after.split('\n')[before.line - 1]!;
    const quote = line.slice(line.indexOf('=') + 1)[0];
    expect(quote).toBe(before.quote === '' ? '"' : before.quote);
    expect(after.endsWith('\n')).toBe(text.endsWith('\n'));
  });

  it('is idempotent', () => {
    expect(editGrubDefault(after, DGPU)).toBe(after);
    const undone = editGrubDefault(after, UNDO);
    expect(editGrubDefault(undone, UNDO)).toBe(undone);
  });

  it('gives back the original byte for byte when removing what it added', () => {
    expect(editGrubDefault(editGrubDefault(text, ADD_IDS), DROP_IDS)).toBe(text);
    if (lacksDgpu(before.value)) expect(editGrubDefault(after, UNDO)).toBe(text);
  });
});

describe('editGrubDefault', () => {
  it.each([
    ['GRUB_CMDLINE_LINUX_DEFAULT=quiet\n', 'GRUB_CMDLINE_LINUX_DEFAULT="quiet vfio-pci.ids=1:2"\n'],
    ['GRUB_CMDLINE_LINUX_DEFAULT=\n', 'GRUB_CMDLINE_LINUX_DEFAULT=vfio-pci.ids=1:2\n'],
    ['  export GRUB_CMDLINE_LINUX_DEFAULT="a"  # mine\n', '  export GRUB_CMDLINE_LINUX_DEFAULT="a vfio-pci.ids=1:2"  # mine\n'],
    ['GRUB_TIMEOUT=5', 'GRUB_TIMEOUT=5\nGRUB_CMDLINE_LINUX_DEFAULT="vfio-pci.ids=1:2"\n'],
    // a multi-line value and escaped quotes survive
    ['GRUB_CMDLINE_LINUX_DEFAULT="quiet\n  foo=\\"a b\\""\n', 'GRUB_CMDLINE_LINUX_DEFAULT="quiet\n  foo=\\"a b\\" vfio-pci.ids=1:2"\n'],
    // the grub.d drop-in idiom: the variable's own earlier value, kept as written
    ['GRUB_CMDLINE_LINUX_DEFAULT="$GRUB_CMDLINE_LINUX_DEFAULT quiet"\n', 'GRUB_CMDLINE_LINUX_DEFAULT="$GRUB_CMDLINE_LINUX_DEFAULT quiet vfio-pci.ids=1:2"\n'],
    ['GRUB_CMDLINE_LINUX="${GRUB_CMDLINE_LINUX}"', 'GRUB_CMDLINE_LINUX="${GRUB_CMDLINE_LINUX} vfio-pci.ids=1:2"'],
    // a `$(` inside another variable's double quotes, with a nested quote
    ['X="$(echo ")")"\nGRUB_CMDLINE_LINUX_DEFAULT=\'q\'\n', 'X="$(echo ")")"\nGRUB_CMDLINE_LINUX_DEFAULT=\'q vfio-pci.ids=1:2\'\n'],
  ])('%j', (input, expected) => {
    const edit: CmdlineEdit = { set: [{ key: 'vfio-pci.ids', value: '1:2' }], remove: [] };
    expect(editGrubDefault(input, edit)).toBe(expected);
    expect(editGrubDefault(expected, edit)).toBe(expected);
    expect(sourced(expected, grubCmdlineVariable(expected))).toContain('vfio-pci.ids=1:2');
  });

  it.each([
    ['two assignments', 'GRUB_CMDLINE_LINUX_DEFAULT="a"\n#GRUB_CMDLINE_LINUX_DEFAULT="b"\nGRUB_CMDLINE_LINUX_DEFAULT="c"\n'],
    ['backticks in the value', 'GRUB_CMDLINE_LINUX_DEFAULT="quiet `cat /x`"\n'],
    ['unquoted backticks', 'GRUB_CMDLINE_LINUX_DEFAULT=`cat /x`\n'],
    ['$VAR in the value', 'GRUB_CMDLINE_LINUX_DEFAULT="$GRUB_CMDLINE_LINUX quiet"\n'],
    ['a self-reference glued to a word', 'GRUB_CMDLINE_LINUX_DEFAULT="$GRUB_CMDLINE_LINUX_DEFAULT,quiet"\n'],
    ['an unquoted self-reference', 'GRUB_CMDLINE_LINUX_DEFAULT=$GRUB_CMDLINE_LINUX_DEFAULT\n'],
    ['$( in the value', 'GRUB_CMDLINE_LINUX_DEFAULT="$(cat /x)"\n'],
    ['unterminated double quote', 'GRUB_TIMEOUT=5\nGRUB_CMDLINE_LINUX_DEFAULT="quiet\n'],
    ['unterminated single quote', "GRUB_DISTRIBUTOR='x\nGRUB_CMDLINE_LINUX_DEFAULT=\"quiet\"\n"],
    ['unterminated $(', 'X=$(foo\nGRUB_CMDLINE_LINUX_DEFAULT="quiet"\n'],
    ['+= append', 'GRUB_CMDLINE_LINUX_DEFAULT+=" quiet"\n'],
    ['mixed quoting', 'GRUB_CMDLINE_LINUX_DEFAULT="quiet"\' splash\'\n'],
    ['a command after the value', 'GRUB_CMDLINE_LINUX_DEFAULT="quiet"; echo hi\n'],
    ['inside a compound command', 'if true; then GRUB_CMDLINE_LINUX_DEFAULT="quiet"; fi\n'],
    ['an escape it would rewrite', 'GRUB_CMDLINE_LINUX_DEFAULT="a\\b"\n'],
  ])('refuses %s', (_, input) => {
    expect(() => editGrubDefault(input, DGPU)).toThrow(EditError);
  });

  it('reads a drop-in that extends the earlier value, and takes its edit back', () => {
    const dropIn = '# mine\nGRUB_CMDLINE_LINUX_DEFAULT="${GRUB_CMDLINE_LINUX_DEFAULT} quiet"\n';
    expect(readGrubCmdline(dropIn, 'GRUB_CMDLINE_LINUX_DEFAULT')).toMatchObject({ value: 'quiet', inherits: true, quote: '"', line: 2 });
    expect(editGrubDefault(editGrubDefault(dropIn, DGPU), UNDO)).toBe(dropIn);
    const base = 'GRUB_CMDLINE_LINUX_DEFAULT="splash"\n';
    expect(sourced(base + editGrubDefault(dropIn, DGPU), 'GRUB_CMDLINE_LINUX_DEFAULT')).toBe(`splash ${editCmdline(' quiet', DGPU).trimStart()}`);
  });

  it('edits GRUB_CMDLINE_LINUX when told to (Fedora, beside grubby); a parameter already in the other variable stays there', () => {
    const text = 'GRUB_CMDLINE_LINUX_DEFAULT="quiet vfio_pci.ids=0:0"\nGRUB_CMDLINE_LINUX="rhgb"\n';
    expect(editGrubDefault(text, DGPU, 'GRUB_CMDLINE_LINUX')).toBe(
      'GRUB_CMDLINE_LINUX_DEFAULT="quiet vfio-pci.ids=10de:1b81,10de:10f0"\nGRUB_CMDLINE_LINUX="rhgb intel_iommu=on iommu=pt video=efifb:off"\n',
    );
  });

  // issue 10 item 3: GRUB_CMDLINE_LINUX reaches the recovery entries too; moving a parameter out of it loses it there.
  it.each([
    ['GRUB_CMDLINE_LINUX_DEFAULT="quiet"\nGRUB_CMDLINE_LINUX="vfio_pci.ids=9:9 rd.lvm"\n', 'GRUB_CMDLINE_LINUX_DEFAULT="quiet"\nGRUB_CMDLINE_LINUX="vfio-pci.ids=1:2 rd.lvm"\n'],
    // a duplicate in the other variable goes: GRUB_CMDLINE_LINUX's reaches every entry
    ['GRUB_CMDLINE_LINUX="vfio-pci.ids=9:9"\nGRUB_CMDLINE_LINUX_DEFAULT="vfio_pci.ids=8:8 quiet"\n', 'GRUB_CMDLINE_LINUX="vfio-pci.ids=1:2"\nGRUB_CMDLINE_LINUX_DEFAULT="quiet"\n'],
  ])('a parameter in GRUB_CMDLINE_LINUX stays there: %j', (input, expected) => {
    const edit: CmdlineEdit = { set: [{ key: 'vfio-pci.ids', value: '1:2' }], remove: [] };
    expect(editGrubDefault(input, edit)).toBe(expected);
    expect(editGrubDefault(expected, edit)).toBe(expected);
    expect(sourced(expected, 'GRUB_CMDLINE_LINUX')).toContain('vfio-pci.ids=1:2');
  });

  it('agrees with bash -n on the syntax errors it reports', () => {
    for (const bad of ['GRUB_CMDLINE_LINUX_DEFAULT="quiet\n', "A='x\n", 'X=$(foo\n', 'X=`foo\n']) {
      expect(() => execFileSync('bash', ['-n'], { input: bad, stdio: ['pipe', 'ignore', 'ignore'] })).toThrow();
      expect(() => readGrubCmdline(bad, 'GRUB_CMDLINE_LINUX_DEFAULT')).toThrow(EditError);
    }
  });
});

// A real multi-line value with `\<newline>` continuations (q-g-j/gentoo-stuff etc/default/grub, in
// test/fixtures/corpus/cmdline): each continuation separates parameters and is written back as it was.
describe('line continuations inside the double-quoted value', () => {
  const text = 'GRUB_CMDLINE_LINUX="\\\nlibahci.ignore_sss=1 \\\npci=noats \\\nquiet splash \\\n"\n';
  it('edits around them; bash reads the same parameters dgpu does', () => {
    const after = editGrubDefault(text, ADD_IDS);
    expect(after).toBe('GRUB_CMDLINE_LINUX="\\\nlibahci.ignore_sss=1 \\\npci=noats \\\nquiet splash vfio-pci.ids=1002:73ff,1002:ab28 \\\n"\n');
    expect(sourced(after, 'GRUB_CMDLINE_LINUX')).toBe('libahci.ignore_sss=1 pci=noats quiet splash vfio-pci.ids=1002:73ff,1002:ab28 ');
    expect(readGrubCmdline(after, 'GRUB_CMDLINE_LINUX')!.value).toBe(sourced(after, 'GRUB_CMDLINE_LINUX'));
    expect(editGrubDefault(after, DROP_IDS)).toBe(text);
  });
  it('refuses one that joins two words', () => {
    expect(() => editGrubDefault('GRUB_CMDLINE_LINUX="quiet spl\\\nash"\n', ADD_IDS)).toThrow(EditError);
  });
});
