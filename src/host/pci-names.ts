// Fills in names from pci.ids: the root's database first, else the running system's (a snapshot carries
// none). A missing database or an unknown id gives lspci's numeric name, never an empty one.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PciFunction } from '../core/host.js';
import { lookupNames, lspciName } from '../core/analysis/pci-ids.js';
import { printableOrNull } from '../core/printable.js';

const DATABASES = ['usr/share/misc/pci.ids', 'usr/share/hwdata/pci.ids'];

/**
 * The database as a latin1 string: decoding 1.3 MB as latin1 is a copy, as UTF-8 it costs ~10 ms. The ids
 * and layout are ASCII, so lookups work the same; the few names found are re-decoded as UTF-8 (fromLatin1).
 */
export function readPciIds(root: string): string | null {
  for (const base of [root, '/']) {
    for (const rel of DATABASES) {
      try {
        return readFileSync(join(base, rel), 'latin1');
      } catch {
        // try the next place
      }
    }
  }
  return null;
}

const decoded = new Map<string, string>();
function fromLatin1(s: string | undefined): string | null {
  if (s === undefined) return null;
  let d = decoded.get(s);
  if (d === undefined) decoded.set(s, (d = Buffer.from(s, 'latin1').toString('utf8')));
  return d;
}

/**
 * Returns the devices named as lspci names them (pciutils lib/names.c, checked against `lspci -i FILE`): the
 * vendor's and the device's names, `<vendor> Device 7aba` for an unknown device of a known vendor, and
 * `Device 1af4:1045` for an unknown vendor or with no database at all. Names are made printable.
 */
export function nameDevices(devices: PciFunction[], pciIds: string | null): PciFunction[] {
  const wanted = devices.flatMap((d) => (d.vendor && d.device ? [{ vendor: d.vendor, device: d.device }] : []));
  const names = pciIds === null ? null : lookupNames(pciIds, wanted);
  return devices.map((d) => {
    if (!d.vendor || !d.device) return d;
    const vendorName = printableOrNull(fromLatin1(names?.vendors.get(d.vendor)));
    const deviceName = printableOrNull(fromLatin1(names?.devices.get(`${d.vendor}:${d.device}`)));
    return { ...d, vendorName, name: lspciName(d.vendor, d.device, vendorName, deviceName) };
  });
}