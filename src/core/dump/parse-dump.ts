// `dgpu scan --from FILE`: builds the Host model from a pasted text dump. What a dump does not state
// stays null; boot_vga, modalias and the kernel modules are never in one. A text with no PCI function in any
// known format is a usage error, never an empty Host. One pass over the lines with constant work per line
// (60,000 functions in well under a second); what was skipped or cleaned is a note with its line.
import { UsageError } from '../errors.js';
import { emptyHost, groupsOf, type Host, type PciFunction, type UsbBus } from '../host.js';
import { compareAddress } from '../address.js';
import { isUsbController } from '../pci-class.js';
import { printable, printableOrNull } from '../printable.js';
import { classifyLine, MAX_GROUP, type DumpFunction, type DumpLine } from './dump-lines.js';
import { DumpNotes, textLines } from './dump-text.js';
import { VmmRecord, vmmTag } from './vmm-record.js';

export const DUMP_FORMATS = [
  'the "IOMMU Group N:" listing of `lspci -nn` lines (any indentation, one- or multi-line)',
  '`lspci -nn`, `lspci -nnk` or `lspci -nnD` output',
  'the ls-iommu / iommu.sh table ("Group N: [vvvv:dddd] [R] 00:01.0  PCI bridge  name")',
  '`lspci -vmm` records (with -nn for ids; IOMMUGroup: where lspci prints it)',
  'any of these with lines behind "#", "> " or "$ ", in Markdown code fences or quotes',
];

export interface DumpImport {
  host: Host;
  /**
   * What the importer set aside or cleaned, one line each, safe to print (a second, conflicting snapshot; ids
   * that disagree; "line N: ..." for a skipped line, removed control characters, a function outside every group).
   */
  notes: string[];
}

interface Entry extends DumpFunction {
  line: number;
  group: number | null;
  driver: string | null;
  subsystemVendor: string | null;
  subsystemDevice: string | null;
}

/** One contiguous group listing or lspci section: merged into the result only when it agrees with it. */
interface Section {
  grouped: boolean;
  entries: Entry[];
  addresses: Set<string>;
  usb: Array<{ controller: string; line: Extract<DumpLine, { kind: 'usb' }> }>;
}

export function parseDump(text: string): Host {
  return importDump(text).host;
}

export function importDump(text: string): DumpImport {
  const lineNotes = new DumpNotes();
  const scan = scanSections(text, lineNotes);
  const notes: string[] = [];
  const merged = new Map<string, Entry>();
  const groupSections = scan.sections.filter((s) => s.grouped);
  for (const s of groupSections) mergeSection(merged, s, notes);
  for (const s of scan.sections.filter((x) => !x.grouped)) mergeSection(merged, s, notes);
  if (merged.size === 0) {
    throw new UsageError('the dump holds no PCI function in a known format', `accepted: ${DUMP_FORMATS.join('; ')}`);
  }
  if (groupSections.length > 0) {
    for (const e of merged.values()) {
      if (e.group === null) lineNotes.add('ungrouped', `line ${e.line}: ${e.address} is outside every IOMMU group listing; its group is unknown`);
    }
  }
  const host = emptyHost('dump');
  host.devices = [...merged.values()].sort((a, b) => compareAddress(a.address, b.address)).map(toFunction);
  host.iommuGroups = groupSections.length > 0 ? groupsOf(host.devices) : null;
  host.cmdline = scan.cmdline;
  host.cpuVendor = scan.cpuVendor;
  host.known = { drivers: scan.hasDrivers, bootVga: false };
  host.usb = usbOf(host.devices, scan.sections, notes);
  return { host, notes: [...notes, ...lineNotes.list()] };
}

interface Scan {
  sections: Section[];
  cmdline: string | null;
  cpuVendor: Host['cpuVendor'];
  hasDrivers: boolean;
}

interface Cursor {
  section: Section | null;
  /** The open group, while the listing goes on. */
  group: number | null;
  /** The device that indented detail lines (driver, subsystem) belong to. */
  last: Entry | null;
  usbController: string | null;
  wantCmdline: boolean;
  /** Number of the line being read. */
  line: number;
}

