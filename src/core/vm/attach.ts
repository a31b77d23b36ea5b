// `vm attach`, the pure part: the Virt-Manager step of the guide (docs/domain.md, "The five steps", step 4) done on the domain XML.
// Idempotent by construction: hostdevs already there for the same host addresses are kept (with their <rom>,
// <driver>...) and only moved when their guest placement is wrong, so a second run finds nothing to do.
import { EditError, UsageError } from '../errors.js';
import { CLASS, baseSub, isDisplay, isUsbController } from '../pci-class.js';
import { compareAddress, parseAddress } from '../address.js';
import { addrKey, hex, readDomain, type DomainView, type PciHostdev } from './domain.js';
import { attr, kids, type XElement } from './xml-doc.js';
import { XmlEditor, type NewElement } from './xml-edit.js';
import { Occupancy, type NewBridge, type Slot } from './placement.js';
import { vfioOnCommandline } from './qemu-commandline.js';
import { ensureTopoext } from './topoext.js';
import { applyDisplayAndInput } from './attach-io.js';
import { insertDevices } from './device-order.js';
import { romElement, setRom, type RomRequest } from './rom.js';
import { pushTo } from '../multimap.js';

export interface AttachFunction {
  /** Host PCI address, `0000:0a:00.0`. */
  address: string;
  /** Class as the Host knows it (`030000`), or null. */
  class: string | null;
}

export type InputMode = 'usb' | 'evdev' | 'keep';

export interface AttachRequest {
  /** Every function of the GPU (one card: same domain:bus:slot). */
  functions: AttachFunction[];
  /** Other devices to pass, each on a slot of its own (USB controllers for `--input usb`). */
  also: AttachFunction[];
  cpuVendor: 'intel' | 'amd' | null;
  input: InputMode;
  keepDisplay: boolean;
  /** `/dev/input/by-id/...-event-kbd` and `-event-mouse` for `--input evdev`. */
  evdev?: { keyboard: string | null; mouse: string | null };
  /** `--rom FILE` / `--rom-bar`: the <rom> of the GPU's function 0 (rom.ts). */
  rom?: RomRequest;
}

export interface AttachResult {
  xml: string;
  warnings: string[];
}

/** Display function first (guest function 0), audio next (1), the rest in host order (docs/domain.md, "libvirt"). */
export function orderFunctions(fns: AttachFunction[]): AttachFunction[] {
  const rank = (f: AttachFunction) => (isDisplay(f.class) ? 0 : baseSub(f.class) === CLASS.audio ? 1 : 2);
  return [...fns].sort((a, b) => rank(a) - rank(b) || compareAddress(a.address, b.address));
}

