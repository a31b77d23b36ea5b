// Findings from the DarwinKVM pages around the five steps: firmware settings and the AMD reset bug.
// Each message names its fix and the page it comes from.
import { DEFAULT_BAR_BYTES, deviceAt, type Host, type PciBar } from '../host.js';
import type { Gpu } from './gpu.js';
import type { Finding } from './findings.js';
import { amdResetBug, hasResetMethod } from './reset-bug.js';

const BIOS_PAGE = 'DarwinKVM, BIOS Configuration';

function finding(f: Omit<Finding, 'message'> & { what: string; fix: string; source: string }): Finding {
  const { what, ...rest } = f;
  return { ...rest, message: `${what}; ${f.fix} (${f.source})` };
}

export function guideFindings(host: Host, guest: Gpu | null): Finding[] {
  return [...virtualizationFindings(host), ...resetBugFindings(host, guest), ...resizableBarFindings(host, guest)];
}

function virtualizationFindings(host: Host): Finding[] {
  // /dev/kvm present means KVM runs, whatever the flags line of a nested or odd CPU says.
  if (host.cpuVirtualization !== 'none' || host.kvmDevice === true) return [];
  const setting = host.cpuVendor === 'intel' ? 'VT-x' : host.cpuVendor === 'amd' ? 'SVM Mode' : 'VT-x (Intel) or SVM Mode (AMD)';
  const kvm = host.kvmDevice === false ? ' and there is no /dev/kvm' : '';
  return [finding({
    code: 'virtualization-off',
    severity: 'error',
    what: `the CPU shows no vmx/svm flag in /proc/cpuinfo${kvm}: hardware virtualization is off`,
    fix: `turn on ${setting} in the firmware setup; then \`lscpu | grep Virtualization\` shows it`,
    source: BIOS_PAGE,
  })];
}

function resetBugFindings(host: Host, guest: Gpu | null): Finding[] {
  const gpu = guest === null ? undefined : deviceAt(host, guest.address);
  const bug = gpu === undefined ? null : amdResetBug(gpu.vendor, gpu.device);
  if (gpu === undefined || bug === null) return [];
  const page = 'DarwinKVM, Single GPU Passthrough: Script Installation';
  const installed = host.modules.vendorReset;
  const release = host.kernelRelease ?? 'the running kernel';
  let fix: string;
  if (!bug.vendorResetSupports) {
    fix = `vendor-reset (github.com/gnif/vendor-reset) does not list ${gpu.vendor}:${gpu.device}; the page's other workaround suspends the host between guest runs (akshaycodes vfio-script)`;
  } else if (installed) {
    fix = `vendor-reset supports it and is installed for ${release} (${installed}); \`dgpu plan --vendor-reset\` loads it early and sets reset_method`;
  } else {
    const state = installed === false ? `is not installed for ${release}` : 'may not be installed (the source does not say)';
    fix = `vendor-reset (github.com/gnif/vendor-reset) supports it but ${state}: install it (dkms install), then \`dgpu plan --vendor-reset\``;
  }
  const late = hasResetMethod(host.kernelRelease) === false ? '; this kernel predates reset_method (5.15), so only the module applies' : '';
  return [finding({
    code: 'amd-reset-bug',
    severity: 'warning',
    what: `${gpu.address} (${bug.family}) has the AMD reset bug: after the guest stops, the card may not start again until the host reboots`,
    fix: `${fix}${late}`,
    source: page,
    addresses: [gpu.address],
  })];
}

const MIB = 1024 * 1024;

function resizableBarFindings(host: Host, guest: Gpu | null): Finding[] {
  const gpu = guest === null ? undefined : deviceAt(host, guest.address);
  const big = (gpu?.bars ?? []).filter((b) => b.size > DEFAULT_BAR_BYTES).sort((a, b) => b.size - a.size)[0];
  if (gpu === undefined || big === undefined) return [];
  return [finding({
    code: 'resizable-bar',
    severity: 'warning',
    what: `${gpu.address} has a ${sizeText(big.size)} BAR ${big.index}: Resizable BAR / Above 4G Decoding is on, which macOS does not work with and which breaks passthrough`,
    fix: `turn off Above 4G Decoding, Resizable BAR and Smart Access Memory in the firmware setup${resizeHint(gpu.address, big)}`,
    source: BIOS_PAGE,
    addresses: [gpu.address],
  })];
}

function sizeText(bytes: number): string {
  return bytes >= 1024 * MIB && bytes % (1024 * MIB) === 0 ? `${bytes / (1024 * MIB)} GiB` : `${Math.round(bytes / MIB)} MiB`;
}

/**
 * resourceN_resize takes the bit number of the size, 2^(bit + 20) bytes, and only sizes its bitmap offers;
 * the BAR must be unused, so with no driver bound (Documentation/ABI/testing/sysfs-bus-pci, "resourceN_resize").
 */
function resizeHint(address: string, bar: PciBar): string {
  if (bar.resizable === null) return '';
  const bitmap = /^(?:0x)?([0-9a-f]+)$/i.exec(bar.resizable.trim());
  if (!bitmap || (BigInt(`0x${bitmap[1]}`) & (1n << 8n)) === 0n) {
    return `; the kernel offers resource${bar.index}_resize, but not a 256 MiB size`;
  }
  return `; or, for this boot, with the card unbound from any driver: echo 8 > /sys/bus/pci/devices/${address}/resource${bar.index}_resize (bit 8 = 256 MiB)`;
}