function scanSections(text: string, notes: DumpNotes): Scan {
  const out: Scan = { sections: [], cmdline: null, cpuVendor: null, hasDrivers: false };
  const c: Cursor = { section: null, group: null, last: null, usbController: null, wantCmdline: false, line: 0 };
  let record: { number: number; vmm: VmmRecord } | null = null;
  const flush = () => {
    if (record === null) return;
    c.line = record.number;
    const lines = record.vmm.lines();
    // A record without IOMMUGroup (an AMD root complex, or -vmm from an lspci without groups) joins no open group.
    if (lines[0]!.kind === 'device') step(out, c, { kind: 'noise', text: '', suspect: false });
    for (const line of lines) read(out, c, notes, line, record.number);
    record = null;
  };
  for (const { number, text: raw, marked } of textLines(text, notes)) {
    const tag = vmmTag(raw);
    if (tag?.tag === 'Slot') {
      flush();
      record = { number, vmm: new VmmRecord(tag.value) };
      continue;
    }
    if (record !== null && tag !== null) {
      record.vmm.add(tag.tag, tag.value);
      continue;
    }
    flush();
    read(out, c, notes, classifyLine(raw, marked), number);
  }
  flush();
  return out;
}

function read(out: Scan, c: Cursor, notes: DumpNotes, line: DumpLine, number: number): void {
  c.line = number;
  if (line.kind === 'bad-group') {
    // A group number no kernel gives is a damaged or forged dump: guessing its members' group would decide viability.
    throw new UsageError(`line ${number} of the dump names an IOMMU group beyond ${MAX_GROUP}: ${printable(line.text).slice(0, 120)}`, 'fix or remove that line; group numbers come from /sys/kernel/iommu_groups');
  }
  if (line.kind === 'noise' && line.suspect) notes.add('suspect', `line ${number}: skipped, not in a known format: ${printable(line.text).slice(0, 120)}`);
  step(out, c, line);
  if (line.kind !== 'blank' && line.kind !== 'noise') c.wantCmdline = false;
}

function open(out: Scan, c: Cursor, grouped: boolean): Section {
  if (c.section && c.section.grouped === grouped) return c.section;
  c.section = { grouped, entries: [], addresses: new Set(), usb: [] };
  out.sections.push(c.section);
  return c.section;
}

function add(c: Cursor, s: Section, fn: DumpFunction, group: number | null): void {
  // Spelled out, not spread: on a 60,000-function dump the spread copy was the reader's largest single cost.
  c.last = {
    address: fn.address, vendor: fn.vendor, device: fn.device, class: fn.class, revision: fn.revision, name: fn.name,
    line: c.line, group, driver: null, subsystemVendor: null, subsystemDevice: null,
  };
  s.entries.push(c.last);
  s.addresses.add(fn.address);
  c.usbController = isUsbController(fn.class) ? fn.address : null;
}

function step(out: Scan, c: Cursor, line: DumpLine): void {
  switch (line.kind) {
    case 'group':
      c.group = line.group;
      if (line.fn) add(c, open(out, c, true), line.fn, line.group);
      else open(out, c, true);
      return;
    case 'device': {
      // In an open listing a device line is a member, unless its address is already there (a plain lspci
      // paste right after the listing).
      const s = c.section;
      if (c.group !== null && s?.grouped && !s.addresses.has(line.fn.address)) {
        add(c, s, line.fn, c.group);
      } else {
        c.group = null;
        add(c, open(out, c, false), line.fn, null);
      }
      return;
    }
    case 'driver':
      out.hasDrivers = true;
      if (c.last) c.last.driver = line.driver;
      return;
    case 'modules':
      out.hasDrivers = true;
      return;
    case 'subsystem':
      if (c.last) Object.assign(c.last, { subsystemVendor: line.vendor, subsystemDevice: line.device });
      return;
    case 'usb':
      if (c.section) c.section.usb.push({ controller: c.usbController ?? '', line });
      return;
    case 'cmdline':
      out.cmdline ??= line.text;
      return;
    case 'cpu':
      out.cpuVendor ??= line.vendor;
      return;
    case 'blank':
    case 'detail':
    case 'bad-group':
      return;
    case 'noise':
      // `cat /proc/cmdline` alone on a prompt line: the next line is the command line (systemd-boot hosts
      // have no BOOT_IMAGE=). Any other text ends the open listing.
      if (c.wantCmdline && out.cmdline === null && /^\S+=/.test(line.text)) out.cmdline = line.text;
      c.wantCmdline = /cat \/proc\/cmdline\s*$/.test(line.text);
      Object.assign(c, { section: null, group: null, last: null, usbController: null });
  }
}

