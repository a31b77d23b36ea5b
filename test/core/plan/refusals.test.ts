// What dgpu refuses, and bad input: a clear error, the exit code of src/core/errors.ts, and nothing written
// (the whole tree, journal folder included, hashes the same before and after).
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXIT } from '../../../src/core/errors.js';
import type { FakeDevice, FakeHostSpec } from '../../support/sysroot.js';
import { treeState } from '../../host/tx-tree.js';
import { BIN, dgpu } from '../../support/cli.js';
import { ARCH, HOST_BRIDGE, IGPU, navi21, planAt, ROOT_PORT, turing, treesForThisFile } from './support.js';

// Tests run concurrently (each spawns the CLI a few times); the trees go when the file is done.
const { root } = treesForThisFile();

const DEBIAN_FILES = { 'etc/default/grub': 'GRUB_CMDLINE_LINUX_DEFAULT="quiet"\n', 'boot/grub/grub.cfg': '', 'etc/initramfs-tools/initramfs.conf': '' };
const dual = (extra: FakeDevice[] = [], files: Record<string, string> = DEBIAN_FILES): FakeHostSpec => ({
  devices: [HOST_BRIDGE, IGPU, ...navi21('0a', 10), ...extra], cpuVendor: 'GenuineIntel', files,
});

/** `dgpu apply --yes` must fail with `code` and a message matching `message`, leaving every byte as it was. */
function refused(r: string, args: string[], code: number, message: RegExp): string {
  const before = treeState(r, { withJournal: true });
  const a = dgpu(['apply', ...args, '--root', r, '--yes']);
  expect(a.stderr).toMatch(message);
  expect(a.status).toBe(code);
  const p = dgpu(['plan', ...args, '--root', r]);
  expect(p.status).toBe(code);
  expect(treeState(r, { withJournal: true })).toEqual(before);
  return a.stderr;
}

