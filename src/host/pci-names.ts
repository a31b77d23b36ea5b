// Fills in names from pci.ids: the root's database first, else the running system's (a snapshot carries
// none). A missing database or an unknown id gives lspci's numeric name, never an empty one.
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { PciFunction } from '../core/host.js';
import { lookupNames, lspciName, type PciIdsText } from '../core/analysis/pci-ids.js';
import { printableOrNull } from '../core/printable.js';

const DATABASES = ['usr/share/misc/pci.ids', 'usr/share/hwdata/pci.ids'];

/**
 * The database's bytes, searched in place (PciIdsText): no 1.3 MB string is made, and the few names found are
 * decoded as UTF-8 as they are taken. The root's database first, else the running system's; a missing one is
 * looked for without an exception (the first one a process throws costs a few hundred microseconds).
 */
export function readPciIds(root: string): PciIdsText | null {
  for (const base of [root, '/']) {
    for (const rel of DATABASES) {
      const path = join(base, rel);
      if (statSync(path, { throwIfNoEntry: false }) === undefined) continue;
      try {
        return pciIdsBytes(readFileSync(path));
      } catch {
        // unreadable: try the next place
      }
    }
  }
  return null;
}

function pciIdsBytes(b: Buffer): PciIdsText {
  return {
    length: b.length,
    indexOf: (needle, from) => b.indexOf(needle, from, 'latin1'),
    startsWith: (prefix) => b.toString('latin1', 0, prefix.length) === prefix,
    text: (start, end) => b.toString('utf8', start, end),
    part: (start, end) => pciIdsBytes(b.subarray(start, end)),
  };
}

/**
 * Names the devices as lspci names them (pciutils lib/names.c, checked against `lspci -i FILE`): the vendor's and
 * the device's names, `<vendor> Device 7aba` for an unknown device of a known vendor, and `Device 1af4:1045` for
 * an unknown vendor or with no database at all. Names are made printable. The reader's own objects, just made,
 * are named in place, each pair of ids once: copying every object and naming every function anew cost about 1 ms
 * of a fresh process on 1,000 functions.
 */
export function nameDevices(devices: PciFunction[], pciIds: string | PciIdsText | null): PciFunction[] {
  const wanted = devices.flatMap((d) => (d.vendor && d.device ? [{ vendor: d.vendor, device: d.device }] : []));
  const names = pciIds === null ? null : lookupNames(pciIds, wanted);
  const made = new Map<string, { vendorName: string | null; name: string }>();
  for (const d of devices) {
    if (!d.vendor || !d.device) continue;
    const key = `${d.vendor}:${d.device}`;
    let named = made.get(key);
    if (named === undefined) {
      const vendorName = printableOrNull(names?.vendors.get(d.vendor) ?? null);
      named = { vendorName, name: lspciName(d.vendor, d.device, vendorName, printableOrNull(names?.devices.get(key) ?? null)) };
      made.set(key, named);
    }
    d.vendorName = named.vendorName;
    d.name = named.name;
  }
  return devices;
}
