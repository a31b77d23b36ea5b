// The Host model: one snapshot of the facts dgpu decides from, read once from a root (src/host/sysfs-reader.ts)
// or imported from a text dump (src/core/dump/). Everything in src/core works on this and nothing else.
// A field that the source does not state is null ("unknown"), never a guess.

export interface PciFunction {
  /** `0000:0a:00.0`, lowercase, with the domain. */
  address: string;
  /** Four hex digits, lowercase. */
  vendor: string | null;
  device: string | null;
  /** Six hex digits from sysfs (`030000`); four (`0300`) where a dump gives only class and subclass. */
  class: string | null;
  revision: string | null;
  subsystemVendor: string | null;
  subsystemDevice: string | null;
  /** Driver in use; null when unbound, or when the source does not say (see Host.known.drivers). */
  driver: string | null;
  iommuGroup: number | null;
  /** sysfs `boot_vga`: true when the firmware booted on this display; null when not stated. */
  bootVga: boolean | null;
  /** sysfs `modalias`, e.g. `pci:v00001002d000073FFsv...`; null in dumps. */
  modalias: string | null;
  /** Device name from the dump or pci.ids; null when neither knows it. */
  name: string | null;
  vendorName: string | null;
  /** sysfs `driver_override`; null when empty or unknown. */
  driverOverride: string | null;
  /** Memory BARs of a display function from sysfs `resource`; null for other functions and in dumps. */
  bars: PciBar[] | null;
}

export interface PciBar {
  /** BAR number N, as in `resourceN`. */
  index: number;
  /** Bytes (end - start + 1 of its line in sysfs `resource`). */
  size: number;
  /**
   * sysfs `resourceN_resize` (bitmap of supported sizes, bit 0 = 1 MiB), read for a BAR above DEFAULT_BAR_BYTES;
   * null where the kernel offers none, and for a BAR of the default size or smaller.
   */
  resizable: string | null;
}

/** The BAR size the guide sets back: "set the BAR size back to the default 256MB" (BIOS Configuration page). */
export const DEFAULT_BAR_BYTES = 256 * 1024 * 1024;

export interface UsbDevice {
  /** sysfs name, e.g. `1-4` or `3-2.1`. */
  port: string;
  vendor: string | null;
  product: string | null;
  manufacturerName: string | null;
  productName: string | null;
  /** From the HID interfaces: boot keyboard / boot mouse protocol. */
  keyboard: boolean;
  mouse: boolean;
}

export interface UsbBus {
  /** PCI address of the host controller. */
  controller: string;
  devices: UsbDevice[];
}

export type BootloaderKind =
  | 'grub' | 'systemd-boot' | 'kernel-install' | 'uki' | 'kernelstub' | 'grubby'
  | 'proxmox-boot-tool' | 'limine' | 'limine-entry-tool' | 'refind' | 'syslinux' | 'zfsbootmenu' | 'nixos';
export type InitramfsKind = 'mkinitcpio' | 'dracut' | 'initramfs-tools' | 'booster';

export interface Detected<K extends string> {
  kind: K;
  /** Paths (as on the host) whose presence shows it. */
  evidence: string[];
}

export interface BootSetup {
  bootloaders: Detected<BootloaderKind>[];
  initramfs: Detected<InitramfsKind>[];
  /**
   * Other paths present that decide how to regenerate (BOOT_FACT_PATHS: tools, distro hooks, installed kernel
   * images, the systemd library whose name carries its version). Absent where the source does not say (a dump).
   */
  facts?: string[];
}

export interface KernelModules {
  /** Raw `modules.alias` text of the running kernel; null when the file is absent. */
  aliasText: string | null;
  /** Module names from `modules.builtin` (`kernel/drivers/vfio/pci/vfio-pci.ko` → `vfio_pci`); null when absent. */
  builtin: string[] | null;
  /**
   * gnif/vendor-reset's module for the running kernel: its path under lib/modules/<release>, false when not
   * installed there, null when the source does not say (a dump).
   */
  vendorReset: string | false | null;
}

export interface Host {
  source: 'sysfs' | 'dump';
  devices: PciFunction[];
  /**
   * IOMMU group number → member addresses. null: the source does not say (a plain `lspci -nn` dump).
   * An empty object from sysfs means no groups at all: the IOMMU is off.
   */
  iommuGroups: Record<number, string[]> | null;
  /** `/proc/cmdline`, trimmed; null when unknown. */
  cmdline: string | null;
  cpuVendor: 'intel' | 'amd' | null;
  /**
   * The hardware virtualization flag on the `flags` line of /proc/cpuinfo: `none` when the line has neither vmx
   * nor svm; null when there is no x86 flags line (a dump, another architecture).
   */
  cpuVirtualization: 'vmx' | 'svm' | 'none' | null;
  /** Whether /dev/kvm exists; null unless the root is the running system's `/`. */
  kvmDevice: boolean | null;
  kernelRelease: string | null;
  modules: KernelModules;
  /** `/etc/os-release` as key → value; null when absent. */
  osRelease: Record<string, string> | null;
  boot: BootSetup;
  /** USB buses by controller; null when the source does not say. */
  usb: UsbBus[] | null;
  /** Which per-device facts the source states at all. */
  known: { drivers: boolean; bootVga: boolean };
}

export function emptyHost(source: Host['source']): Host {
  return {
    source,
    devices: [],
    iommuGroups: null,
    cmdline: null,
    cpuVendor: null,
    cpuVirtualization: null,
    kvmDevice: null,
    kernelRelease: null,
    modules: { aliasText: null, builtin: null, vendorReset: null },
    osRelease: null,
    boot: { bootloaders: [], initramfs: [] },
    usb: null,
    known: { drivers: false, bootVga: false },
  };
}

// An index per devices array, so the analysis stays linear on a 60,000-function dump. The readers
// build `devices` once and never replace an entry in place; an array that grew is indexed again.
const indexes = new WeakMap<PciFunction[], Map<string, PciFunction>>();

export function deviceAt(host: Host, address: string): PciFunction | undefined {
  let index = indexes.get(host.devices);
  if (index === undefined || index.size !== host.devices.length) {
    index = new Map(host.devices.map((d) => [d.address, d]));
    indexes.set(host.devices, index);
  }
  return index.get(address);
}

/** Group number → the addresses of the functions that name it, in the order of `devices`. */
export function groupsOf(devices: readonly PciFunction[]): Record<number, string[]> {
  const groups: Record<number, string[]> = {};
  for (const d of devices) if (d.iommuGroup !== null) (groups[d.iommuGroup] ??= []).push(d.address);
  return groups;
}
