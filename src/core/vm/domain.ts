// A small typed view over a parsed libvirt domain, in the spirit of virtinst's DomainDevices: only the parts
// `vm attach` reads (PCI hostdevs, PCI controllers, guest PCI addresses); everything else stays opaque text.
// Element and attribute names: https://libvirt.org/formatdomain.html ("Host device assignment", "Controllers",
// "Device Addresses").
import { ConflictError, UsageError } from '../errors.js';
import { attr, kid, kids, parseXml, textOf, type XElement } from './xml-doc.js';

export const QEMU_NS = 'http://libvirt.org/schemas/domain/qemu/1.0';

export interface GuestPci {
  domain: number;
  bus: number;
  slot: number;
  fn: number;
  multifunction: boolean;
  /** The `<address type='pci'>` element. */
  el: XElement;
  /** The device that owns it (`<hostdev>`, `<controller>`, `<interface>`...). */
  owner: XElement;
}

export interface PciHostdev {
  el: XElement;
  /** Host address `0000:0a:00.0`. */
  source: string;
  guest: GuestPci | null;
}

export interface DomainView {
  text: string;
  root: XElement;
  name: string | null;
  devices: XElement;
  /** True for q35 machines, where PCIe root ports provide the buses. */
  q35: boolean;
  hostdevs: PciHostdev[];
  guestAddresses: GuestPci[];
  /** pcie-root-port controllers by index (each provides bus = index, slot 0). */
  rootPorts: Array<{ el: XElement; index: number; port: number | null }>;
  /** pci-bridge controllers by index (each provides bus = index, slots 1-31). */
  bridges: number[];
  /** The index a new PCI controller gets: libvirt adds the root (index 0) itself, so never below 1. */
  nextPciIndex: number;
}

const num = (s: string | undefined): number | null => {
  if (s === undefined || s.trim() === '') return null;
  const n = Number(s.trim()); // libvirt accepts 0x.. hex and decimal
  return Number.isInteger(n) ? n : null;
};

export const hex = (n: number, width: number) => `0x${n.toString(16).padStart(width, '0')}`;

export function hostAddressOf(a: XElement): string | null {
  const [d, b, s, f] = ['domain', 'bus', 'slot', 'function'].map((k) => num(attr(a, k)));
  if (b === null || b === undefined || s === null || s === undefined || f === null || f === undefined) return null;
  const h = (n: number, w: number) => n.toString(16).padStart(w, '0');
  return `${h(d ?? 0, 4)}:${h(b, 2)}:${h(s, 2)}.${f}`;
}

function guestPci(a: XElement, owner: XElement): GuestPci | null {
  if (attr(a, 'type') !== 'pci') return null;
  const bus = num(attr(a, 'bus'));
  const slot = num(attr(a, 'slot'));
  const domain = num(attr(a, 'domain')) ?? 0;
  // libvirt reads 0000:00:00.x as no address at all, to be assigned (virPCIDeviceAddressIsEmpty, src/util/virpci.c)
  if (bus === null || slot === null || (domain === 0 && bus === 0 && slot === 0)) return null;
  return { domain, bus, slot, fn: num(attr(a, 'function')) ?? 0,
    multifunction: attr(a, 'multifunction') === 'on', el: a, owner };
}

