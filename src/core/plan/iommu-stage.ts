// The first stage for a host whose IOMMU is still off (no groups at all), where most users start: turn it on
// on the kernel command line (intel_iommu=on on Intel, iommu=pt; out with intel_iommu=off, amd_iommu=off,
// iommu=off), regenerate what boots, reboot, then plan the GPU. When the command line already asks for the
// IOMMU and there are still no groups, the firmware has it off: nothing dgpu can write helps, so it names the
// setting (DarwinKVM guide, "BIOS Configuration": VT-d on Intel, IOMMU on AMD, with VT-x / SVM Mode).
import { cmdlineParams, listItems, sameKey, type CmdlineEdit, type CmdlineSet } from '../cmdline/cmdline.js';
import { EnvironmentError } from '../errors.js';
import type { Host } from '../host.js';
import type { ConfigFiles } from './config-files.js';
import type { Plan } from './plan.js';
import { planCmdline } from './plan-cmdline.js';

export const BIOS_PAGE = 'DarwinKVM guide, "BIOS Configuration" (docs/domain.md, "Firmware settings")';

/**
 * Parameters that keep the IOMMU off, per CPU vendor (kernel-parameters.txt: `intel_iommu=off`, `amd_iommu=off`,
 * and `iommu=off`, which sets no_iommu and stops both drivers): the plan takes them out and says so.
 */
export function iommuOffParams(host: Host): string[] {
  const vendor = host.cpuVendor === 'intel' ? ['intel_iommu=off'] : host.cpuVendor === 'amd' ? ['amd_iommu=off'] : ['intel_iommu=off', 'amd_iommu=off'];
  return [...vendor, 'iommu=off'];
}

/** The parameters that turn the IOMMU on for this CPU, as the GPU plan sets them too (intent.ts). */
function onParams(host: Host): CmdlineSet[] {
  return [
    ...(host.cpuVendor === 'intel' ? [{ key: 'intel_iommu', value: 'on', mode: 'option' as const }] : []),
    { key: 'iommu', value: 'pt', mode: 'option' },
  ];
}

/**
 * Whether the running command line already asks for the IOMMU: on Intel `intel_iommu=on` (the kernel's default
 * depends on its build, CONFIG_INTEL_IOMMU_DEFAULT_ON, which the host does not show); on AMD the driver is on
 * unless `amd_iommu=off` or `iommu=off` says otherwise (kernel-parameters.txt).
 */
export function cmdlineAsksForIommu(host: Host): boolean {
  const params = cmdlineParams(host.cmdline ?? '');
  const has = (key: string, item: string) => params.some((p) => sameKey(p.key, key) && listItems(p.value).includes(item));
  if (has('iommu', 'off')) return false;
  if (host.cpuVendor === 'intel') return has('intel_iommu', 'on') && !has('intel_iommu', 'off');
  if (host.cpuVendor === 'amd') return !has('amd_iommu', 'off');
  return false;
}

export function firmwareOffError(host: Host): EnvironmentError {
  const setting = host.cpuVendor === 'intel' ? 'VT-d (and VT-x)' : host.cpuVendor === 'amd' ? 'IOMMU (AMD-Vi, and SVM Mode)' : 'VT-d (Intel) or IOMMU and SVM Mode (AMD)';
  return new EnvironmentError(
    'the IOMMU is off in the firmware: the command line asks for it, but there are no IOMMU groups',
    `turn on ${setting} in the firmware setup (${BIOS_PAGE}), then run dgpu again`,
  );
}

export const STAGE_NOTE = 'stage 1 of 2: the IOMMU is off, so this plan only turns it on; reboot, then run dgpu again to give the GPU to vfio-pci';

/** The plan that turns the IOMMU on, or the firmware refusal when the command line already asks for it. */
export function planIommuOn(host: Host, files: ConfigFiles, entries: string[]): Plan {
  if (cmdlineAsksForIommu(host)) throw firmwareOffError(host);
  const edit: CmdlineEdit = { set: onParams(host), remove: iommuOffParams(host) };
  const plan = planCmdline(host, files, edit, entries);
  return { ...plan, warnings: [STAGE_NOTE, ...plan.warnings] };
}
