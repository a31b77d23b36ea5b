// `vm attach --rom FILE`: the file libvirt hands QEMU must exist on the host and be a ROM image; it is checked
// under --root (the host as dgpu sees it), while the domain names it as the host does.
import { closeSync, openSync, readSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from '../core/errors.js';
import { hasRomSignature } from '../core/rom/vbios.js';

export function checkRomFile(root: string, path: string): void {
  if (!path.startsWith('/')) throw new UsageError(`--rom ${path} is not an absolute path`, 'libvirt opens the file as QEMU runs: give its full path on the host');
  const head = Buffer.alloc(2);
  let n = 0;
  let fd: number | undefined;
  try {
    fd = openSync(join(root, path), 'r');
    n = readSync(fd, head, 0, 2, 0);
  } catch (e) {
    throw new UsageError(`--rom ${path}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`, 'dump the card\'s ROM with `dgpu rom dump ADDR FILE`, or give the path of a VBIOS image');
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
  if (!hasRomSignature(head.subarray(0, n))) {
    throw new UsageError(`--rom ${path} is not a ROM image: it does not start with the 0x55AA signature`, 'a VBIOS from a flash tool may carry a header before the image: cut it off, or dump the card with `dgpu rom dump`');
  }
}
