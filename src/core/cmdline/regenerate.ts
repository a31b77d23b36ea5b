// The command that turns an edited bootloader source into what the firmware or boot loader reads, per bootloader
// and distribution family (docs/domain.md, "Bootloaders and where the command line lives"). Data only: the planner puts
// these into the plan, src/host runs them.

import type { BootloaderKind } from '../host.js';
import { kernelInstallCommands, ukiCommands, type BootFacts, type CommandStep } from './kernel-install.js';

export type { CommandStep } from './kernel-install.js';

export type OsFamily = 'debian' | 'fedora' | 'suse' | 'arch' | 'other';

/** The family from os-release ID and ID_LIKE (os-release(5)): Ubuntu, Pop!_OS, Mint and Proxmox are 'debian'. */
export function osFamily(osRelease: Record<string, string> | null): OsFamily {
  const ids = `${osRelease?.['ID'] ?? ''} ${osRelease?.['ID_LIKE'] ?? ''}`.toLowerCase().split(/\s+/);
  const has = (...names: string[]): boolean => names.some((n) => ids.includes(n));
  if (has('debian', 'ubuntu')) return 'debian';
  if (has('fedora', 'rhel', 'centos')) return 'fedora';
  if (has('suse', 'opensuse', 'sles')) return 'suse';
  if (has('arch')) return 'arch';
  return 'other';
}

const NO_FACTS: BootFacts = { facts: [], files: {}, initramfs: [] };

export function regenerateCommands(kind: BootloaderKind, osRelease: Record<string, string> | null, facts: BootFacts = NO_FACTS): CommandStep[] {
  const family = osFamily(osRelease);
  switch (kind) {
    case 'grub':
      if (family === 'debian') return [{ argv: ['update-grub'], reason: 'regenerate /boot/grub/grub.cfg from /etc/default/grub' }];
      if (family === 'fedora' || family === 'suse') {
        // Fedora 34+ keeps the real grub.cfg in /boot/grub2 on EFI too (the ESP one is a stub that loads it).
        return [{ argv: ['grub2-mkconfig', '-o', '/boot/grub2/grub.cfg'], reason: 'regenerate /boot/grub2/grub.cfg from /etc/default/grub' }];
      }
      return [{ argv: ['grub-mkconfig', '-o', '/boot/grub/grub.cfg'], reason: 'regenerate /boot/grub/grub.cfg from /etc/default/grub' }];
    case 'systemd-boot':
      return []; // systemd-boot reads loader/entries/*.conf at every boot
    case 'grubby':
      return []; // grubby edits the entries itself: see grubbyArgv
    case 'kernelstub':
      return [{ argv: ['kernelstub'], reason: 'rewrite the loader entry from /etc/kernelstub/configuration' }];
    case 'uki':
      return ukiCommands(facts);
    case 'kernel-install':
      return kernelInstallCommands(facts, 'rewrite the boot entries of every installed kernel from /etc/kernel/cmdline');
    case 'proxmox-boot-tool':
      // Copies the kernels and /etc/kernel/cmdline (systemd-boot) or runs update-grub (GRUB) for every ESP in
      // /etc/kernel/proxmox-boot-uuids (pve-docs, "Host Bootloader", "Editing the Kernel Commandline").
      return [{ argv: ['proxmox-boot-tool', 'refresh'], reason: 'copy the kernel command line onto every ESP proxmox-boot-tool manages' }];
    case 'limine-entry-tool':
      return limineEntryToolCommands(facts);
    case 'limine':
    case 'refind':
    case 'syslinux':
      return []; // each reads its file at every boot
    case 'zfsbootmenu':
    case 'nixos':
      return []; // the plan's own steps (zfs set, the NixOS snippet) are all there is
  }
}

/**
 * limine-entry-tool writes limine.conf from /etc/default/limine: `limine-update` regenerates the entries;
 * CachyOS's limine-mkinitcpio (limine-mkinitcpio-hook) also rebuilds the images, which it needs when the command
 * line is embedded in UKIs (ENABLE_UKI=yes).
 */
function limineEntryToolCommands(f: BootFacts): CommandStep[] {
  const uki = /^\s*ENABLE_UKI\s*=\s*"?yes"?/m.test(f.files['/etc/default/limine'] ?? '');
  if ((uki || !f.facts.includes('/usr/bin/limine-update')) && f.facts.includes('/usr/bin/limine-mkinitcpio')) {
    return [{ argv: ['limine-mkinitcpio'], reason: 'rebuild the images and limine.conf from /etc/default/limine (limine-mkinitcpio-hook)' }];
  }
  return [{ argv: ['limine-update'], reason: 'rewrite limine.conf from /etc/default/limine (limine-entry-tool)' }];
}
