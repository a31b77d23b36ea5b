// The GPU's device path as macOS and OpenCore see it in the guest, from where the domain XML puts it: OpenCore's
// DeviceProperties are keyed by UEFI device paths such as `PciRoot(0x0)/Pci(0x1,0x0)/Pci(0x0,0x0)` (OpenCore
// Configuration.pdf, "DeviceProperties"; the form gfxutil prints). Each bus behind a pcie-root-port or pci-bridge
// is that controller's `index`, and the controller itself sits at its own <address> on the bus above (libvirt
// formatdomain, "Controllers": PCI).
import { readDomain, type DomainView } from '../vm/domain.js';
import { attr } from '../vm/xml-doc.js';

const pci = (slot: number, fn: number) => `Pci(0x${slot.toString(16)},0x${fn.toString(16)})`;

/** null when the hostdev has no guest address, or its bus is behind a controller dgpu cannot follow (pxb, expander). */
export function guestPciPath(xml: string, hostAddress: string): string | null {
  const view = readDomain(xml, 'domain XML');
  const guest = view.hostdevs.find((h) => h.source === hostAddress)?.guest;
  if (!guest || guest.domain !== 0) return null;
  const parts = [pci(guest.slot, guest.fn)];
  let bus = guest.bus;
  for (let depth = 0; bus !== 0; depth++) {
    const up = controllerFor(view, bus);
    if (up === null || depth > 8) return null;
    parts.unshift(pci(up.slot, up.fn));
    bus = up.bus;
  }
  return `PciRoot(0x0)/${parts.join('/')}`;
}

const FOLLOWED = new Set(['pcie-root-port', 'pci-bridge', 'pcie-switch-downstream-port', 'pcie-switch-upstream-port', 'pcie-to-pci-bridge', 'dmi-to-pci-bridge']);

function controllerFor(view: DomainView, bus: number): { bus: number; slot: number; fn: number } | null {
  const g = view.guestAddresses.find((a) => a.owner.name === 'controller' && attr(a.owner, 'type') === 'pci' &&
    Number(attr(a.owner, 'index')) === bus && FOLLOWED.has(attr(a.owner, 'model') ?? ''));
  return g ? { bus: g.bus, slot: g.slot, fn: g.fn } : null;
}
