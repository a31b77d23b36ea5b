// The Limine, limine-entry-tool, rEFInd and SYSLINUX editors on every real file of test/fixtures/corpus (sources in
// each folder's SOURCES.tsv): the Linux entries' command lines change and nothing else, twice is once, and taking
// the parameters out again gives the file back byte for byte. /etc/default/limine is checked against bash.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { editCmdline, type CmdlineEdit } from '../../../src/core/cmdline/cmdline.js';
import { editLimineConf, readLimineConf } from '../../../src/core/cmdline/limine-conf.js';
import { editLimineDefaults, readLimineDefaults } from '../../../src/core/cmdline/limine-default.js';
import { editRefindConf, editRefindLinuxConf } from '../../../src/core/cmdline/refind.js';
import { editSyslinuxCfg } from '../../../src/core/cmdline/syslinux-cfg.js';
import { EditError } from '../../../src/core/errors.js';
import { changedLines, DGPU, lacksDgpu, UNDO } from '../../support/config-fixtures.js';
import { corpus } from '../plan/support.js';

const IDS = 'vfio-pci.ids=10de:1b81,10de:10f0';

type Editor = (text: string, edit: CmdlineEdit) => string;
const limine = (name: string): Editor => (t, e) => editLimineConf(name.endsWith('.cfg') ? 'limine.cfg' : 'limine.conf', t, e);
const refind = (name: string): Editor => (name.includes('refind_linux') ? editRefindLinuxConf : editRefindConf);

// [folder, file, editor, how many lines hold a Linux command line] — counted by hand from each file.
const CASES: Array<[string, string, Editor, number]> = [
  ['limine', '01-arcplayz-cachyos-booster.conf', limine('x.conf'), 1], // the efi entry (Windows) has no cmdline
  ['limine', '02-deoxizn-omarchy-uki-snapshots.conf', limine('x.conf'), 3], // protocol: efi UKI entries, snapshots included
  ['limine', '03-kacper109-void.conf', limine('x.conf'), 1],
  ['limine', '04-bachoseven-macros-two-linux.conf', limine('x.conf'), 2],
  ['limine', '05-sadman-samad-legacy-syntax-in-limine.conf', limine('x.conf'), 3], // :entries and KERNEL_CMDLINE= in a .conf
  ['refind', '01-droogmic-vfio-refind_linux.conf', refind('refind_linux'), 4],
  ['refind', '02-romanenkor-hugepages-refind_linux.conf', refind('refind_linux'), 3],
  ['refind', '03-alyptik-tabs-comments-refind_linux.conf', refind('refind_linux'), 8],
  ['refind', '04-mkittlein-stock-with-arch-stanza-refind.conf', refind('refind.conf'), 1], // the sample stanzas are disabled
  ['refind', '05-nidrop-refind.conf', refind('refind.conf'), 0], // chainloads systemd-boot: no Linux stanza
  ['refind', '06-nidrop-refind_linux.conf', refind('refind_linux'), 3],
  ['syslinux', '01-unraid-stock-syslinux.cfg', editSyslinuxCfg, 4], // memtest is not Linux
  ['syslinux', '02-shypixie-gentoo-extlinux.conf', editSyslinuxCfg, 1],
  ['syslinux', '03-jn7163-menu-chain-com32-extlinux.conf', editSyslinuxCfg, 2], // COM32 chain.c32's APPEND hd0 2 stays
];

describe.each(CASES)('%s/%s', (dir, name, edit, lines) => {
  const text = corpus(dir, name);
  const after = edit(text, DGPU);
  const changed = changedLines(text, after);

  it(`edits the ${lines} Linux command line(s) and no other byte`, () => {
    expect(changed).toHaveLength(lines);
    for (const i of changed) expect(after.split('\n')[i]).toContain(IDS);
    expect(after.length - text.length).toBe(changed.reduce((n, i) => n + after.split('\n')[i]!.length - text.split('\n')[i]!.length, 0));
  });

  it('is idempotent', () => {
    expect(edit(after, DGPU)).toBe(after);
  });

  it('taking the parameters out gives the file back, where it had none of them', () => {
    // rEFInd's quotes would make each field one parameter: the check reads the words.
    const own = text.split('\n').filter((_, i) => changed.includes(i)).map((l) => l.replaceAll('"', ' '));
    if (own.every(lacksDgpu)) expect(edit(after, UNDO)).toBe(text);
    else expect(edit(after, UNDO)).toBe(edit(text, UNDO)); // droogmic, alyptik: they had some already
  });
});