/** Parses and checks a domain: well-formed, `<domain>` root, a `<devices>`, no two devices on one guest PCI address. */
export function readDomain(text: string, source = 'domain XML'): DomainView {
  const root = parseXml(text, source);
  if (root.name !== 'domain') throw new UsageError(`${source}: the root element is <${root.name}>, not <domain>`, 'pass a libvirt domain XML (virsh dumpxml NAME)');
  const devices = kid(root, 'devices');
  if (!devices) throw new UsageError(`${source}: the domain has no <devices> element`, 'add <devices> (virt-manager and virsh dumpxml always write one) and run again');
  const type = kid(root, 'os') && kid(kid(root, 'os')!, 'type');
  const machine = type ? attr(type, 'machine') ?? '' : '';
  const nameEl = kid(root, 'name');
  const guestAddresses: GuestPci[] = [];
  const hostdevs: PciHostdev[] = [];
  // libvirt writes the console that mirrors serial 0 with that serial's own <address> (virsh dumpxml of a domain
  // with a pci-serial; the console is not a device of its own): not a second device on the address.
  const serials = new Set(kids(devices, 'serial').flatMap((d) => kids(d, 'address').map((a) => guestPci(a, d))).flatMap((g) => (g ? [addrKey(g)] : [])));
  for (const dev of devices.children) {
    const own = kids(dev, 'address').map((a) => guestPci(a, dev)).find((g) => g !== null) ?? null;
    if (own && !(dev.name === 'console' && serials.has(addrKey(own)))) guestAddresses.push(own);
    if (dev.name === 'hostdev' && attr(dev, 'type') === 'pci') {
      const src = kid(dev, 'source');
      const sa = src && kid(src, 'address');
      const source = sa ? hostAddressOf(sa) : null;
      if (source) hostdevs.push({ el: dev, source, guest: own });
    }
  }
  const pci = kids(devices, 'controller').filter((c) => attr(c, 'type') === 'pci');
  const rootPorts = pci.filter((c) => attr(c, 'model') === 'pcie-root-port').flatMap((el) => {
    const index = num(attr(el, 'index'));
    const target = kid(el, 'target');
    return index === null ? [] : [{ el, index, port: target ? num(attr(target, 'port')) : null }];
  });
  const bridges = pci.filter((c) => attr(c, 'model') === 'pci-bridge').flatMap((c) => num(attr(c, 'index')) ?? []);
  const q35 = /q35/.test(machine) || pci.some((c) => attr(c, 'model') === 'pcie-root');
  const view: DomainView = { text, root, name: nameEl ? textOf(text, nameEl).trim() : null, devices, q35, hostdevs, guestAddresses, rootPorts, bridges, nextPciIndex: nextPciIndex(pci) };
  checkNoConflicts(view);
  return view;
}

const h = (n: number, w: number) => n.toString(16).padStart(w, '0');

/**
 * libvirt adds the root controller (pcie-root on q35, pci-root on i440fx) as index 0 when the domain lists none,
 * and gives a root without an index 0 (DarwinKVM's example domains have either); controllers without an index get
 * the next free ones when libvirt parses the domain (virDomainDefAddImplicitControllers, formatdomain.html#controllers).
 */
function nextPciIndex(pci: XElement[]): number {
  const isRoot = (c: XElement) => /^pcie?-root$/.test(attr(c, 'model') ?? '');
  const indexed = pci.map((c) => num(attr(c, 'index')) ?? -1);
  const unindexed = pci.filter((c, i) => indexed[i] === -1 && !isRoot(c)).length;
  return Math.max(0, ...indexed) + 1 + unindexed;
}

/** A guest PCI address written like a host one, `0000:01:00.0`. */
export const addrKey = (g: { domain: number; bus: number; slot: number; fn: number }) =>
  `${h(g.domain, 4)}:${h(g.bus, 2)}:${h(g.slot, 2)}.${g.fn}`;

/** Two devices on one guest PCI address: libvirt would refuse it, and any placement we add could only guess. */
function checkNoConflicts(view: DomainView): void {
  const seen = new Map<string, GuestPci>();
  for (const g of view.guestAddresses) {
    const k = addrKey(g);
    const other = seen.get(k);
    if (other) {
      throw new ConflictError(`guest PCI address ${k} is used by both <${other.owner.name}> and <${g.owner.name}> in this domain`,
        'give one of them another address (virsh edit) and run again');
    }
    seen.set(k, g);
  }
}

/** The prefix bound to libvirt's QEMU namespace on the root (`qemu` in DarwinKVM domains), or null. */
export function qemuPrefix(root: XElement): string | null {
  const a = root.attrs.find((x) => x.name.startsWith('xmlns:') && x.value === QEMU_NS);
  return a ? a.name.slice('xmlns:'.length) : null;
}
