// The command that turns an edited bootloader source into what the firmware or boot loader reads, per bootloader
// and distribution family (DOMAIN.md, "Bootloaders and where the command line lives"). Data only: the planner puts
// these into the plan, src/host runs them.

import type { BootloaderKind } from '../host.js';

export interface CommandStep {
  argv: string[];
  reason: string;
}

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

export function regenerateCommands(kind: BootloaderKind, osRelease: Record<string, string> | null): CommandStep[] {
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
      if (family === 'arch') return [{ argv: ['mkinitcpio', '-P'], reason: 'rebuild the unified kernel images, which embed /etc/kernel/cmdline' }];
      return [kernelInstallAll('rebuild the unified kernel images, which embed /etc/kernel/cmdline')];
    case 'kernel-install':
      return [kernelInstallAll('rewrite the boot entries of every installed kernel from /etc/kernel/cmdline')];
  }
}

// `add-all` exists since systemd 255 (kernel-install(8)); older systems need `kernel-install add VERSION IMAGE`
// per kernel, which the planner can build from the Host's installed kernels.
function kernelInstallAll(reason: string): CommandStep {
  return { argv: ['kernel-install', 'add-all'], reason };
}
