// Reads one Host snapshot from a root ("/" or a copied/fake tree): PCI functions and IOMMU groups from
// sysfs, the kernel's command line, CPU vendor and release from proc, module lists from lib/modules,
// os-release, bootloader evidence and pci.ids names. Every path is under `root`.
// A missing or unreadable single file leaves its field null; only a root that cannot be a Linux root fails.
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { compareAddress, normalizeAddress } from '../core/address.js';
import { EnvironmentError } from '../core/errors.js';
import { groupsOf, type Host, type KernelModules, type PciFunction } from '../core/host.js';
import { parseOsRelease } from '../core/analysis/os-release.js';
import { probeBoot } from './boot-probe.js';
import { nameDevices, readPciIds } from './pci-names.js';
import { linkName, linkNameIfAny, listDir, readAttr, readText } from './read-file.js';
import { readUsb } from './usb-reader.js';
import { readBars } from './bar-reader.js';
import { readCpu } from './cpu-reader.js';
import { findVendorReset } from './vendor-reset-probe.js';

export interface ReadHostOptions {
  /** Read `modules.alias` (~1 MB); `plan` needs it to find competing drivers, `scan` does not. */
  modulesAlias?: boolean;
  /**
   * Read each function's revision and driver_override, and probe the bootloader and initramfs evidence (default
   * true). `scan` and `groups` show none of them and nothing they run uses them (verify reads driver_override,
   * the planner the boot evidence): without them a function costs 5 to 8 filesystem calls instead of 11 to 14,
   * and the probe's ~100 calls go. Left out, revision and driver_override are null and `boot` finds nothing,
   * as from a dump.
   */
  details?: boolean;
}

/** `0x1002` → `1002`; `0x030000` → `030000`. */
function hexAttr(path: string, digits: number): string | null {
  const v = readAttr(path);
  if (v === null) return null;
  const m = /^(?:0x)?([0-9a-f]+)$/i.exec(v);
  return m ? m[1]!.toLowerCase().padStart(digits, '0') : null;
}

// modalias_show() in drivers/pci/pci-sysfs.c prints the same pci_dev fields as the vendor, device,
// subsystem_* and class attributes, so one read gives six facts; the single files are the fallback.
const MODALIAS = /^pci:v0000([0-9a-f]{4})d0000([0-9a-f]{4})sv0000([0-9a-f]{4})sd0000([0-9a-f]{4})bc([0-9a-f]{2})sc([0-9a-f]{2})i([0-9a-f]{2})$/i;

function idsOf(dir: string, modalias: string | null) {
  if (modalias !== null && MODALIAS.test(modalias)) {
    // fixed columns, so slices of one lowercased copy (on 1,000 functions, fewer strings to collect)
    const m = modalias.toLowerCase();
    const cls = m.slice(44, 46) + m.slice(48, 50) + m.slice(51, 53);
    return { vendor: m.slice(9, 13), device: m.slice(18, 22), class: cls, subsystemVendor: m.slice(28, 32), subsystemDevice: m.slice(38, 42) };
  }
  return {
    vendor: hexAttr(`${dir}/vendor`, 4),
    device: hexAttr(`${dir}/device`, 4),
    class: hexAttr(`${dir}/class`, 6),
    subsystemVendor: hexAttr(`${dir}/subsystem_vendor`, 4),
    subsystemDevice: hexAttr(`${dir}/subsystem_device`, 4),
  };
}

/**
 * Address → driver, from the devices each driver lists in its folder under sys/bus/pci/drivers: the kernel makes
 * that link and the device's own `driver` link together (driver_sysfs_add, drivers/base/dd.c), and a folder a
 * driver is fewer calls than a link a function: on 1,000 functions ~1.4 ms against ~7 ms (docs/architecture.md,
 * "Start-up"). A function in no folder (unbound, or a `dgpu snapshot`, which keeps only the device's side) has
 * its own link read.
 */
function boundDrivers(root: string): Map<string, string> {
  const base = join(root, 'sys/bus/pci/drivers');
  const bound = new Map<string, string>();
  for (const driver of listDir(base) ?? []) {
    for (const entry of listDir(`${base}/${driver}`) ?? []) {
      const address = normalizeAddress(entry); // bind, unbind, new_id, module... are not addresses
      if (address !== null && !bound.has(address)) bound.set(address, driver);
    }
  }
  return bound;
}

/** What readFunction needs of the whole tree, read once. */
interface Shared {
  details: boolean;
  bound: Map<string, string>;
  /** sys/kernel/iommu_groups has groups: without any (IOMMU off), no function has an iommu_group link to read. */
  groups: boolean;
}