describe.concurrent('refusals', () => {
  it('the boot GPU without --allow-boot-gpu (usage, exit 2)', () => {
    const err = refused(root(dual()), ['--gpu', '00:02.0'], EXIT.usage, /0000:00:02\.0 is the boot GPU/);
    expect(err).toContain('--allow-boot-gpu');
  });

  it('--gpu auto with two candidate GPUs lists them (exit 2)', () => {
    const r = root(dual(turing('0b', 11).map((d) => ({ ...d, parent: undefined }))));
    const err = refused(r, ['--gpu', 'auto'], EXIT.usage, /several GPUs could go to the guest/);
    expect(err).toContain('0000:0a:00.0');
    expect(err).toContain('0000:0b:00.0');
  });

  it('a group that is not viable names the blockers and their drivers (exit 3)', () => {
    const nic: FakeDevice = { address: '0000:0c:00.0', vendor: '8086', device: '15f3', class: '020000', driver: 'igc', group: 10 };
    const err = refused(root(dual([nic])), ['--gpu', '0a:00.0'], EXIT.environment, /IOMMU group 10 of 0000:0a:00\.0 is not viable/);
    expect(err).toContain('0000:0c:00.0');
    expect(err).toContain('driver igc');
  });

  it('IOMMU off although the command line asks for it: says what to turn on in the firmware (exit 3)', () => {
    const spec = dual();
    spec.devices = spec.devices.map((d) => ({ ...d, group: null }));
    spec.cmdline = 'BOOT_IMAGE=/vmlinuz root=/dev/sda2 rw intel_iommu=on';
    const err = refused(root(spec), ['--gpu', '0a:00.0'], EXIT.environment, /the IOMMU is off in the firmware/);
    expect(err).toContain('VT-d');
  });

  it('an unknown initramfs generator is no dead end: the rest is planned, the modules to load early are a manual step', () => {
    const r = root(dual([], { 'etc/default/grub': 'GRUB_CMDLINE_LINUX_DEFAULT=""\n', 'boot/grub/grub.cfg': '' }));
    const p = dgpu(['plan', '--gpu', '0a:00.0', '--root', r, '--json']);
    expect(p.status, p.stderr).toBe(0);
    const json = JSON.parse(p.stdout);
    expect(json.changes.map((c: { path: string }) => c.path)).toEqual(['/etc/modprobe.d/vfio.conf', '/etc/default/grub']);
    expect(json.manual).toEqual([expect.objectContaining({ where: expect.stringMatching(/^the initramfs \(no generator dgpu knows/), snippet: expect.stringContaining('vfio_pci vfio vfio_iommu_type1') })]);
  });

  it('an unknown initramfs generator with two identical cards: binding by address is refused (exit 3)', () => {
    const spec = dual([], { 'etc/default/grub': 'GRUB_CMDLINE_LINUX_DEFAULT=""\n', 'boot/grub/grub.cfg': '' });
    spec.devices = [...spec.devices, ...navi21('0b', 11)];
    refused(root(spec), ['--gpu', '0a:00.0'], EXIT.environment, /binding by address needs an early initramfs step/);
  });

  it('--gpu that is not a GPU, --also that is not a function, --entry that is not an entry (exit 2)', () => {
    const r = root(dual());
    refused(r, ['--gpu', '00:00.0'], EXIT.usage, /--gpu 0000:00:00\.0 is not a GPU/);
    refused(r, ['--gpu', '0a:00.0', '--also', '0f:00.0'], EXIT.usage, /--also 0000:0f:00\.0 is not a PCI function/);
    refused(r, ['--gpu', 'zz'], EXIT.usage, /--gpu: 'zz' is not a PCI address/);
    const sd = root({ ...dual(), devices: [HOST_BRIDGE, ROOT_PORT, IGPU, ...turing()], osRelease: ARCH, files: { 'boot/loader/entries/arch.conf': 'linux /vmlinuz\noptions rw\n', 'etc/mkinitcpio.conf': '' } });
    refused(sd, ['--gpu', '0a:00.0', '--entry', 'nope'], EXIT.usage, /--entry nope\.conf: no such Linux entry/);
  });

  it('apply without a terminal and without --yes: exit 2 with the hint, nothing written', () => {
    const r = root(dual());
    const before = treeState(r, { withJournal: true });
    const a = dgpu(['apply', '--gpu', '0a:00.0', '--root', r]);
    expect(a.status).toBe(EXIT.usage);
    expect(a.stderr).toContain('pass --yes');
    expect(treeState(r, { withJournal: true })).toEqual(before);
  });

  it('apply and rollback on the real system as a normal user: exit 3 before anything', () => {
    if (process.getuid?.() !== 0) return; // needs root to start the child as another user
    for (const args of [['apply', '--gpu', 'auto', '--yes'], ['rollback']]) {
      const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', uid: 65534, gid: 65534 });
      expect(r.stderr).toMatch(/must run as root; nothing was written/);
      expect(r.status).toBe(EXIT.environment);
    }
  });
});

describe.concurrent('bad input: clear error naming the file, exit code, nothing written', () => {
  const grub = (text: string) => root(dual([], { ...DEBIAN_FILES, 'etc/default/grub': text }));
  const cases: Array<[string, string, RegExp]> = [
    ['two assignments', 'GRUB_CMDLINE_LINUX_DEFAULT="quiet"\nGRUB_CMDLINE_LINUX_DEFAULT="splash"\n', /\/etc\/default\/grub: GRUB_CMDLINE_LINUX_DEFAULT is assigned more than once \(lines 1, 2\)/],
    ['backticks in the value', 'GRUB_CMDLINE_LINUX_DEFAULT="quiet `cat /etc/extra`"\n', /\/etc\/default\/grub: .*shell expansion/],
    ['a syntax error (unclosed quote)', 'GRUB_CMDLINE_LINUX_DEFAULT="quiet\nGRUB_TIMEOUT=5\n', /\/etc\/default\/grub: /],
  ];
  it.each(cases)('GRUB file with %s', (_n, text, message) => {
    refused(grub(text), ['--gpu', '0a:00.0'], EXIT.usage, message);
  });

  const sd = (): string => root({ devices: [HOST_BRIDGE, ROOT_PORT, IGPU, ...turing()], osRelease: ARCH, files: { 'boot/loader/entries/arch.conf': 'linux /vmlinuz\noptions rw\n', 'etc/mkinitcpio.conf': '' } });
  it('an unreadable loader entry: a folder in place of the file (exit 3)', () => {
    const r = sd();
    mkdirSync(join(r, 'boot/loader/entries/broken.conf'));
    refused(r, ['--gpu', '0a:00.0'], EXIT.environment, /cannot read \/boot\/loader\/entries\/broken\.conf: it is a folder/);
  });
  it('an unreadable loader entry: a dangling symlink (exit 3)', () => {
    const r = sd();
    symlinkSync('/nonexistent/entry.conf', join(r, 'boot/loader/entries/gone.conf'));
    refused(r, ['--gpu', '0a:00.0'], EXIT.environment, /cannot read \/boot\/loader\/entries\/gone\.conf: it is a link to nothing/);
  });

  it('a tampered journal: rollback refuses (conflict, exit 4) and writes nothing', () => {
    const r = root(dual());
    expect(dgpu(['apply', '--gpu', '0a:00.0', '--root', r, '--yes']).status).toBe(0);
    const txDir = join(r, 'var/lib/dgpu/transactions');
    const id = readdirSync(txDir)[0]!;
    const journal = join(txDir, id, 'journal.json');
    writeFileSync(journal, readFileSync(journal, 'utf8').replace('"reason": "', '"reason": "x'));
    const before = treeState(r, { withJournal: true });
    const rb = dgpu(['rollback', '--root', r]);
    expect(rb.stderr).toMatch(/journal\.json was edited/);
    expect(rb.status).toBe(EXIT.conflict);
    expect(treeState(r, { withJournal: true })).toEqual(before);
    const list = dgpu(['rollback', '--list', '--root', r]);
    expect(list.stdout).toContain(`${id}  DAMAGED`);
  });
});

describe.concurrent('--help of each command exits 0', () => {
  it.each(['plan', 'apply', 'verify', 'rollback'])('dgpu %s --help', (cmd) => {
    const r = dgpu([cmd, '--help']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(`Usage: dgpu ${cmd}`);
  });
});

describe.concurrent('plan --json', () => {
  it('is planToJson: paths as on the host, before/after, reasons, commands, warnings', async () => {
    const r = root(dual());
    const p = dgpu(['plan', '--gpu', '0a:00.0', '--root', r, '--json']);
    expect(p.status).toBe(0);
    const json = JSON.parse(p.stdout);
    const { plan } = await planAt(r, { gpu: '0a:00.0' });
    expect(json.changes.map((c: { path: string }) => c.path)).toEqual(plan.changes.map((c) => c.path));
    expect(json.changes[0].before).toBe(plan.changes[0]!.before);
    expect(json.commands).toEqual(plan.commands);
    expect(Array.isArray(json.warnings)).toBe(true);
  });
});
