// The command that rebuilds every installed kernel's initramfs after its configuration changed; run by
// apply after the files are written (and again by rollback). Arguments as argv arrays, never a shell line.
import type { InitramfsKind } from '../host.js';

export interface PlannedCommand {
  argv: string[];
  reason: string;
}

export function regenerateInitramfs(kind: InitramfsKind): PlannedCommand[] {
  switch (kind) {
    case 'mkinitcpio':
      // -P: every preset in /etc/mkinitcpio.d, i.e. every installed kernel (mkinitcpio(8)).
      return [{ argv: ['mkinitcpio', '-P'], reason: 'rebuild the initramfs of every installed kernel (mkinitcpio presets)' }];
    case 'dracut':
      return [{ argv: ['dracut', '-f', '--regenerate-all'], reason: 'rebuild the initramfs of every installed kernel (dracut)' }];
    case 'initramfs-tools':
      return [{ argv: ['update-initramfs', '-u', '-k', 'all'], reason: 'rebuild the initramfs of every installed kernel (initramfs-tools)' }];
    case 'booster':
      // Shipped by the booster package; rebuilds /boot/booster-*.img for every kernel in /usr/lib/modules.
      return [{ argv: ['/usr/lib/booster/regenerate_images'], reason: 'rebuild the booster image of every installed kernel' }];
  }
}