const BASH = execFileSync('sh', ['-c', 'command -v bash'], { encoding: 'utf8' }).trim();
const tmp = mkdtempSync(join(tmpdir(), 'dgpu-limine-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** The oracle: bash sources the files as limine-entry-tool does and prints KERNEL_CMDLINE[default]. */
function sourced(texts: string[]): string {
  texts.forEach((t, i) => writeFileSync(join(tmp, `f${i}`), t));
  const script = `declare -A KERNEL_CMDLINE; ${texts.map((_, i) => `. ./f${i};`).join(' ')} printf %s "\${KERNEL_CMDLINE[default]}"`;
  return execFileSync('env', ['-i', BASH, '--noprofile', '--norc', '-c', script], { cwd: tmp, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
}

describe.each(['01-phuctruong-cachyos-append', '02-x0rzavi-cachyos-luks', '03-yaubara-omarchy-uki-no-final-newline'])('limine-default/%s (bash oracle)', (name) => {
  const text = corpus('limine-default', name);
  const files = [{ path: '/etc/default/limine', text }];
  const [after] = editLimineDefaults(files, DGPU);

  it('bash reads what the editor reads, before and after, and the edit is the command line edit', () => {
    expect(readLimineDefaults(files)).toBe(sourced([text]));
    expect(sourced([after!])).toBe(editCmdline(sourced([text]), DGPU));
    expect(changedLines(text, after!)).toHaveLength(1);
  });

  it('is idempotent and reversible', () => {
    expect(editLimineDefaults([{ path: '/etc/default/limine', text: after! }], DGPU)[0]).toBe(after);
    expect(editLimineDefaults([{ path: '/etc/default/limine', text: after! }], UNDO)[0]).toBe(text);
  });
});

describe('edge cases', () => {
  it('limine-entry-tool: pieces across the file and a drop-in are one command line (bash agrees); a new parameter goes last', () => {
    const files = [
      { path: '/etc/default/limine', text: 'KERNEL_CMDLINE[default]="quiet intel_iommu=on"\n' },
      { path: '/etc/limine-entry-tool.d/10-x.conf', text: "KERNEL_CMDLINE[default]+=' splash'\n" },
    ];
    const out = editLimineDefaults(files, DGPU);
    expect(out).toEqual(['KERNEL_CMDLINE[default]="quiet intel_iommu=on"\n', `KERNEL_CMDLINE[default]+=' splash ${IDS} iommu=pt video=efifb:off'\n`]);
    expect(sourced(out)).toBe(`quiet intel_iommu=on splash ${IDS} iommu=pt video=efifb:off`);
  });

  it('limine-entry-tool: a shell expansion is an EditError, not a guess', () => {
    expect(() => editLimineDefaults([{ path: '/etc/default/limine', text: 'KERNEL_CMDLINE[default]+="$(cat /etc/kernel/cmdline)"\n' }], DGPU)).toThrow(EditError);
  });

  it('limine.conf: a multiboot or limine-protocol entry keeps its cmdline; a commented one too', () => {
    const text = '/hobby\n    protocol: limine\n    cmdline: foo\n/linux\n    protocol: linux\n    #cmdline: old\n    cmdline: rw\n';
    expect(editLimineConf('limine.conf', text, DGPU)).toBe(text.replace('cmdline: rw', `cmdline: rw ${IDS} intel_iommu=on iommu=pt video=efifb:off`));
    expect(readLimineConf('limine.conf', text)).toBe('rw');
  });

  it('rEFInd: an unquoted options word gains quotes when it needs them', () => {
    expect(editRefindLinuxConf('Boot ro\n', { set: [{ key: 'quiet' }], remove: [] })).toBe('Boot "ro quiet"\n');
  });

  it('SYSLINUX: a label without its own APPEND uses the global one, which is then edited', () => {
    const text = 'APPEND root=/dev/sda1 ro\nLABEL linux\n  KERNEL vmlinuz\nLABEL hdt\n  COM32 hdt.c32\n';
    expect(editSyslinuxCfg(text, { set: [{ key: 'quiet' }], remove: [] })).toBe(text.replace('ro\n', 'ro quiet\n'));
  });
});
