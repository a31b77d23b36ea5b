// The command-line edit dgpu plans, built through the planner's own intentFor/cmdlineEditFor on a small host:
// a GPU (VGA + HDMI audio) in one IOMMU group, on an Intel or AMD CPU.
import type { CmdlineEdit } from '../../src/core/cmdline/cmdline.js';
import { emptyHost, type Host, type PciFunction } from '../../src/core/host.js';
import { cmdlineEditFor, intentFor, type Intent } from '../../src/core/plan/intent.js';
import { iommuOffParams } from '../../src/core/plan/iommu-stage.js';
import { findGpus } from '../../src/core/analysis/gpu.js';

export const GUEST_IDS = ['10de:1b81', '10de:10f0'];

function fn(address: string, vendor: string, device: string, cls: string): PciFunction {
  return {
    address, vendor, device, class: cls, revision: null, subsystemVendor: null, subsystemDevice: null, driver: null,
    iommuGroup: 10, bootVga: false, modalias: null, name: null, vendorName: null, driverOverride: null,
  };
}

export function guestHost(cpu: 'intel' | 'amd', builtin = false): Host {
  const host = emptyHost('sysfs');
  host.cpuVendor = cpu;
  host.devices = [fn('0000:0a:00.0', '10de', '1b81', '030000'), fn('0000:0a:00.1', '10de', '10f0', '040300')];
  host.iommuGroups = { 10: ['0000:0a:00.0', '0000:0a:00.1'] };
  host.modules = { aliasText: null, builtin: builtin ? ['vfio_pci'] : [] };
  return host;
}

export function guestIntent(host: Host): Intent {
  const gpu = findGpus(host)[0]!;
  return intentFor(host, { gpu, functions: gpu.functions });
}

/** What `dgpu plan` edits the command line with on that host; `keepIds` as from the user's modprobe.d. */
export function plannedEdit(cpu: 'intel' | 'amd', keepIds: string[] = []): CmdlineEdit {
  const host = guestHost(cpu);
  return cmdlineEditFor(guestIntent(host), keepIds, iommuOffParams(host));
}
