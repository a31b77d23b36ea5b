// What must hold in the XML libvirt gives back after `define` (virt-xml's "did libvirt keep it" check): every
// function of the GPU passed, all on one guest bus and slot, the display at function 0 with multifunction on,
// the audio at function 1 (docs/domain.md: macOS needs this for HDMI/DP audio).
import { readDomain } from './domain.js';
import { orderFunctions, type AttachFunction } from './attach.js';

/** null when the placement is right; otherwise one line saying what is wrong. */
export function placementProblem(xml: string, functions: AttachFunction[], source = 'domain XML'): string | null {
  const view = readDomain(xml, source);
  const fns = orderFunctions(functions);
  const found = fns.map((f) => view.hostdevs.filter((h) => h.source === f.address));
  const missing = fns.filter((_, i) => found[i]!.length !== 1);
  if (missing.length > 0) return `${missing.map((f) => f.address).join(', ')}: not passed exactly once`;
  const guests = found.map((h) => h[0]!.guest);
  const g0 = guests[0];
  if (!g0) return `${fns[0]!.address} has no guest PCI address`;
  if (!g0.multifunction) return `${fns[0]!.address} is not multifunction='on' in the guest`;
  for (const [i, g] of guests.entries()) {
    if (!g || g.bus !== g0.bus || g.slot !== g0.slot || g.domain !== g0.domain) {
      return `${fns[i]!.address} is not on the GPU's guest bus and slot`;
    }
    if (g.fn !== i) return `${fns[i]!.address} is at guest function ${g.fn}, expected ${i}`;
  }
  return null;
}
