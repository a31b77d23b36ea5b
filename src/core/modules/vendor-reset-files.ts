// `--vendor-reset`: gnif/vendor-reset configured for the guest GPU as two files dgpu owns, planned and
// rolled back like every other file. Its README (https://github.com/gnif/vendor-reset#usage) asks for two things:
// the module loaded early ("the default reset the kernel will try to perform completely breaks the GPU"), and on
// kernels since 5.15 `device_specific` written to the GPU's reset_method; its udev/99-vendor-reset.rules does both
// per vendor:device id.
// Where dgpu departs: the rule matches the guest GPU's address only (KERNEL==), so a host card with the same ids
// keeps the kernel's reset; and the module goes in modules-load.d (modules-load.d(5)), loaded at boot before
// libvirt starts any guest, rather than into the initramfs: vfio-pci resets a card when a VM opens it, not when
// it binds at boot.
import { EnvironmentError, UsageError } from '../errors.js';
import { amdResetBug, hasResetMethod } from '../analysis/reset-bug.js';
import { deviceAt, type Host } from '../host.js';
import type { FileChange } from '../plan/plan.js';
import type { ConfigFiles } from '../plan/config-files.js';
import { isDgpuOwned, MANAGED_HEADER } from './managed-file.js';

export const VENDOR_RESET_LOAD_PATH = '/etc/modules-load.d/dgpu-vendor-reset.conf';
export const VENDOR_RESET_RULE_PATH = '/etc/udev/rules.d/99-dgpu-vendor-reset.rules';
export const VENDOR_RESET_PATHS = [VENDOR_RESET_LOAD_PATH, VENDOR_RESET_RULE_PATH] as const;

function loadFile(): string {
  return `${MANAGED_HEADER}\n# gnif/vendor-reset, loaded before any guest starts (dgpu --vendor-reset)\nvendor-reset\n`;
}

/** udev(7): KERNEL matches the device's kernel name, the PCI address; RUN runs after the rule is matched. */
function ruleFile(address: string): string {
  return [
    MANAGED_HEADER,
    `# vendor-reset's reset for the guest GPU ${address}; the module must be loaded before reset_method takes device_specific`,
    `ACTION=="add", SUBSYSTEM=="pci", KERNEL=="${address}", RUN+="/bin/sh -c '/sbin/modprobe vendor-reset; echo device_specific > /sys$env{DEVPATH}/reset_method'"`,
    '',
  ].join('\n');
}

export interface VendorResetPlan {
  changes: FileChange[];
  warnings: string[];
}

export function planVendorReset(host: Host, files: ConfigFiles, gpu: string): VendorResetPlan {
  const d = deviceAt(host, gpu);
  const bug = d === undefined ? null : amdResetBug(d.vendor, d.device);
  if (d === undefined || bug === null) {
    throw new UsageError(`--vendor-reset: ${gpu} has no AMD reset bug to work around`, 'leave --vendor-reset out (see the amd-reset-bug finding of `dgpu scan`)');
  }
  if (!bug.vendorResetSupports) {
    throw new UsageError(`--vendor-reset: vendor-reset does not list ${d.vendor}:${d.device} (${bug.family})`, 'leave --vendor-reset out; see the amd-reset-bug finding of `dgpu scan`');
  }
  const wanted: Array<[string, string | null]> = [
    [VENDOR_RESET_LOAD_PATH, loadFile()],
    // before 5.15 there is no reset_method: the module hooks the reset by itself (README, "Patching the kernel")
    [VENDOR_RESET_RULE_PATH, hasResetMethod(host.kernelRelease) === false ? null : ruleFile(gpu)],
  ];
  const changes: FileChange[] = [];
  for (const [path, after] of wanted) {
    const before = files[path] ?? null;
    if (before === after || (before === null && after === null)) continue;
    if (before !== null && !isDgpuOwned(before)) {
      throw new EnvironmentError(`${path} exists and is not dgpu's`, `move it away or remove it, then plan again`);
    }
    changes.push({ path, before, after, reason: after === null ? 'no reset_method before Linux 5.15' : `vendor-reset for ${gpu} (${bug.family}, AMD reset bug)` });
  }
  const warnings = host.modules.vendorReset === false
    ? [`vendor-reset is not installed for ${host.kernelRelease}: install it (dkms install, https://github.com/gnif/vendor-reset#installing) before the guest starts`]
    : [];
  return { changes, warnings };
}
