// The first stage for a host whose IOMMU is still off (no groups at all), where most users start: turn it on
// on the kernel command line (intel_iommu=on on Intel, iommu=pt; out with intel_iommu=off, amd_iommu=off,
// iommu=off), regenerate what boots, reboot, then plan the GPU. When the command line already asks for the
// IOMMU and there are still no groups, the firmware has it off: nothing dgpu can write helps, so it names the
// setting (DarwinKVM guide, "BIOS Configuration": VT-d on Intel, IOMMU on AMD, with VT-x / SVM Mode).
import type { CmdlineEdit, CmdlineSet } from '../cmdline/cmdline.js';
import { cmdlineAsksForIommu, firmwareOffError, iommuOffParams } from '../analysis/iommu-cmdline.js';
import type { Host } from '../host.js';
import type { ConfigFiles } from './config-files.js';
import type { Plan } from './plan.js';
import { planCmdline } from './plan-cmdline.js';

export { cmdlineAsksForIommu, firmwareOffError, iommuOffParams } from '../analysis/iommu-cmdline.js';

/** The parameters that turn the IOMMU on for this CPU, as the GPU plan sets them too (intent.ts). */
function onParams(host: Host): CmdlineSet[] {
  return [
    ...(host.cpuVendor === 'intel' ? [{ key: 'intel_iommu', value: 'on', mode: 'option' as const }] : []),
    { key: 'iommu', value: 'pt', mode: 'option' },
  ];
}

export const STAGE_NOTE = 'stage 1 of 2: the IOMMU is off, so this plan only turns it on; reboot, then run dgpu again to give the GPU to vfio-pci';

/** The plan that turns the IOMMU on, or the firmware refusal when the command line already asks for it. */
export function planIommuOn(host: Host, files: ConfigFiles, entries: string[]): Plan {
  if (cmdlineAsksForIommu(host)) throw firmwareOffError(host);
  const edit: CmdlineEdit = { set: onParams(host), remove: iommuOffParams(host) };
  const plan = planCmdline(host, files, edit, entries);
  return { ...plan, warnings: [STAGE_NOTE, ...plan.warnings] };
}
