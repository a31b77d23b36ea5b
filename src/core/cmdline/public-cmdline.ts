// What a `dgpu snapshot` keeps of /proc/cmdline: only the parameters dgpu decides from. Users put disk UUIDs,
// host names, keys and passwords on their command lines (cryptdevice=, ip=, rd.luks.key=...); a bug report needs
// none of them. Everything after `--` goes to init (the kernel's parse_args stops there) and is dropped whole.
import { cmdlineParams, formatParam, normalizeKey } from './cmdline.js';

/** Exact names, compared with `-` and `_` alike. */
const NAMES = new Set(['intel_iommu', 'amd_iommu', 'iommu', 'pcie_acs_override', 'video', 'initcall_blacklist', 'module_blacklist', 'nomodeset'].map(normalizeKey));

/** Prefixes: vfio and vfio-pci module parameters, modprobe.* and rd.driver.* (blacklists, pre-loads). */
const PREFIXES = ['vfio_pci.', 'vfio.', 'vfio_iommu_type1.', 'modprobe.', 'rd.driver.'];

export function isPublicParam(key: string): boolean {
  const k = normalizeKey(key);
  return NAMES.has(k) || PREFIXES.some((p) => k.startsWith(p)) || k.endsWith('.blacklist');
}

/** The command line with only the public parameters, in their order; '' when none is left. */
export function publicCmdline(line: string): string {
  const beforeInit = line.split(/(?:^|\s)--(?:\s|$)/)[0]!;
  return cmdlineParams(beforeInit).filter((p) => isPublicParam(p.key)).flatMap((p) => {
    try {
      return [formatParam(p.key, p.value)];
    } catch {
      return []; // a value no kernel parameter of ours takes (a double quote inside)
    }
  }).join(' ');
}
