import { describe, expect, it } from 'vitest';
import { BOOT_PROBE_DIRS, BOOT_PROBE_PATHS, detectBoot } from '../../../src/core/analysis/boot-detect.js';

const kinds = (present: string[]) => {
  const b = detectBoot(present);
  return { bootloaders: b.bootloaders.map((d) => d.kind), initramfs: b.initramfs.map((d) => d.kind) };
};

describe('detectBoot', () => {
  it.each([
    ['Debian: GRUB + initramfs-tools', ['/etc/default/grub', '/boot/grub/grub.cfg', '/etc/initramfs-tools/initramfs.conf'], ['grub'], ['initramfs-tools']],
    ['Fedora: GRUB2 + grubby + dracut', ['/etc/default/grub', '/boot/grub2/grub.cfg', '/usr/sbin/grubby', '/etc/dracut.conf.d'], ['grub', 'grubby'], ['dracut']],
    ['Arch: systemd-boot + mkinitcpio', ['/boot/loader/loader.conf', '/boot/loader/entries/arch.conf', '/etc/mkinitcpio.conf'], ['systemd-boot'], ['mkinitcpio']],
    ['UKI via kernel-install on /efi', ['/etc/kernel/cmdline', '/efi/EFI/Linux/arch-linux.efi', '/etc/booster.yaml'], ['kernel-install', 'uki'], ['booster']],
    ['Pop!_OS: kernelstub + systemd-boot on /boot/efi', ['/etc/kernelstub/configuration', '/boot/efi/loader/loader.conf'], ['systemd-boot', 'kernelstub'], []],
    ['Proxmox VE on ZFS/UEFI', ['/etc/kernel/cmdline', '/etc/kernel/proxmox-boot-uuids', '/etc/initramfs-tools/initramfs.conf'], ['kernel-install', 'proxmox-boot-tool'], ['initramfs-tools']],
    ['CachyOS: Limine written by limine-entry-tool', ['/boot/limine.conf', '/etc/default/limine', '/etc/mkinitcpio.conf'], ['limine', 'limine-entry-tool'], ['mkinitcpio']],
    ['Limine before version 8 on the ESP', ['/boot/efi/EFI/BOOT/limine.cfg'], ['limine'], []],
    ['rEFInd', ['/boot/refind_linux.conf', '/boot/efi/EFI/refind/refind.conf'], ['refind'], []],
    ['Unraid (SYSLINUX on the flash drive)', ['/boot/syslinux/syslinux.cfg'], ['syslinux'], []],
    ['ZFSBootMenu', ['/etc/zfsbootmenu/config.yaml', '/boot/efi/EFI/zbm'], ['zfsbootmenu'], []],
    ['NixOS', ['/etc/NIXOS'], ['nixos'], []],
    ['nothing known', ['/etc/fstab'], [], []],
    ['an entry in a subdirectory is not an entry', ['/boot/loader/entries/old/x.conf'], [], []],
    ['a non-.conf file in entries is not an entry', ['/boot/loader/entries/README'], [], []],
  ])('%s', (_name, present, bootloaders, initramfs) => {
    expect(kinds(present)).toEqual({ bootloaders, initramfs });
  });

  it('lists every piece of evidence, paths as on the host', () => {
    const b = detectBoot(['/efi/loader/entries/b.conf', '/efi/loader/entries/a.conf', '/efi/loader/loader.conf', '/etc/dracut.conf', '/etc/dracut.conf.d']);
    expect(b.bootloaders).toEqual([{ kind: 'systemd-boot', evidence: ['/efi/loader/loader.conf', '/efi/loader/entries/a.conf', '/efi/loader/entries/b.conf'] }]);
    expect(b.initramfs).toEqual([{ kind: 'dracut', evidence: ['/etc/dracut.conf', '/etc/dracut.conf.d'] }]);
  });

  it('every probe path is detected by some rule (no dead probes)', () => {
    for (const p of BOOT_PROBE_PATHS) {
      const b = detectBoot([p]);
      expect(b.bootloaders.length + b.initramfs.length, p).toBe(1);
    }
    for (const d of BOOT_PROBE_DIRS) {
      const b = detectBoot([`${d.dir}/x${d.suffix}`]);
      expect(b.bootloaders.length, d.dir).toBe(1);
    }
  });
});
