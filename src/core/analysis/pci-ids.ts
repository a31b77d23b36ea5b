// Names from the pci.ids database (https://pci-ids.ucw.cz/, format described in the file's own header):
//   vendor  vendor_name          (four hex digits at column 0, two spaces)
//   \tdevice  device_name        (one tab)
//   \t\tsubvendor subdevice  subsystem_name
// followed by a class section whose lines start with "C ". Parsing the whole 1.3 MB file costs ~70 ms, so this
// looks up only the ids asked for, with the engine's native string search: the file lists
// vendors in ascending order and each vendor's devices likewise (it is generated sorted; pciutils' lib/names
// does not rely on it, so neither does the result: an id out of order is only searched further), so the
// wanted ids, sorted, are found in one forward pass over the file and over each wanted vendor's block. A
// line-by-line scan of the blocks (Intel's is thousands of lines) cost several ms a run.

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

/**
 * The database as it is searched: a string, or the file's bytes searched in place (src/host/pci-names.ts), which
 * spares decoding 1.3 MB to look up a few dozen ids. Offsets are in the same units as `length`; the needles are
 * ASCII, so bytes and characters agree on them.
 */
export interface PciIdsText {
  readonly length: number;
  indexOf(needle: string, from: number): number;
  startsWith(prefix: string): boolean;
  /** The text between two offsets (a name), decoded. */
  text(start: number, end: number): string;
  /** The part between two offsets, searched on its own (a vendor's block). */
  part(start: number, end: number): PciIdsText;
}

export function pciIdsString(s: string): PciIdsText {
  return {
    length: s.length,
    indexOf: (needle, from) => s.indexOf(needle, from),
    startsWith: (prefix) => s.startsWith(prefix),
    text: (start, end) => s.slice(start, end),
    part: (start, end) => pciIdsString(s.slice(start, end)),
  };
}

const lineEnd = (text: PciIdsText, from: number): number => {
  const i = text.indexOf('\n', from);
  return i === -1 ? text.length : i;
};

/** Where the vendor's line starts at or after `from`, or -1. Ids are matched lowercase, as pci.ids writes them. */
function findVendor(text: PciIdsText, vendor: string, from: number): number {
  if (from === 0 && text.startsWith(`${vendor}  `)) return 0;
  const i = text.indexOf(`\n${vendor}  `, Math.max(0, from - 1));
  return i === -1 ? -1 : i + 1;
}

/**
 * Where the block that starts at `from` ends: the next line that starts with a hex digit (only vendor lines
 * do; device lines start with a tab) or the class section. Vendors ascend, so the next vendor line starts
 * with the same first digit as this one or a later digit: usually the first search finds it close by.
 */
function blockEnd(text: PciIdsText, from: number, vendor: string): number {
  for (let d = Number.parseInt(vendor[0]!, 16); d < 16; d++) {
    const i = text.indexOf(`\n${d.toString(16)}`, from - 1);
    if (i !== -1) return i + 1;
  }
  const c = text.indexOf('\nC ', from - 1);
  return c === -1 ? text.length : c + 1;
}

export function lookupNames(db: string | PciIdsText, wanted: readonly PciIdsQuery[]): PciNames {
  const text = typeof db === 'string' ? pciIdsString(db) : db;
  const byVendor = new Map<string, Set<string>>();
  for (const q of wanted) {
    const v = q.vendor.toLowerCase();
    if (!byVendor.has(v)) byVendor.set(v, new Set());
    byVendor.get(v)!.add(q.device.toLowerCase());
  }
  const names: PciNames = { vendors: new Map(), devices: new Map() };
  let cursor = 0;
  for (const vendor of [...byVendor.keys()].sort()) {
    if (!/^[0-9a-f]{4}$/.test(vendor)) continue;
    // in order, the search goes on from the last vendor found; an unsorted file falls back to the whole text
    const at = findVendor(text, vendor, cursor);
    const found = at !== -1 ? at : findVendor(text, vendor, 0);
    if (found === -1) continue;
    if (at !== -1) cursor = at;
    const end = lineEnd(text, found);
    names.vendors.set(vendor, text.text(found + 6, end).trimEnd());
    findDevices(text.part(end, blockEnd(text, end + 1, vendor)), byVendor.get(vendor)!, (id, name) => names.devices.set(`${vendor}:${id}`, name));
  }
  return names;
}

/** The wanted device lines ("\tdddd  name") of one vendor's block, the block starting at its first newline. */
function findDevices(block: PciIdsText, wanted: Set<string>, found: (id: string, name: string) => void): void {
  let cursor = 0;
  for (const id of [...wanted].sort()) {
    if (!/^[0-9a-f]{4}$/.test(id)) continue;
    const needle = `\n\t${id}  `;
    const i = block.indexOf(needle, cursor);
    const at = i !== -1 ? i : block.indexOf(needle, 0);
    if (at === -1) continue;
    if (i !== -1) cursor = i;
    found(id, block.text(at + needle.length, lineEnd(block, at + 1)).trimEnd());
  }
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
