// `dgpu snapshot`: the minimal tree readHost needs, as a gzip'd tar a user can attach to a bug report,
// and `unpackSnapshot`, which src/host/open-root.ts uses to let any --root be such a snapshot.
// What goes in, and why nothing private does:
//   - sys/bus/pci/devices links and, per function, the attributes the reader reads plus the first 64 bytes
//     of config space (the standard header, so lspci can read the tree too); no resource files, no BARs;
//   - driver and iommu_group links, sys/kernel/iommu_groups, sys/bus/usb/devices with ids, names and HID
//     interface protocols (no serial numbers);
//   - of proc/cmdline only the parameters dgpu decides from (src/core/cmdline/public-cmdline.ts), the kernel
//     release, of proc/cpuinfo only the vendor_id line and a flags line cut to the vmx/svm flag it has;
//   - lib/modules/<release>/modules.alias and modules.builtin (public kernel data), etc/os-release;
//   - bootloader and initramfs evidence as EMPTY presence markers: /etc/default/grub and friends can hold
//     passwords (GRUB superusers) or private paths, so their contents stay home.
import { closeSync, mkdirSync, mkdtempSync, openSync, readSync, readlinkSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, posix } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { publicCmdline } from '../core/cmdline/public-cmdline.js';
import { virtualizationFlag } from './cpu-reader.js';
import { presentBootFacts, presentBootPaths } from './boot-probe.js';
import { listDir, readAttr, readHead } from './read-file.js';
import { decodeTar, encodeTar, type TarEntry } from './ustar.js';

const PCI_ATTRS = ['vendor', 'device', 'class', 'revision', 'subsystem_vendor', 'subsystem_device', 'modalias', 'boot_vga', 'driver_override'];
const USB_ATTRS = ['idVendor', 'idProduct', 'manufacturer', 'product'];
const USB_INTF_ATTRS = ['bInterfaceClass', 'bInterfaceSubClass', 'bInterfaceProtocol'];

