// Where the passed devices go in the guest's PCI topology.
// q35: each pcie-root-port controller provides one bus (= its index) with a single slot 0; a GPU with its audio
// needs all its functions on one such slot (docs/domain.md, "libvirt"). When no root port is free we add one, laid out
// as libvirt does it itself (src/conf/domain_addr.c, qemuDomainAssignPCIAddresses): root ports are aggregated as
// functions of bus-0 slots starting at 0x01, `chassis` = index, `port` = slot << 3 | function.
// i440fx: devices sit on bus 0 directly; slots 0x00-0x02 are the host bridge, PIIX3 and the primary video. When
// bus 0 is full, libvirt adds a pci-bridge (bus = its index, slots 0x01-0x1f; domain_addr.c) and so do we.
// Bus 0 slot 0 is never a place for a device: it is the host bridge, and libvirt reads 0000:00:00.0 as no address.
import { EditError } from '../errors.js';
import type { DomainView, GuestPci } from './domain.js';

export interface Slot {
  bus: number;
  slot: number;
}

export interface NewRootPort {
  index: number;
  slot: number;
  fn: number;
  port: number;
}

export interface NewBridge extends Slot {
  index: number;
}

const full = (what: string) => new EditError(`no free PCI slot in the domain: ${what}`,
  'remove a PCI device the guest does not need (virsh edit), or add a pci-bridge with a free slot, and run again');

/** Guest addresses in use, as "bus:slot.fn" keys, plus which buses hold anything at all. */
export class Occupancy {
  private readonly used = new Set<string>();
  private readonly buses = new Set<number>();
  readonly newRootPorts: NewRootPort[] = [];
  readonly newBridges: NewBridge[] = [];
  private nextIndex: number;

  constructor(private readonly view: DomainView, addresses: GuestPci[]) {
    for (const g of addresses) this.take(g.bus, g.slot, g.fn);
    this.nextIndex = view.nextPciIndex;
  }

  take(bus: number, slot: number, fn: number): void {
    this.used.add(`${bus}:${slot}.${fn}`);
    this.buses.add(bus);
  }

  isFree(bus: number, slot: number, fns: number): boolean {
    for (let f = 0; f < fns; f++) if (this.used.has(`${bus}:${slot}.${f}`)) return false;
    return true;
  }

  /** i440fx: makes room for `count` devices of a slot each, adding pci-bridges as libvirt would. */
  reserve(count: number): void {
    if (this.view.q35) return;
    let free = this.emptySlots().length;
    while (free < count) {
      const at = this.emptySlots()[0];
      if (!at) throw full('bus 0 and every pci-bridge are full, with no slot left for another pci-bridge');
      const index = this.nextIndex++;
      this.newBridges.push({ index, ...at });
      this.take(at.bus, at.slot, 0);
      free += 31 - 1;
    }
  }

  /** Slots with nothing on them: bus 0 from 0x03, then each pci-bridge (given or added) from 0x01. */
  private emptySlots(): Slot[] {
    const out: Slot[] = [];
    for (let s = 0x03; s <= 0x1f; s++) if (this.isFree(0, s, 8)) out.push({ bus: 0, slot: s });
    for (const b of [...this.view.bridges, ...this.newBridges.map((n) => n.index)]) {
      for (let s = 0x01; s <= 0x1f; s++) if (this.isFree(b, s, 8)) out.push({ bus: b, slot: s });
    }
    return out;
  }

  /** A slot for `fns` functions: a free root port (lowest index), else a new root port; i440fx: see reserve(). */
  freeSlot(fns: number): Slot {
    if (!this.view.q35) {
      this.reserve(1);
      return this.emptySlots()[0]!;
    }
    const ports = [...this.view.rootPorts].sort((a, b) => a.index - b.index);
    const free = ports.find((p) => !this.buses.has(p.index));
    if (free) return { bus: free.index, slot: 0 };
    return { bus: this.addRootPort(), slot: 0 };
  }

  /**
   * A whole free slot on bus 0 itself, lowest first: on q35 from 0x01 (DarwinKVM's Motherboard Audio page counts
   * up from there), on i440fx from 0x03 (0x01 and 0x02 are PIIX3 and the primary video).
   */
  freeRootBusSlot(): Slot {
    for (let s = this.view.q35 ? 0x01 : 0x03; s <= 0x1f; s++) if (this.isFree(0, s, 8)) return { bus: 0, slot: s };
    throw full('bus 0 has no free slot for the onboard audio controller');
  }

  private addRootPort(): number {
    const index = this.nextIndex++;
    const usedPorts = new Set(this.view.rootPorts.map((p) => p.port).concat(this.newRootPorts.map((p) => p.port)));
    for (let slot = 0x01; slot < 0x1f; slot++) {
      const fn = this.rootPortFunction(slot);
      if (fn === null) continue;
      let port = (slot << 3) | fn;
      while (usedPorts.has(port)) port++;
      this.newRootPorts.push({ index, slot, fn, port });
      this.take(0, slot, fn);
      return index;
    }
    throw full('bus 0 has no slot left for another pcie-root-port');
  }

  /** A free function of a bus-0 slot that holds only root ports (function 0 multifunction), or 0 of an empty slot. */
  private rootPortFunction(slot: number): number | null {
    const here = this.view.guestAddresses.filter((g) => g.bus === 0 && g.slot === slot);
    const added = this.newRootPorts.filter((p) => p.slot === slot);
    if (here.length === 0 && added.length === 0) return this.isFree(0, slot, 8) ? 0 : null; // a device we put on bus 0
    const allPorts = here.every((g) => g.owner.name === 'controller' && g.owner.attrs.some((a) => a.name === 'model' && a.value === 'pcie-root-port'));
    const fn0 = here.find((g) => g.fn === 0);
    if (!allPorts || !fn0?.multifunction) return null;
    for (let f = 1; f < 8; f++) if (!this.used.has(`0:${slot}.${f}`)) return f;
    return null;
  }
}
