// The per-address bind as each generator runs it, executed by real dash against a fake
// sysfs: exactly the guest's functions get driver_override=vfio-pci and go to drivers_probe; the host's
// identical card is untouched; modprobe vfio-pci only when the module is not loaded. shellcheck on every file.
import { spawnSync } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { earlyBindFiles, type EarlyFile } from '../../../src/core/modules/early-bind-files.js';
import { fakeSysfs, runOnFakeSysfs, type FakeSysfs } from '../../support/fake-sysfs-run.js';

const GUEST = ['0000:0a:00.0', '0000:0a:00.1'];
const HOST = ['0000:0b:00.0', '0000:0b:00.1'];
const fakes: FakeSysfs[] = [];
afterAll(() => fakes.forEach((f) => f.cleanup()));

function file(kind: 'initramfs-tools' | 'dracut' | 'mkinitcpio', suffix: string): EarlyFile {
  return earlyBindFiles(kind, ['0a:00.1', '0000:0a:00.0']).find((f) => f.path.endsWith(suffix))!;
}

// How each generator runs its file: initramfs-tools executes it, dracut sources it, mkinitcpio sources it
// and calls run_earlyhook.
const RUNNERS = [
  { name: 'initramfs-tools init-top script', file: () => file('initramfs-tools', 'init-top/dgpu-vfio'), shell: '"$SCRIPT"' },
  { name: 'dracut cmdline hook', file: () => file('dracut', 'dgpu-vfio-bind.sh'), shell: '. "$SCRIPT"; echo "left: ${dgpu_d-unset}"' },
  { name: 'mkinitcpio runtime hook', file: () => file('mkinitcpio', 'hooks/dgpu-vfio'), shell: '. "$SCRIPT"; run_earlyhook' },
];

describe.each(RUNNERS)('$name, run by dash on a fake /sys', ({ file: f, shell }) => {
  function run(vfioLoaded: boolean, bound: Record<string, string> = {}) {
    const fake = fakeSysfs([...GUEST, ...HOST].map((address) => ({ address, ...(bound[address] ? { driver: bound[address] } : {}) })), vfioLoaded);
    fakes.push(fake);
    const r = runOnFakeSysfs(fake, f().text, shell);
    return { fake, r };
  }

  it('vfio-pci built in: overrides and probes exactly the guest functions, no modprobe', () => {
    const { fake, r } = run(true, { '0000:0b:00.0': 'amdgpu', '0000:0b:00.1': 'snd_hda_intel' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    for (const a of GUEST) expect(fake.override(a)).toBe('vfio-pci\n');
    for (const a of HOST) expect(fake.override(a)).toBe('(null)\n');
    expect(fake.probed()).toEqual(GUEST);
    expect(fake.modprobeCalls()).toEqual([]);
    if (shell.includes('left:')) expect(r.stdout).toBe('left: unset\n'); // sourced by dracut: nothing left behind
  });

  it('vfio-pci a module not loaded yet: modprobe vfio-pci once, after the overrides', () => {
    const { fake, r } = run(false);
    expect(r.status).toBe(0);
    expect(fake.modprobeCalls()).toEqual(['vfio-pci']);
    for (const a of GUEST) expect(fake.override(a)).toBe('vfio-pci\n');
    for (const a of HOST) expect(fake.override(a)).toBe('(null)\n');
  });

  it('a function already on vfio-pci is not probed again; one held by a host driver is reported', () => {
    const { fake, r } = run(true, { '0000:0a:00.0': 'vfio-pci', '0000:0a:00.1': 'snd_hda_intel' });
    expect(r.status).toBe(0);
    expect(fake.probed()).toEqual([]);
    expect(r.stderr).toBe('dgpu: 0000:0a:00.1 is already bound to another driver; vfio-pci takes it on its next probe\n');
    expect(fake.override('0000:0a:00.0')).toBe('vfio-pci\n');
  });

  it('a guest function missing from sysfs: reported, the others still bound, boot goes on', () => {
    const fake = fakeSysfs([GUEST[0]!, ...HOST].map((address) => ({ address })), true);
    fakes.push(fake);
    const r = runOnFakeSysfs(fake, f().text, shell);
    expect(r.status).toBe(0);
    expect(r.stderr).toContain('dgpu: 0000:0a:00.1: no such PCI function');
    expect(fake.probed()).toEqual([GUEST[0]]);
  });

  it('running it twice leaves the same overrides (idempotent)', () => {
    const { fake } = run(true);
    runOnFakeSysfs(fake, f().text, shell);
    for (const a of GUEST) expect(fake.override(a)).toBe('vfio-pci\n');
    for (const a of HOST) expect(fake.override(a)).toBe('(null)\n');
  });
});

describe('the generator files', () => {
  it('initramfs-tools: `prereqs` prints the (empty) PREREQ list and does nothing else', () => {
    const fake = fakeSysfs(GUEST.map((address) => ({ address })), true);
    fakes.push(fake);
    const r = runOnFakeSysfs(fake, file('initramfs-tools', 'init-top/dgpu-vfio').text, '"$SCRIPT" prereqs');
    expect(r).toMatchObject({ status: 0, stdout: '\n', stderr: '' });
    expect(fake.override(GUEST[0]!)).toBe('(null)\n');
  });

  it('every file passes shellcheck in its own shell dialect', () => {
    const all = (['initramfs-tools', 'dracut', 'mkinitcpio'] as const).flatMap((k) => earlyBindFiles(k, GUEST));
    expect(all).toHaveLength(5);
    for (const f of all) {
      // mkinitcpio's runtime hooks run under busybox ash; shellcheck checks them as dash (POSIX + local).
      const dialect = f.text.startsWith('#!/bin/bash') ? 'bash' : 'dash';
      const r = spawnSync('shellcheck', ['-s', dialect, '-'], { input: f.text, encoding: 'utf8' });
      expect(r.error).toBeUndefined();
      expect({ path: f.path, out: r.stdout }).toEqual({ path: f.path, out: '' });
    }
  });
});