function readBytes(path: string, max: number): Buffer | null {
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    const buf = Buffer.alloc(max);
    return buf.subarray(0, readSync(fd, buf, 0, max, 0));
  } catch {
    return null;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

class Collector {
  readonly entries = new Map<string, TarEntry>();
  constructor(private readonly root: string) {}

  file(rel: string, max = 64 * 1024 * 1024): void {
    const data = readBytes(join(this.root, rel), max);
    if (data !== null) this.entries.set(rel, { type: 'file', path: rel, data });
  }
  text(rel: string, content: string): void {
    this.entries.set(rel, { type: 'file', path: rel, data: Buffer.from(content) });
  }
  dir(rel: string): void {
    if (!this.entries.has(rel)) this.entries.set(rel, { type: 'dir', path: rel });
  }
  /** Adds the link and returns its target as a path relative to the root (null: not a link, or outside). */
  link(rel: string): string | null {
    let target: string;
    try {
      target = readlinkSync(join(this.root, rel));
    } catch {
      return null;
    }
    this.entries.set(rel, { type: 'symlink', path: rel, target });
    const resolved = posix.join(posix.dirname(rel), target);
    return target.startsWith('/') || resolved.startsWith('..') ? null : resolved;
  }
  /** A link's target directory, or the entry itself when it is a plain directory (a copied tree). */
  linkedDir(rel: string): string | null {
    const target = this.link(rel);
    if (target !== null) return target;
    try {
      return statSync(join(this.root, rel)).isDirectory() ? rel : null;
    } catch {
      return null;
    }
  }

  /** Every parent directory gets its own entry, so empty directories and modes survive. */
  finish(): TarEntry[] {
    for (const path of [...this.entries.keys()]) {
      for (let d = posix.dirname(path); d !== '.'; d = posix.dirname(d)) this.dir(d);
    }
    return [...this.entries.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  }
}

function collectPci(c: Collector, root: string): void {
  c.dir('sys/bus/pci/devices');
  for (const name of listDir(join(root, 'sys/bus/pci/devices')) ?? []) {
    const dir = c.linkedDir(`sys/bus/pci/devices/${name}`);
    if (dir === null) continue;
    for (const a of PCI_ATTRS) c.file(`${dir}/${a}`);
    c.file(`${dir}/config`, 64); // the standard header only (PCI Local Bus spec 3.0, 6.1)
    for (const l of ['driver', 'iommu_group']) {
      const target = c.link(`${dir}/${l}`);
      if (target !== null) c.dir(target);
    }
  }
  const groups = 'sys/kernel/iommu_groups';
  if (listDir(join(root, groups)) !== null) c.dir(groups);
  for (const g of listDir(join(root, groups)) ?? []) {
    c.dir(`${groups}/${g}/devices`);
    for (const m of listDir(join(root, groups, g, 'devices')) ?? []) c.link(`${groups}/${g}/devices/${m}`);
  }
}

function collectUsb(c: Collector, root: string): void {
  const base = 'sys/bus/usb/devices';
  const names = listDir(join(root, base));
  if (names === null) return;
  c.dir(base);
  for (const name of names) {
    const dir = c.linkedDir(`${base}/${name}`);
    if (dir === null || name.includes(':')) continue; // interfaces are read from their device's directory
    for (const a of USB_ATTRS) c.file(`${dir}/${a}`);
    for (const intf of listDir(join(root, dir)) ?? []) {
      if (intf.startsWith(`${name}:`)) for (const a of USB_INTF_ATTRS) c.file(`${dir}/${intf}/${a}`);
    }
  }
}

function collectSystem(c: Collector, root: string): void {
  const cmdline = readAttr(join(root, 'proc/cmdline'));
  if (cmdline !== null) c.text('proc/cmdline', `${publicCmdline(cmdline)}\n`);
  c.file('proc/sys/kernel/osrelease');
  const cpuinfo = readHead(join(root, 'proc/cpuinfo'), 16384) ?? '';
  const vendor = /^vendor_id\s*:.*$/m.exec(cpuinfo);
  const virt = virtualizationFlag(cpuinfo);
  const flags = virt === null ? '' : `flags\t\t:${virt === 'none' ? '' : ` ${virt}`}\n`;
  if (vendor || flags) c.text('proc/cpuinfo', `${vendor ? `${vendor[0]}\n` : ''}${flags}`);
  const release = readAttr(join(root, 'proc/sys/kernel/osrelease'));
  if (release !== null && !release.includes('/')) {
    c.file(`lib/modules/${release}/modules.alias`);
    c.file(`lib/modules/${release}/modules.builtin`);
  }
  c.file('etc/os-release');
  if (!c.entries.has('etc/os-release')) c.file('usr/lib/os-release');
  // the facts too (kernel images, the systemd library, Proxmox's tools): they decide the regeneration command
  for (const p of [...presentBootPaths(root), ...presentBootFacts(root)]) {
    const rel = p.slice(1);
    let isDir = false;
    try {
      isDir = statSync(join(root, rel)).isDirectory();
    } catch {
      continue;
    }
    if (isDir) c.dir(rel);
    else c.text(rel, ''); // presence only: see the header comment
  }
}

/** The tar entries of a snapshot of `root` (an existing Linux root). */
export function collectSnapshot(root: string): TarEntry[] {
  const c = new Collector(root);
  collectPci(c, root);
  collectUsb(c, root);
  collectSystem(c, root);
  return c.finish();
}

/** The snapshot of `root` as .tar.gz bytes, for the caller to write where the user asked. */
export function collectSnapshotArchive(root: string): { entries: number; data: Buffer } {
  const entries = collectSnapshot(root);
  return { entries: entries.length, data: gzipSync(encodeTar(entries), { level: 9 }) };
}

/**
 * Extracts into an empty `dir`. Refuses absolute paths, '..' and any entry that would be written through a
 * symlink extracted before it (a crafted snapshot must not write outside `dir`).
 */
export function extractEntries(entries: readonly TarEntry[], dir: string): void {
  const links = new Set<string>();
  for (const e of entries) {
    const path = posix.normalize(e.path).replace(/\/$/, '');
    if (path === '.') continue; // GNU tar's "./" entry
    if (path.startsWith('/') || path === '..' || path.startsWith('../')) throw new Error(`unsafe path in archive: ${e.path}`);
    for (let p = path; p !== '.'; p = posix.dirname(p)) {
      if (links.has(p)) throw new Error(`archive entry goes through a symlink: ${e.path}`);
    }
    const dest = join(dir, path);
    if (e.type === 'dir') {
      mkdirSync(dest, { recursive: true });
      continue;
    }
    mkdirSync(posix.dirname(dest), { recursive: true });
    if (e.type === 'file') writeFileSync(dest, e.data, { flag: 'wx' });
    else {
      symlinkSync(e.target, dest);
      links.add(path);
    }
  }
}

// A snapshot is a few MB unpacked (modules.alias is the largest file, ~1.5 MB): this bound stops a gzip bomb or
// the wrong file long before memory does (src/host/open-root.ts bounds the packed size).
const MAX_UNPACKED = 64 * 1024 * 1024;

/** Unpacks .tar.gz bytes into a new temporary directory that `cleanup` removes; throws on a bad archive. */
export function unpackSnapshot(gz: Buffer): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'dgpu-snapshot-'));
  const cleanup = () => rmSync(dir, { recursive: true, force: true });
  try {
    extractEntries(decodeTar(gunzipSync(gz, { maxOutputLength: MAX_UNPACKED })), dir);
  } catch (e) {
    cleanup();
    throw e;
  }
  return { dir, cleanup };
}
