// What the host's command line and firmware say about the IOMMU, for the findings of `scan` and for the plan's
// first stage (src/core/plan/iommu-stage.ts). Apart from that stage so that `scan` does not load the
// bootloader planner it uses.
import { cmdlineParams, listItems, sameKey } from '../cmdline/cmdline.js';
import { EnvironmentError } from '../errors.js';
import type { Host } from '../host.js';

export const BIOS_PAGE = 'DarwinKVM guide, "BIOS Configuration" (docs/domain.md, "Firmware settings")';

/**
 * Parameters that keep the IOMMU off, per CPU vendor (kernel-parameters.txt: `intel_iommu=off`, `amd_iommu=off`,
 * and `iommu=off`, which sets no_iommu and stops both drivers): the plan takes them out and says so.
 */
export function iommuOffParams(host: Host): string[] {
  const vendor = host.cpuVendor === 'intel' ? ['intel_iommu=off'] : host.cpuVendor === 'amd' ? ['amd_iommu=off'] : ['intel_iommu=off', 'amd_iommu=off'];
  return [...vendor, 'iommu=off'];
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
