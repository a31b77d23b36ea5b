// What a snapshot keeps of /proc/cmdline (src/core/cmdline/public-cmdline.ts): on real command lines from
// test/fixtures/configs (Proxmox, btrfs, a long Intel Xe one, and the options lines of real systemd-boot
// entries), only the parameters dgpu decides from survive, and dgpu's findings read the same from both.
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { hasAcsOverride } from '../../../src/core/analysis/findings.js';
import { cmdlineParams } from '../../../src/core/cmdline/cmdline.js';
import { isPublicParam, publicCmdline } from '../../../src/core/cmdline/public-cmdline.js';
import { fixture } from '../plan/support.js';

const real = readdirSync('test/fixtures/configs').flatMap((name) => {
  const text = fixture(name);
  if (name.startsWith('kernel-cmdline-')) return [[name, text.split('\n').filter((l) => !l.startsWith('#')).join(' ')]];
  if (name.startsWith('systemd-boot-entry-')) return [...text.matchAll(/^options\s+(.*)$/gm)].map((m, i) => [`${name} #${i}`, m[1]!]);
  return [];
});

describe('publicCmdline', () => {
  it('has real command lines to read', () => expect(real.length).toBeGreaterThanOrEqual(8));

  it.each(real)('%s: keeps the public parameters in order and drops the rest', (_name, line) => {
    const kept = publicCmdline(line!);
    const all = cmdlineParams(line!);
    expect(cmdlineParams(kept).map((p) => p.key)).toEqual(all.filter((p) => isPublicParam(p.key)).map((p) => p.key));
    expect(kept).not.toMatch(/\b(root|rootflags|cryptdevice|resume|BOOT_IMAGE|initrd)=/);
    expect(hasAcsOverride(kept)).toBe(hasAcsOverride(line!));
  });

  it.each([
    ['root=UUID=1 quiet intel_iommu=on iommu=pt', 'intel_iommu=on iommu=pt'],
    ['vfio_pci.ids=10de:1b81 vfio-pci.disable_vga=1 ip=dhcp', 'vfio_pci.ids=10de:1b81 vfio-pci.disable_vga=1'],
    ['modprobe.blacklist=nouveau nouveau.blacklist=1 rd.driver.pre=vfio-pci passwd=x', 'modprobe.blacklist=nouveau nouveau.blacklist=1 rd.driver.pre=vfio-pci'],
    ['video=efifb:off initcall_blacklist=sysfb_init -- vfio-pci.ids=1:2 secret', 'video=efifb:off initcall_blacklist=sysfb_init'],
    ['BOOT_IMAGE=/vmlinuz root=/dev/sda1', ''],
  ])('%s → %s', (line, expected) => {
    expect(publicCmdline(line)).toBe(expected);
  });
});
