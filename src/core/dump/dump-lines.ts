// One line of a pasted dump, classified. The formats people post (test/fixtures/real-hosts):
//   classic script   "IOMMU Group 12:" then "\t01:00.0 VGA compatible controller [0300]: ... [10de:2206] (rev a1)"
//   variants         lowercase "IOMMU group 12" (no colon), "IOMMU GROUP 12" + " (12) <line>", spaces instead of
//                    tabs, the device on the header line ("IOMMU Group 3:00:06.0 ...", no space after the colon),
//                    "[RESET]" tags before the line, 0000: domain prefixes (lspci -D)
//   lspci -nn(k)     the same device lines without groups, with indented "Kernel driver in use:" lines
//   ls-iommu table   "Group 12:  [10de:2206] [R] 01:00.0  VGA compatible controller   GA102 [GeForce RTX 3080]"
//                    with "USB:  [046d:c52b]  Bus 009 Device 002  Logitech, Inc. Unifying Receiver" lines
// Everything else (prose, markdown, prompts, neofetch) is noise.
import { normalizeAddress } from '../address.js';
import { classFromName } from './class-names.js';

export interface DumpFunction {
  address: string;
  vendor: string | null;
  device: string | null;
  class: string | null;
  revision: string | null;
  name: string | null;
}

export type DumpLine =
  | { kind: 'group'; group: number; fn: DumpFunction | null; table: boolean }
  | { kind: 'device'; fn: DumpFunction; table: boolean }
  | { kind: 'driver'; driver: string }
  | { kind: 'modules' }
  /** Another indented `Key: value` line of `lspci -k`/`-v` (DeviceName, Flags, ...): part of the device block. */
  | { kind: 'detail' }
  | { kind: 'subsystem'; vendor: string; device: string }
  | { kind: 'usb'; vendor: string; product: string; port: string; name: string }
  | { kind: 'cmdline'; text: string }
  | { kind: 'cpu'; vendor: 'intel' | 'amd' }
  | { kind: 'blank' }
  /** A group header whose number no kernel gives (ida_alloc() in drivers/iommu/iommu.c returns a non-negative int). */
  | { kind: 'bad-group'; text: string }
  /** Noise that begins like a PCI function or a group header: worth a note, since skipping it may change a verdict. */
  | { kind: 'noise'; text: string; suspect: boolean };

