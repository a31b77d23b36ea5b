// `dgpu scan --json`: the stable contract, schema 1. Addresses carry the domain, in lowercase.
import type { Host } from '../host.js';
import { findGpus, proposeGuestGpu } from './gpu.js';
import { hasAcsOverride, hostFindings, type Finding } from './findings.js';
import { type Blocker, iommuEnabled } from './iommu.js';
import { usbControllers } from './usb.js';
import { macosForIds, type MacosSupport } from './macos.js';

export interface ScanJson {
  schema: 1;
  source: Host['source'];
  iommu: { enabled: boolean | null; acsOverride: boolean };
  cpuVendor: Host['cpuVendor'];
  devices: Array<{
    address: string; vendor: string | null; device: string | null; class: string | null; name: string | null;
    driver: string | null; iommuGroup: number | null; bootVga: boolean | null;
  }>;
  gpus: Array<{
    address: string; functions: string[]; ids: string[]; bootVga: boolean | null; groups: number[];
    viable: boolean | null; blockers: string[]; blockerDetails: Blocker[];
    /** What macOS does with this GPU; null for a GPU the family table cannot place. */
    macos: MacosSupport | null;
  }>;
  usbControllers: Array<{
    address: string; ids: string | null; name: string | null; driver: string | null; iommuGroup: number | null;
    viable: boolean | null; blockers: string[];
    devices: Array<{ port: string; vendor: string | null; product: string | null; name: string | null; keyboard: boolean; mouse: boolean }> | null;
  }>;
  proposedGuest: string | null;
  proposedGuestReason: string;
  findings: Finding[];
}

export function scanReport(host: Host): ScanJson {
  const gpus = findGpus(host);
  const guest = proposeGuestGpu(host, gpus);
  return {
    schema: 1,
    source: host.source,
    iommu: { enabled: iommuEnabled(host), acsOverride: hasAcsOverride(host.cmdline) },
    cpuVendor: host.cpuVendor,
    devices: host.devices.map((d) => ({
      address: d.address, vendor: d.vendor, device: d.device, class: d.class, name: d.name,
      driver: d.driver, iommuGroup: d.iommuGroup, bootVga: d.bootVga,
    })),
    gpus: gpus.map((g) => ({
      address: g.address, functions: g.functions, ids: g.ids, bootVga: g.bootVga, groups: g.groups,
      viable: g.viable, blockers: g.blockers.map((b) => b.address), blockerDetails: g.blockers,
      macos: macosForIds(g.ids),
    })),
    usbControllers: usbControllers(host).map((u) => ({
      address: u.address, ids: u.ids, name: u.name, driver: u.driver, iommuGroup: u.iommuGroup,
      viable: u.viable, blockers: u.blockers.map((b) => b.address),
      devices: u.devices?.map((d) => ({
        port: d.port, vendor: d.vendor, product: d.product, name: d.productName ?? d.manufacturerName,
        keyboard: d.keyboard, mouse: d.mouse,
      })) ?? null,
    })),
    proposedGuest: guest.gpu?.address ?? null,
    proposedGuestReason: guest.reason,
    findings: hostFindings(host, gpus, guest.gpu),
  };
}
