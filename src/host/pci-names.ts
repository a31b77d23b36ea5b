// Fills in names from pci.ids: the root's database first, else the running system's (a snapshot carries
// none). A missing database or an unknown id leaves the names null (issue 2; DOMAIN.md).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PciFunction } from '../core/host.js';
import { lookupNames } from '../core/analysis/pci-ids.js';

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

/** Returns the devices with `name` and `vendorName` set where the database knows them. */
export function nameDevices(devices: PciFunction[], pciIds: string | null): PciFunction[] {
  if (pciIds === null) return devices;
  const wanted = devices.flatMap((d) => (d.vendor && d.device ? [{ vendor: d.vendor, device: d.device }] : []));
  const names = lookupNames(pciIds, wanted);
  return devices.map((d) => ({
    ...d,
    vendorName: d.vendor ? fromLatin1(names.vendors.get(d.vendor)) : null,
    name: d.vendor && d.device ? fromLatin1(names.devices.get(`${d.vendor}:${d.device}`)) : null,
  }));
}
