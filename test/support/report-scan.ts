// Builds a schema-1 scan object from a parsed real-host dump (test/fixtures/real-hosts/parsed/host-NN.json), the way issue 2
// defines the fields, so report tests draw real topologies without depending on the scan module.
import { slotOf } from '../../src/core/address.js';
import { macosSupport } from '../../src/core/analysis/macos.js';
import { isBridge, isDisplay } from '../../src/core/pci-class.js';
import type { ReportDevice, ReportGpu, ReportPlan, ReportScan } from '../../src/core/report/report-input.js';
import { parsedHost } from './real-hosts.js';

export function scanFromFixture(host: string, names: Record<string, string> = {}): ReportScan {
  const parsed = parsedHost(host);
  const devices: ReportDevice[] = parsed.devices.map((d) => ({
    address: d.address,
    vendor: d.vendor,
    device: d.device,
    class: d.class,
    name: names[d.address] ?? null,
    driver: d.driver,
    iommuGroup: d.group,
    bootVga: d.bootVga === null ? null : d.bootVga === 1,
  }));
  const gpus: ReportGpu[] = devices
    .filter((d) => isDisplay(d.class))
    .map((g) => {
      const functions = devices.filter((d) => slotOf(d.address) === slotOf(g.address) && d.vendor === g.vendor);
      const groups = [...new Set(functions.map((f) => f.iommuGroup).filter((n): n is number => n !== null))];
      const fnSet = new Set(functions.map((f) => f.address));
      const blockers = devices
        .filter((d) => d.iommuGroup !== null && groups.includes(d.iommuGroup) && !fnSet.has(d.address))
        .filter((d) => !isBridge(d.class) && !d.class!.startsWith('1300'))
        .map((d) => d.address);
      return {
        address: g.address,
        functions: [...fnSet],
        ids: functions.map((f) => `${f.vendor}:${f.device}`),
        bootVga: g.bootVga,
        groups,
        viable: groups.length === 0 ? null : blockers.length === 0,
        blockers,
        macos: macosSupport(g.vendor!, g.device!),
      };
    });
  const proposed = gpus.find((g) => g.viable === true && g.bootVga !== true) ?? null;
  return {
    schema: 1,
    source: 'dump',
    iommu: { enabled: devices.some((d) => d.iommuGroup !== null), acsOverride: false },
    cpuVendor: null,
    devices,
    gpus,
    proposedGuest: proposed?.address ?? null,
    findings: [],
  };
}

/** A plan of the shape the planner returns (docs/architecture.md), for rendering tests. */
export const PLAN: ReportPlan = {
  changes: [
    {
      path: '/etc/default/grub',
      before: 'GRUB_DEFAULT=0\nGRUB_CMDLINE_LINUX_DEFAULT="quiet splash"\n',
      after: 'GRUB_DEFAULT=0\nGRUB_CMDLINE_LINUX_DEFAULT="quiet splash intel_iommu=on iommu=pt vfio-pci.ids=1002:73df,1002:ab28"\n',
      reason: 'bind the guest GPU to vfio-pci at boot',
    },
    { path: '/etc/modprobe.d/vfio.conf', before: null, after: 'options vfio-pci ids=1002:73df,1002:ab28\nsoftdep amdgpu pre: vfio-pci\n', reason: 'claim the functions before amdgpu' },
  ],
  commands: [{ argv: ['update-initramfs', '-u', '-k', 'all'], reason: 'rebuild the initramfs' }],
  warnings: ['a warning with <b>markup</b>'],
};
