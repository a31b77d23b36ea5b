// GPUs and their functions: display functions of class 0300/0302/0380; a GPU's functions share its
// domain:bus:slot and its vendor id, so an APU's sibling USB and crypto functions from the chipset vendor
// (host-02 6a:00.2-.4, AMD 1022 beside the 1002 iGPU) stay out of it.
import { slotOf } from '../address.js';
import type { Host, PciFunction } from '../host.js';
import { isDisplay } from '../pci-class.js';
import { groupViability, type Blocker } from './iommu.js';
import { pushTo } from '../multimap.js';

export type { Blocker } from './iommu.js';

export interface Gpu {
  address: string;
  functions: string[];
  /** Unique vendor:device in function order, exactly as vfio-pci.ids needs them; functions with unknown ids are left out. */
  ids: string[];
  bootVga: boolean | null;
  groups: number[];
  viable: boolean | null;
  blockers: Blocker[];
}

export function idsOf(d: PciFunction): string | null {
  return d.vendor !== null && d.device !== null ? `${d.vendor}:${d.device}` : null;
}

export function findGpus(host: Host): Gpu[] {
  // One pass to index functions by card (domain:bus:slot), so a 1,000-function host stays linear.
  const bySlot = new Map<string, PciFunction[]>();
  for (const d of host.devices) pushTo(bySlot, slotOf(d.address), d);
  const gpus: Gpu[] = [];
  const taken = new Set<string>(); // `slot vendor` of cards already made a GPU
  for (const display of host.devices) {
    if (!isDisplay(display.class)) continue;
    const slot = slotOf(display.address);
    const card = `${slot} ${display.vendor}`;
    if (taken.has(card)) continue;
    taken.add(card);
    // A same-slot function whose vendor a dump does not state (a line cut off in its ids) is still the card's: it
    // travels with it, and the ids-unknown finding says vfio-pci.ids would miss it.
    const siblings = (bySlot.get(slot) ?? []).filter((d) => d.vendor === null || d.vendor === display.vendor);
    const fns = siblings.some((d) => d.address === display.address) ? siblings : [display, ...siblings];
    const functions = fns.map((d) => d.address);
    const ids = [...new Set(fns.map(idsOf).filter((x): x is string => x !== null))];
    gpus.push({ address: display.address, functions, ids, bootVga: display.bootVga, ...groupViability(host, functions) });
  }
  return gpus;
}

export interface GuestChoice {
  gpu: Gpu | null;
  reason: string;
}

const label = (g: Gpu) => `${g.address} (${g.ids.join(',') || 'ids unknown'})`;

/**
 * The guest GPU: the one viable GPU the host does not boot on. When no boot_vga is known (dumps), a host with
 * exactly one viable GPU among several keeps the others. Anything else is for the user to choose.
 */
export function proposeGuestGpu(host: Host, gpus: Gpu[]): GuestChoice {
  void host;
  if (gpus.length === 0) return { gpu: null, reason: 'no GPU found (no function of class 0300, 0302 or 0380)' };
  if (gpus.length === 1) {
    return { gpu: null, reason: `only one GPU, ${label(gpus[0]!)}: dual-GPU passthrough needs a second one for the host to keep` };
  }
  const candidates = gpus.filter((g) => g.bootVga !== true);
  const viable = candidates.filter((g) => g.viable === true);
  if (viable.length === 1) return { gpu: viable[0]!, reason: reasonFor(viable[0]!, gpus) };
  if (viable.length > 1) {
    return { gpu: null, reason: `several GPUs could go to the guest: ${viable.map(label).join(', ')}; choose one` };
  }
  const verdicts = candidates.map((g) => `${label(g)} ${g.viable === null ? 'groups unknown' : 'not viable'}`);
  return { gpu: null, reason: `no GPU can be passed through as is: ${verdicts.join(', ')}` };
}

function reasonFor(g: Gpu, all: Gpu[]): string {
  const boot = all.find((x) => x.bootVga === true);
  if (boot) return `the one viable GPU besides the boot GPU ${boot.address}`;
  return 'the one viable GPU; which GPU the firmware boots on is not known, so check it is not the host\'s display';
}