export function attachGpu(xml: string, req: AttachRequest, source = 'domain XML'): AttachResult {
  const view = readDomain(xml, source);
  const fns = orderFunctions(req.functions);
  if (fns.length === 0 || !isDisplay(fns[0]!.class)) {
    throw new UsageError(`${fns[0]?.address ?? '--gpu'} is not a display function`, 'pass the GPU itself (class 03xx) with --gpu; `dgpu scan` lists them');
  }
  const overlap = req.also.find((a) => fns.some((f) => f.address === a.address));
  if (overlap) throw new UsageError(`--also ${overlap.address} is a function of the GPU itself`, 'every function of the GPU is passed already; drop it from --also');
  const usbGiven = req.also.some((a) => isUsbController(a.class));
  if (req.input === 'usb' && !usbGiven) {
    throw new UsageError('--input usb needs a USB controller to pass', 'add --also ADDR with a USB controller of the host (`dgpu scan` lists them), or use --input evdev');
  }
  if (req.input === 'evdev' && !req.evdev?.keyboard && !req.evdev?.mouse) {
    throw new UsageError('--input evdev: no keyboard or mouse found under /dev/input/by-id', 'plug them in, or use --input usb or keep');
  }

  refuseCommandlinePassthrough(view, [...fns, ...req.also], source);
  const ed = new XmlEditor(xml, view.root);
  const warnings: string[] = [];
  const bySource = groupBySource(view.hostdevs);
  const duplicates = [...bySource.values()].flatMap((list) => list.slice(1));
  const gpuKept = fns.map((f) => bySource.get(f.address)?.[0] ?? null);
  const moving = new Set<XElement>([...duplicates, ...gpuKept.filter((h) => h !== null)].map((h) => h.el));
  const occ = new Occupancy(view, view.guestAddresses.filter((g) => !moving.has(g.owner)));

  const kept = keptSlot(gpuKept[0] ?? null, fns.length, occ);
  occ.reserve((kept ? 0 : 1) + req.also.filter((a) => !bySource.get(a.address)?.[0]?.guest).length);
  const gpuSlot = kept ?? occ.freeSlot(fns.length);
  fns.forEach((_, i) => occ.take(gpuSlot.bus, gpuSlot.slot, i));
  const added: NewElement[] = [];
  fns.forEach((f, i) => placeHostdev(ed, f.address, gpuKept[i] ?? null, { ...gpuSlot, fn: i, multifunction: i === 0 }, added, i === 0 ? req.rom : undefined));

  for (const a of req.also) {
    const kept = bySource.get(a.address)?.[0] ?? null;
    const busZero = onRootBus(a);
    if (kept?.guest && (!busZero || kept.guest.bus === 0)) {
      // already passed, on an address nothing else uses (readDomain checked that)
      if (attr(kept.el, 'managed') !== 'yes') ed.setAttr(kept.el, 'managed', 'yes');
      continue;
    }
    const s = busZero ? occ.freeRootBusSlot() : occ.freeSlot(1);
    occ.take(s.bus, s.slot, 0);
    placeHostdev(ed, a.address, kept, { ...s, fn: 0, multifunction: false }, added);
  }
  for (const d of duplicates) ed.remove(d.el);
  insertDevices(ed, view, 'controller', [...occ.newRootPorts.map((p) => rootPortElement(p)), ...occ.newBridges.map((b) => bridgeElement(b))]);
  insertDevices(ed, view, 'hostdev', added);

  const inputPath = req.input === 'evdev' || (req.input === 'usb' && usbGiven);
  applyDisplayAndInput(ed, view, { keepDisplay: req.keepDisplay, removeEmulatedInput: inputPath, evdev: req.input === 'evdev' ? req.evdev : undefined }, warnings);
  if (req.cpuVendor === 'amd') ensureTopoext(ed, view, warnings);
  return { xml: ed.apply(), warnings };
}

/**
 * An HD-audio controller passed on its own (the board's, for AppleALC) goes on guest bus 0, not behind a root
 * port: "AppleALC requires proper Bus/Slot/Function ... we must set the bus to 0x00" (DarwinKVM, Motherboard
 * Audio: Adding to Virt-Manager). The GPU's own audio stays with the GPU (function 1 of its slot).
 */
function onRootBus(a: AttachFunction): boolean {
  return baseSub(a.class) === CLASS.audio;
}

function groupBySource(hostdevs: PciHostdev[]): Map<string, PciHostdev[]> {
  const m = new Map<string, PciHostdev[]>();
  for (const h of hostdevs) pushTo(m, h.source, h);
  return m;
}

/** The slot the GPU's function 0 already has, when all its functions fit there without meeting another device. */
function keptSlot(fn0: PciHostdev | null, count: number, occ: Occupancy): Slot | null {
  const g = fn0?.guest;
  if (!g || !occ.isFree(g.bus, g.slot, count)) return null; // a GPU at 0000:00:00.0 has no guest address (domain.ts)
  return { bus: g.bus, slot: g.slot };
}

interface Target extends Slot {
  fn: number;
  multifunction: boolean;
}

