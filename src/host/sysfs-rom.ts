// A PCI function's expansion ROM through sysfs: "The 'rom' file is special in that it provides read-only access
// to the device's ROM file, if available. It's disabled by default, however, so applications should write the
// string "1" to the file to enable it before attempting a read call, and disable it following the access by
// writing "0" to the file" (Documentation/PCI/sysfs-pci.rst, "Accessing files").
// Only on the real root: under another root the tree is a copy, where writing would change the copy's bytes.
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { EnvironmentError } from '../core/errors.js';

// GPU ROMs are at most a few MiB (the ROM BAR of a current card is 128 KiB to 2 MiB).
const MAX_ROM = 16 * 1024 * 1024;

export function readSysfsRom(root: string, address: string): Buffer {
  const path = join(root, 'sys/bus/pci/devices', address, 'rom');
  const real = resolve(root) === '/';
  try {
    if (real) writeFileSync(path, '1');
    const data = readFileSync(path);
    if (data.length > MAX_ROM) throw new EnvironmentError(`${path} is ${data.length} bytes: not a ROM`, 'check the address');
    return data;
  } catch (e) {
    if (e instanceof EnvironmentError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'the function has no ROM BAR' : code === 'EACCES' ? 'permission denied (run it with sudo)' : (e as Error).message;
    throw new EnvironmentError(`cannot read the ROM of ${address}: ${why}`, 'a card the host has not used since boot reads best; some cards only give it after a host reboot');
  } finally {
    if (real) {
      try { writeFileSync(path, '0'); } catch { /* disabling a ROM we could not enable */ }
    }
  }
}
