// Device nodes under <root>/dev that decide the VM steps: /dev/vfio/N (one per IOMMU group vfio holds, see the
// kernel's Documentation/driver-api/vfio.rst) and udev's persistent input links /dev/input/by-id.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

/** The names in <root>/dev/vfio; null when the folder is missing (vfio not loaded). */
export function listDevVfio(root: string): string[] | null {
  try {
    return readdirSync(join(root, 'dev/vfio'));
  } catch {
    return null;
  }
}

/** The event devices under <root>/dev/input/by-id, for `--input evdev`; none when the folder is missing. */
export function listInputById(root: string): string[] {
  try {
    return readdirSync(join(root, 'dev/input/by-id')).filter((n) => /-event-/.test(n));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw e;
  }
}