/**
 * Adds a section's functions. A later section that contradicts what is already there (same address, other
 * ids or another group) is a different snapshot of the machine (host-05 part B, host-07 part B): a grouped one
 * is set aside whole; an lspci one adds only the functions that agree.
 */
function mergeSection(merged: Map<string, Entry>, s: Section, notes: string[]): void {
  const clashes = new Set(s.entries.filter((e) => {
    const old = merged.get(e.address);
    return old !== undefined && (idsDiffer(old, e) || (s.grouped && old.group !== e.group));
  }));
  if (s.grouped && clashes.size > 0) {
    notes.push(`set aside a second IOMMU group listing that contradicts the first at ${[...clashes][0]!.address}`);
    s.usb.length = 0;
    return;
  }
  for (const e of s.entries) {
    const old = merged.get(e.address);
    if (old === undefined) merged.set(e.address, e); // sections are not read again after merging
    else if (clashes.has(e)) notes.push(`ignored lspci details of ${e.address}: its ids differ from the group listing`);
    else fill(old, e);
  }
}

function idsDiffer(a: DumpFunction, b: DumpFunction): boolean {
  const differ = (x: string | null, y: string | null) => x !== null && y !== null && x !== y;
  return differ(a.vendor, b.vendor) || differ(a.device, b.device);
}

function fill(into: Entry, from: Entry): void {
  for (const k of Object.keys(from) as Array<keyof Entry>) {
    if (into[k] === null && from[k] !== null) (into as unknown as Record<string, unknown>)[k] = from[k];
  }
}

function toFunction(e: Entry): PciFunction {
  return {
    address: e.address,
    vendor: e.vendor,
    device: e.device,
    class: e.class,
    revision: e.revision,
    subsystemVendor: e.subsystemVendor,
    subsystemDevice: e.subsystemDevice,
    driver: e.driver,
    iommuGroup: e.group,
    bootVga: null,
    modalias: null,
    name: printableOrNull(e.name),
    vendorName: null,
    driverOverride: null,
    bars: null,
  };
}

/** ls-iommu lists what is plugged into every controller, so with any USB: line every controller is known. */
function usbOf(devices: PciFunction[], sections: Section[], notes: string[]): UsbBus[] | null {
  const lines = sections.flatMap((s) => s.usb);
  if (lines.length === 0) return null;
  const buses = devices.filter((d) => isUsbController(d.class)).map((d): UsbBus => ({ controller: d.address, devices: [] }));
  const byController = new Map(buses.map((b) => [b.controller, b]));
  for (const { controller, line } of lines) {
    const bus = byController.get(controller);
    if (!bus) {
      notes.push(`USB device ${line.vendor}:${line.product} follows no USB controller`);
      continue;
    }
    if (line.name.toLowerCase().includes('root hub')) continue; // the controller itself, not something plugged in
    bus.devices.push({
      port: line.port,
      vendor: line.vendor,
      product: line.product,
      manufacturerName: null,
      productName: printable(line.name),
      // ls-iommu prints names only; the HID boot protocol is not in it. A name that says so is what we have.
      keyboard: /keyboard|\bkbd\b/i.test(line.name),
      mouse: /\bmouse\b|trackball/i.test(line.name),
    });
  }
  return buses;
}
