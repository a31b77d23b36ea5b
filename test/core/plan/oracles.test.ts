// Real tools judge the planner's output: bash sources the edited GRUB file, kmod's modprobe reads the vfio.conf.
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cmdlineParams, sameKey } from '../../../src/core/cmdline/cmdline.js';
import type { Plan } from '../../../src/core/plan/plan.js';
import { findExecutable } from '../../../src/host/runner.js';
import { modprobe } from '../../support/kmod.js';
import { ARCH, exampleRoot, FEDORA, fixture, HOST_BRIDGE, IGPU, navi21, planAt, ROOT_PORT, tempDir, turing, treesForThisFile } from './support.js';

// Tests run concurrently (each spawns the CLI a few times); the trees go when the file is done.
const { root, cleanups } = treesForThisFile();

const BASH = findExecutable('bash') ?? '/bin/bash';

/** What bash makes of `variable` after sourcing `text` with an empty environment. */
function bashValue(text: string, variable: string): { value: string; status: number | null } {
  const dir = tempDir('dgpu-bash-');
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, 'grub');
  writeFileSync(file, text);
  const r = spawnSync(BASH, ['-c', `source "$1" 2>/dev/null; printf %s "$${variable}"`, 'oracle', file], { encoding: 'utf8', env: {} });
  return { value: r.stdout, status: r.status };
}

function after(plan: Plan, path: string): string {
  const c = plan.changes.find((x) => x.path === path);
  if (!c || c.after === null) throw new Error(`no change to ${path}`);
  return c.after;
}

describe('bash sources the edited GRUB file: the variable holds the new parameters', () => {
  const cases: Array<[string, () => string, string, string]> = [
    ['Debian stock (examples/host)', () => { const e = exampleRoot(); cleanups.push(e.cleanup); return e.root; }, 'GRUB_CMDLINE_LINUX_DEFAULT', 'auto'],
    ['Garuda (Arch)', () => root({ devices: [HOST_BRIDGE, ROOT_PORT, IGPU, ...turing()], osRelease: ARCH, files: { 'etc/default/grub': fixture('grub-01-ozzyhelix-garuda-default-grub'), 'boot/grub/grub.cfg': '', 'etc/mkinitcpio.conf': fixture('mkinitcpio-01-ozzyhelix.conf') } }), 'GRUB_CMDLINE_LINUX_DEFAULT', '0a:00.0'],
    ['CachyOS single quotes', () => root({ devices: [HOST_BRIDGE, ROOT_PORT, IGPU, ...turing()], osRelease: ARCH, files: { 'etc/default/grub': fixture('grub-05-cachyos-single-quotes'), 'boot/grub/grub.cfg': '', 'etc/mkinitcpio.conf': fixture('mkinitcpio-01-ozzyhelix.conf') } }), 'GRUB_CMDLINE_LINUX_DEFAULT', '0a:00.0'],
    ['Fedora GRUB_CMDLINE_LINUX', () => root({ devices: [HOST_BRIDGE, IGPU, ...navi21('0a', 10)], cpuVendor: 'GenuineIntel', osRelease: FEDORA, files: { 'etc/default/grub': fixture('grub-08-fedora-sysconfig-cmdline-linux'), 'usr/sbin/grubby': '', 'etc/dracut.conf': '' } }), 'GRUB_CMDLINE_LINUX', '0a:00.0'],
  ];
  it.each(cases)('%s', async (_name, make, variable, gpu) => {
    const r = make();
    const { plan, intent } = await planAt(r, { gpu });
    const { value, status } = bashValue(after(plan, '/etc/default/grub'), variable);
    expect(status).toBe(0);
    const params = cmdlineParams(value);
    for (const p of intent.params) {
      expect(params.some((x) => sameKey(x.key, p.key) && x.value === p.value), `${p.key}=${p.value} in ${value}`).toBe(true);
    }
    // and the value before the edit is still all there, in order
    const old = bashValue(plan.changes.find((c) => c.path === '/etc/default/grub')!.before!, variable).value;
    const kept = cmdlineParams(old).filter((p) => !sameKey(p.key, 'vfio-pci.ids'));
    expect(params.filter((p) => kept.some((k) => k.key === p.key && k.value === p.value))).toEqual(kept);
  });
});

describe('modprobe -C reads dgpu\'s vfio.conf without a complaint', () => {
  function showconfig(conf: string): { stdout: string; stderr: string } {
    const dir = tempDir('dgpu-modprobe-');
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'vfio.conf'), conf);
    const r = modprobe(dir, ['--showconfig']);
    return { stdout: r.stdout, stderr: r.stderr };
  }

  it('Turing, 4 functions: the ids and a softdep for each driver in modules.alias', async () => {
    const r = root({ devices: [HOST_BRIDGE, ROOT_PORT, IGPU, ...turing()], osRelease: ARCH, files: { 'boot/loader/entries/a.conf': 'linux /vmlinuz\noptions rw\n', 'etc/mkinitcpio.conf': '' } });
    const { plan } = await planAt(r, { gpu: '0a:00.0' });
    const { stdout, stderr } = showconfig(after(plan, '/etc/modprobe.d/vfio.conf'));
    expect(stderr).toBe('');
    expect(stdout).toContain('options vfio_pci ids=10de:1e84,10de:10f8,10de:1ad8,10de:1ad9');
    for (const m of ['nouveau', 'nvidiafb', 'snd_hda_intel', 'xhci_pci', 'i2c_nvidia_gpu', 'ucsi_ccg']) {
      expect(stdout).toMatch(new RegExp(`^softdep ${m} pre: vfio-pci`, 'm'));
    }
  });

  it('identical cards: no ids and no install hook (the initramfs binds by address), softdeps still read', async () => {
    const r = root({ devices: [HOST_BRIDGE, ...navi21('0a', 10), ...navi21('0b', 11, { bootVga: true })], files: { 'etc/default/grub': '', 'boot/grub/grub.cfg': '', 'etc/initramfs-tools/initramfs.conf': '' } });
    const { plan } = await planAt(r, { gpu: '0a:00.0' });
    const { stdout, stderr } = showconfig(after(plan, '/etc/modprobe.d/vfio.conf'));
    expect(stderr).toBe('');
    expect(stdout).not.toMatch(/^install vfio_pci/m);
    expect(stdout).not.toMatch(/^options vfio_pci ids=/m);
    expect(stdout).toMatch(/^softdep amdgpu pre: vfio-pci/m);
  });
});