// Attributes are read through the sys/bus/pci/devices link itself: the kernel follows it in each lookup, which
// cost less than resolving it in JS first (one readlink and a path normalisation per function): reading 1,000
// functions in a fresh process went from about 73 to 57 ms.
function readFunction(dir: string, address: string, { details, bound, groups }: Shared): PciFunction {
  const modalias = readAttr(`${dir}/modalias`);
  const ids = idsOf(dir, modalias);
  // boot_vga exists only on VGA functions (pci_dev_attrs_are_visible and pci_is_vga, drivers/pci/pci-sysfs.c and
  // include/linux/pci.h: class 0300, or 0001 for pre-2.0 VGA devices); a 3D controller (0302) has none
  const vga = ids.class === null || ids.class.startsWith('0300') || ids.class.startsWith('0001');
  const bootVga = vga ? readAttr(`${dir}/boot_vga`) : null;
  const group = groups ? linkName(`${dir}/iommu_group`) : null;
  const override = details ? readAttr(`${dir}/driver_override`) : null;
  // one literal, not a spread of ids: a spread copies through a slower path, ~1 ms on 1,000 functions
  return {
    address,
    vendor: ids.vendor,
    device: ids.device,
    class: ids.class,
    subsystemVendor: ids.subsystemVendor,
    subsystemDevice: ids.subsystemDevice,
    revision: details ? hexAttr(`${dir}/revision`, 2) : null,
    driver: bound.get(address) ?? linkNameIfAny(`${dir}/driver`),
    iommuGroup: group !== null && /^\d+$/.test(group) ? Number(group) : null,
    bootVga: bootVga === '1' ? true : bootVga === '0' ? false : null,
    modalias,
    name: null,
    vendorName: null,
    // the kernel shows an unset override as "(null)" (drivers/pci/pci-sysfs.c, driver_override_show)
    driverOverride: override === null || override === '' || override === '(null)' ? null : override,
    // BAR sizes matter for GPUs only (Resizable BAR, DarwinKVM's BIOS Configuration page)
    bars: ids.class !== null && ids.class.startsWith('03') ? readBars(dir) : null,
  };
}

/**
 * Group number → sorted member addresses; `{}` when there are no groups (IOMMU off). A function's
 * iommu_group link and its group's devices/ entry are the same kernel object, so members come from the
 * links already read; only groups that no PCI function points at are listed (saves a readdir per group).
 */
function readGroups(root: string, names: string[], devices: PciFunction[]): Record<number, string[]> {
  const base = join(root, 'sys/kernel/iommu_groups');
  const groups = groupsOf(devices);
  for (const name of names) {
    if (!/^\d+$/.test(name) || groups[Number(name)]) continue;
    groups[Number(name)] = (listDir(join(base, name, 'devices')) ?? []).flatMap((m) => normalizeAddress(m) ?? []);
  }
  for (const members of Object.values(groups)) members.sort(compareAddress);
  return groups;
}

/** `kernel/drivers/vfio/pci/vfio-pci.ko.zst` → `vfio_pci` (module names use '_', file names may use '-'). */
function builtinModules(text: string): string[] {
  return text
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => l.trim().split('/').pop()!.replace(/\.ko(\..*)?$/, '').replace(/-/g, '_'));
}

function readModules(root: string, release: string | null, withAlias: boolean): KernelModules {
  if (release === null) return { aliasText: null, builtin: null, vendorReset: null };
  const builtin = readText(join(root, 'lib/modules', release, 'modules.builtin'));
  return {
    aliasText: withAlias ? readModulesAlias(root, release) : null,
    builtin: builtin === null ? null : builtinModules(builtin),
    vendorReset: findVendorReset(root, release),
  };
}

/** The running kernel's `modules.alias` (~1 MB), read only by the commands that plan (src/app/context.ts). */
export function readModulesAlias(root: string, release: string | null): string | null {
  // latin1 is a copy where decoding ~2 MB as UTF-8 costs a few ms; the aliases are ASCII (scripts/mod/file2alias.c)
  return release === null ? null : readText(join(root, 'lib/modules', release, 'modules.alias'), 'latin1');
}

function readOsRelease(root: string): Record<string, string> | null {
  // os-release(5): /etc/os-release, falling back to /usr/lib/os-release
  const text = readText(join(root, 'etc/os-release')) ?? readText(join(root, 'usr/lib/os-release'));
  return text === null ? null : parseOsRelease(text);
}

function checkRoot(root: string): void {
  let isDir = false;
  try {
    isDir = statSync(root).isDirectory();
  } catch {
    throw new EnvironmentError(`root ${root} does not exist`, 'pass an existing directory or snapshot to --root (default /)');
  }
  if (!isDir) throw new EnvironmentError(`root ${root} is not a directory`, 'pass a directory, or a .tar.gz made by `dgpu snapshot`');
  if (!existsSync(join(root, 'sys/bus/pci'))) {
    throw new EnvironmentError(
      `${root} is not a Linux root: it has no sys/bus/pci`,
      'for a text dump (lspci, IOMMU group listing) use `dgpu scan --from FILE`',
    );
  }
}

export async function readHost(root: string, opts: ReadHostOptions = {}): Promise<Host> {
  checkRoot(root);
  const base = join(root, 'sys/bus/pci/devices');
  const groupNames = listDir(join(root, 'sys/kernel/iommu_groups')) ?? [];
  const shared: Shared = { details: opts.details !== false, bound: boundDrivers(root), groups: groupNames.length > 0 };
  const devices = (listDir(base) ?? [])
    .flatMap((name) => {
      const address = normalizeAddress(name);
      return address === null ? [] : [readFunction(`${base}/${name}`, address, shared)];
    })
    .sort((a, b) => compareAddress(a.address, b.address));
  const release = readAttr(join(root, 'proc/sys/kernel/osrelease'));
  return {
    source: 'sysfs',
    devices: nameDevices(devices, readPciIds(root)),
    iommuGroups: readGroups(root, groupNames, devices),
    cmdline: readAttr(join(root, 'proc/cmdline')),
    ...readCpu(root),
    kernelRelease: release,
    modules: readModules(root, release, opts.modulesAlias === true),
    osRelease: readOsRelease(root),
    boot: shared.details ? probeBoot(root) : { bootloaders: [], initramfs: [] },
    usb: readUsb(root),
    known: { drivers: true, bootVga: true },
  };
}
