// Names from the pci.ids database (https://pci-ids.ucw.cz/, format described in the file's own header):
//   vendor  vendor_name          (four hex digits at column 0, two spaces)
//   \tdevice  device_name        (one tab)
//   \t\tsubvendor subdevice  subsystem_name
// followed by a class section whose lines start with "C ". Parsing the whole 1.3 MB file costs ~70 ms
// (issue 2), so this looks up only the ids asked for: one indexOf per wanted vendor, then a scan of that
// vendor's block alone.

export interface PciIdsQuery {
  vendor: string;
  device: string;
}

export interface PciNames {
  /** `1002` → `Advanced Micro Devices, Inc. [AMD/ATI]` */
  vendors: Map<string, string>;
  /** `1002:73bf` → `Navi 21 [Radeon RX 6800/6800 XT / 6900 XT]` */
  devices: Map<string, string>;
}

const lineEnd = (text: string, from: number): number => {
  const i = text.indexOf('\n', from);
  return i === -1 ? text.length : i;
};

/** Where the vendor's line starts, or -1. Ids are matched lowercase, as pci.ids writes them. */
function findVendor(text: string, vendor: string): number {
  if (text.startsWith(`${vendor}  `)) return 0;
  const i = text.indexOf(`\n${vendor}  `);
  return i === -1 ? -1 : i + 1;
}

/** Scans the device lines of one vendor block (starting after the vendor line) for the wanted ids. */
function scanBlock(text: string, start: number, wanted: Set<string>, found: (id: string, name: string) => void): void {
  let pos = start;
  let left = wanted.size;
  while (pos < text.length && left > 0) {
    const end = lineEnd(text, pos);
    const c = text.charCodeAt(pos);
    if (c === 0x09 /* tab */) {
      // device lines have one tab, subsystem lines two; skip the latter
      if (text.charCodeAt(pos + 1) !== 0x09) {
        const id = text.slice(pos + 1, pos + 5);
        if (wanted.has(id) && text.startsWith('  ', pos + 5)) {
          found(id, text.slice(pos + 7, end).trimEnd());
          left--;
        }
      }
    } else if (c !== 0x23 /* # comment */ && end > pos) {
      return; // next vendor (or the class section): this block is done
    }
    pos = end + 1;
  }
}

export function lookupNames(text: string, wanted: readonly PciIdsQuery[]): PciNames {
  const byVendor = new Map<string, Set<string>>();
  for (const q of wanted) {
    const v = q.vendor.toLowerCase();
    if (!byVendor.has(v)) byVendor.set(v, new Set());
    byVendor.get(v)!.add(q.device.toLowerCase());
  }
  const names: PciNames = { vendors: new Map(), devices: new Map() };
  for (const [vendor, devices] of byVendor) {
    const at = findVendor(text, vendor);
    if (at === -1) continue;
    const end = lineEnd(text, at);
    names.vendors.set(vendor, text.slice(at + 6, end).trimEnd());
    scanBlock(text, end + 1, devices, (id, name) => names.devices.set(`${vendor}:${id}`, name));
  }
  return names;
}

/**
 * The name lspci prints for a function (pciutils lib/names.c, pci_lookup_name with VENDOR|DEVICE): both names,
 * `<vendor> Device 7aba` when only the vendor is known, `Device 1af4:1045` when the vendor is not (or there is no
 * database). Ids are the four lowercase hex digits of sysfs.
 */
export function lspciName(vendor: string, device: string, vendorName: string | null, deviceName: string | null): string {
  if (vendorName === null) return `Device ${vendor}:${device}`;
  return `${vendorName} ${deviceName ?? `Device ${device}`}`;
}