const ADDR = String.raw`(?:[0-9a-fA-F]{4}:)?[0-9a-fA-F]{2}:[0-1][0-9a-fA-F]\.[0-7]`;
const GROUP_HEADER = /^IOMMU\s+group\s+(\d+)\s*(?::\s*|\s+|$)(.*)$/i;
// `(12) ` prefix (host-03), `[RESET]` tag (host-05 part B): both say nothing the header does not.
const PREFIX = /^(?:\(\d+\)\s*)?(?:\[[A-Z]+\]\s*)?/;
const LSPCI = new RegExp(String.raw`^(${ADDR})\s+(.*?)\s*\[([0-9a-fA-F]{4})\]:\s*(.*)$`);
const SHORT = new RegExp(String.raw`^(${ADDR})\s+([^:\[]+?):\s*(.*)$`);
const IDS_AT_END = /\[([0-9a-fA-F]{4}):([0-9a-fA-F]{4})\]/g;
// \u2026, not the character itself: the bundle is ASCII, which its loader reads as latin1 (scripts/build.mjs)
const CUT_IDS = /\s*\[([0-9a-fA-F]{4})(?::[0-9a-fA-F]{0,3})?(?:\.\.\.|\u2026)?\s*$/;
const REV = /\s*\(rev ([0-9a-fA-F]{2})\)/;
const TABLE = new RegExp(
  String.raw`^(?:Group\s+(\d+):)?\s*\[([0-9a-fA-F]{4}):([0-9a-fA-F]{4})\]\s+(?:\[R\]\s+)?(${ADDR})(?:\s+|\t)(.*)$`,
);
const USB = /^USB:\s+\[([0-9a-fA-F]{4}):([0-9a-fA-F]{4})\]\s+(Bus \d+ Device \d+)\s+(.*)$/;
const CPU = /^vendor_id\s*:\s*(GenuineIntel|AuthenticAMD)\s*$/;

/** Largest IOMMU group number: the kernel numbers groups with an int from ida_alloc() (drivers/iommu/iommu.c). */
export const MAX_GROUP = 0x7fffffff;
const SUSPECT = new RegExp(String.raw`^(?:\(\d+\)\s*)?(?:\[[A-Z]+\]\s*)?(?:${ADDR}\s|IOMMU\s+group\b|Group\s+\d+:)`, 'i');

/** `marked`: the line lost a `#`/`>`/`$` marker (dump-text.ts), so its indentation says nothing. */
export function classifyLine(raw: string, marked = false): DumpLine {
  const line = raw.trim();
  if (line === '') return { kind: 'blank' };
  const indented = marked || /^\s/.test(raw);
  const header = GROUP_HEADER.exec(line);
  if (header) {
    if (!validGroup(header[1]!)) return { kind: 'bad-group', text: line };
    const rest = header[2]!.trim();
    const fn = rest === '' ? null : parseFunction(rest);
    if (rest === '' || fn) return { kind: 'group', group: Number(header[1]), fn, table: false };
  }
  const table = TABLE.exec(line);
  if (table && (table[1] !== undefined || indented)) {
    const fn = tableFunction(table);
    if (table[1] !== undefined) {
      if (!validGroup(table[1])) return { kind: 'bad-group', text: line };
      return { kind: 'group', group: Number(table[1]), fn, table: true };
    }
    return { kind: 'device', fn, table: true };
  }
  const usb = USB.exec(line);
  if (usb) return { kind: 'usb', vendor: lc(usb[1]!), product: lc(usb[2]!), port: usb[3]!, name: usb[4]!.trim() };
  const detail = /^(Kernel driver in use|Kernel modules|Subsystem):\s*(.*)$/.exec(line);
  if (detail && indented) return lspciDetail(detail[1]!, detail[2]!.trim());
  const fn = parseFunction(line);
  if (fn) return { kind: 'device', fn, table: false };
  if (indented && /^[A-Z][\w /-]*:\s/.test(line)) return { kind: 'detail' };
  if (/^BOOT_IMAGE=\S/.test(line)) return { kind: 'cmdline', text: line };
  const cpu = CPU.exec(line);
  if (cpu) return { kind: 'cpu', vendor: cpu[1] === 'GenuineIntel' ? 'intel' : 'amd' };
  return { kind: 'noise', text: line, suspect: SUSPECT.test(line) };
}

function validGroup(digits: string): boolean {
  return digits.length <= 10 && Number(digits) <= MAX_GROUP;
}

function lspciDetail(key: string, value: string): DumpLine {
  if (key === 'Kernel driver in use') return value === '' ? { kind: 'modules' } : { kind: 'driver', driver: value };
  if (key === 'Kernel modules') return { kind: 'modules' };
  const ids = [...value.matchAll(IDS_AT_END)].pop();
  return ids ? { kind: 'subsystem', vendor: lc(ids[1]!), device: lc(ids[2]!) } : { kind: 'noise', text: value, suspect: false };
}

/** An `lspci -nn` line (or a cut-off one, or the short `lspci` form); null when the text is not a device. */
export function parseFunction(text: string): DumpFunction | null {
  const line = text.replace(PREFIX, '');
  const m = LSPCI.exec(line);
  if (m) return lspciFunction(m[1]!, m[3]!, m[4]!);
  // Short `lspci` (no -nn): `00:1d.0 PCI bridge: Intel Corporation Device 7ab0 (rev 11)`: no ids, class by name.
  const s = SHORT.exec(line);
  const cls = s ? classFromName(s[2]!) : null;
  if (!s || cls === null) return null;
  const { rest, revision } = takeRevision(s[3]!);
  return { address: normalizeAddress(s[1]!)!, vendor: null, device: null, class: cls, revision, name: rest || null };
}

function lspciFunction(address: string, cls: string, tail: string): DumpFunction {
  const { rest, revision } = takeRevision(tail);
  const all = [...rest.matchAll(IDS_AT_END)];
  const ids = all.pop();
  let name = rest;
  let vendor: string | null = null;
  let device: string | null = null;
  if (ids && ids.index !== undefined) {
    vendor = lc(ids[1]!);
    device = lc(ids[2]!);
    name = rest.slice(0, ids.index);
  } else {
    // A line cut off inside the ids (host-16: "... [1002:a..."): keep the vendor if it is whole, never guess the device.
    const cut = CUT_IDS.exec(rest);
    if (cut) {
      vendor = lc(cut[1]!);
      name = rest.slice(0, cut.index);
    }
  }
  return { address: normalizeAddress(address)!, vendor, device, class: lc(cls), revision, name: name.trim() || null };
}

function tableFunction(m: RegExpExecArray): DumpFunction {
  // Class name and device name are separated by a run of spaces or a tab; class names contain single spaces.
  const rest = m[5]!.trim();
  const split = /^(.*?)(?:\s{2,}|\t)(.*)$/.exec(rest);
  const className = split ? split[1]! : rest;
  const name = split ? split[2]!.trim() : null;
  return {
    address: normalizeAddress(m[4]!)!,
    vendor: lc(m[2]!),
    device: lc(m[3]!),
    class: classFromName(className),
    revision: null,
    name: name || null,
  };
}

function takeRevision(text: string): { rest: string; revision: string | null } {
  const rev = REV.exec(text);
  if (!rev) return { rest: text.trim(), revision: null };
  return { rest: (text.slice(0, rev.index) + text.slice(rev.index + rev[0].length)).trim(), revision: lc(rev[1]!) };
}

const lc = (s: string) => s.toLowerCase();