function guestAddress(t: Target): NewElement {
  const attrs: Array<[string, string]> = [['type', 'pci'], ['domain', '0x0000'], ['bus', hex(t.bus, 2)], ['slot', hex(t.slot, 2)], ['function', hex(t.fn, 1)]];
  if (t.multifunction) attrs.push(['multifunction', 'on']);
  return { name: 'address', attrs };
}

function placeHostdev(ed: XmlEditor, host: string, kept: PciHostdev | null, t: Target, added: NewElement[], rom?: RomRequest): void {
  if (!kept) {
    const p = parseAddress(host);
    const source: NewElement = { name: 'source', attrs: [], children: [{ name: 'address', attrs: [
      ['domain', hex(p.domain, 4)], ['bus', hex(p.bus, 2)], ['slot', hex(p.slot, 2)], ['function', hex(p.fn, 1)]] }] };
    added.push({ name: 'hostdev', attrs: [['mode', 'subsystem'], ['type', 'pci'], ['managed', 'yes']], children: [source, ...romElement(rom), guestAddress(t)] });
    return;
  }
  if (attr(kept.el, 'managed') !== 'yes') ed.setAttr(kept.el, 'managed', 'yes');
  setRom(ed, kept.el, rom);
  const g = kept.guest;
  const same = g && addrKey(g) === addrKey({ domain: 0, ...t }) && g.multifunction === t.multifunction;
  if (same) return;
  const el = kids(kept.el, 'address').find((a) => attr(a, 'type') === 'pci') ?? kids(kept.el, 'address')[0];
  if (el) ed.replace(el, [guestAddress(t)]);
  else ed.insertAfter(kept.el.children[kept.el.children.length - 1]!, [guestAddress(t)]);
}

function rootPortElement(p: { index: number; slot: number; fn: number; port: number }): NewElement {
  return { name: 'controller', attrs: [['type', 'pci'], ['index', String(p.index)], ['model', 'pcie-root-port']], children: [
    { name: 'model', attrs: [['name', 'pcie-root-port']] },
    { name: 'target', attrs: [['chassis', String(p.index)], ['port', hex(p.port, 1)]] },
    { name: 'address', attrs: [['type', 'pci'], ['domain', '0x0000'], ['bus', '0x00'], ['slot', hex(p.slot, 2)], ['function', hex(p.fn, 1)]] },
  ] };
}

/** As libvirt writes one it added itself on an i440fx machine (formatdomain.html#controllers, chassisNr). */
function bridgeElement(b: NewBridge): NewElement {
  return { name: 'controller', attrs: [['type', 'pci'], ['index', String(b.index)], ['model', 'pci-bridge']], children: [
    { name: 'model', attrs: [['name', 'pci-bridge']] },
    { name: 'target', attrs: [['chassisNr', String(b.index)]] },
    { name: 'address', attrs: [['type', 'pci'], ['domain', '0x0000'], ['bus', hex(b.bus, 2)], ['slot', hex(b.slot, 2)], ['function', '0x0']] },
  ] };
}

/**
 * A function already passed with `-device vfio-pci,host=...` in <qemu:commandline> would be passed twice by a
 * <hostdev>, and QEMU stops at the second (the device is in use). Which of the two to keep is the user's call:
 * those arguments carry options (romfile, x-vga, bus=) a hostdev does not say the same way.
 */
function refuseCommandlinePassthrough(view: DomainView, fns: AttachFunction[], source: string): void {
  const passed = vfioOnCommandline(view);
  const dup = passed.filter((p) => fns.some((f) => f.address === p.address));
  if (dup.length === 0) return;
  throw new EditError(`${source} already passes ${dup.map((d) => d.address).join(', ')} through <qemu:commandline> (-device ${dup[0]!.value}); ` +
    'a <hostdev> for it would pass it twice', 'remove those -device vfio-pci arguments (virsh edit) and run again, or keep the domain as it is');
}
