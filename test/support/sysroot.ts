// Builds a fake root (sys, proc, etc, lib/modules) with the real sysfs layout: PCI functions live under
// sys/devices/pci0000:00/..., and sys/bus/pci/devices, iommu_group and driver are symlinks into it, so the
// reader is tested through links the way a real host presents them, and lspci can read the same tree.
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';

export interface FakeDevice {
  address: string; // 0000:0a:00.0
  vendor: string;
  device: string;
  class: string; // six hex digits
  revision?: string;
  subsystemVendor?: string;
  subsystemDevice?: string;
  driver?: string | null;
  group?: number | null;
  bootVga?: boolean;
  /** Address of the bridge above it; the device directory nests under that bridge's. */
  parent?: string;
  /** sysfs driver_override; unset shows as "(null)", as the kernel does. */
  driverOverride?: string;
  /** More attribute files in the device's directory (`resource`, `resource0_resize`, `rom`...), name → content. */
  attrs?: Record<string, string | Buffer>;
}

export interface FakeUsbDevice {
  controller: string; // PCI address of the xHCI controller
  port: string; // e.g. "1-4"
  vendor: string;
  product: string;
  manufacturerName?: string;
  productName?: string;
  /** HID boot protocol: 1 keyboard, 2 mouse. */
  hidProtocols?: number[];
}

export interface FakeHostSpec {
  devices: FakeDevice[];
  cmdline?: string;
  cpuVendor?: 'GenuineIntel' | 'AuthenticAMD';
  /** The `flags` line of /proc/cpuinfo; none by default (as in a snapshot of an older dgpu). */
  cpuFlags?: string;
  kernel?: string;
  /** Extra modules.alias lines; default: a small real-looking set (amdgpu, nouveau, snd_hda_intel, xhci_pci...). */
  modulesAlias?: string;
  modulesBuiltin?: string;
  osRelease?: string;
  /** Extra files, path relative to the root → content. */
  files?: Record<string, string>;
  usb?: FakeUsbDevice[];
  /** Root hubs to write even with nothing plugged in (an xHCI has two: USB 2 and USB 3). */
  usbBuses?: Array<{ controller: string; bus: number }>;
}

export const DEFAULT_MODULES_ALIAS = [
  'alias pci:v00001002d*sv*sd*bc03sc*i* amdgpu',
  'alias pci:v00001002d000073FFsv*sd*bc*sc*i* amdgpu',
  'alias pci:v00001002d*sv*sd*bc03sc*i* radeon',
  'alias pci:v000010DEd*sv*sd*bc03sc*i* nouveau',
  'alias pci:v000010DEd*sv*sd*bc03sc00i00 nvidiafb',
  'alias pci:v*d*sv*sd*bc04sc03i* snd_hda_intel',
  'alias pci:v*d*sv*sd*bc0Csc03i30 xhci_pci',
  'alias pci:v000010DEd*sv*sd*bc0Csc80i00 i2c_nvidia_gpu',
  'alias pci:v000010DEd00001AD9sv*sd*bc*sc*i* ucsi_ccg',
  'alias pci:v00008086d*sv*sd*bc03sc*i* i915',
  'alias pci:v00001234d00001111sv*sd*bc03sc00i00 bochs',
  'alias pci:v*d*sv*sd*bc*sc*i* vfio_pci',
].join('\n') + '\n';

const hex = (s: string, width: number) => s.toUpperCase().padStart(width, '0');

export function modaliasOf(d: FakeDevice): string {
  const c = d.class.padEnd(6, '0');
  return `pci:v0000${hex(d.vendor, 4)}d0000${hex(d.device, 4)}sv0000${hex(d.subsystemVendor ?? '0000', 4)}` +
    `sd0000${hex(d.subsystemDevice ?? '0000', 4)}bc${hex(c.slice(0, 2), 2)}sc${hex(c.slice(2, 4), 2)}i${hex(c.slice(4, 6), 2)}`;
}

/** The first 64 bytes of config space, so that lspci reads the same ids, class and revision as the files. */
function configSpace(d: FakeDevice): Buffer {
  const b = Buffer.alloc(64);
  b.writeUInt16LE(parseInt(d.vendor, 16), 0);
  b.writeUInt16LE(parseInt(d.device, 16), 2);
  b.writeUInt16LE(0x0007, 4); // command: I/O, memory, bus master
  b.writeUInt8(parseInt(d.revision ?? '00', 16), 8);
  const c = d.class.padEnd(6, '0');
  b.writeUInt8(parseInt(c.slice(4, 6), 16), 9);
  b.writeUInt8(parseInt(c.slice(2, 4), 16), 10);
  b.writeUInt8(parseInt(c.slice(0, 2), 16), 11);
  const bridge = c.startsWith('0604');
  b.writeUInt8(bridge ? 0x01 : 0x00, 14);
  if (!bridge) {
    b.writeUInt16LE(parseInt(d.subsystemVendor ?? '0000', 16), 0x2c);
    b.writeUInt16LE(parseInt(d.subsystemDevice ?? '0000', 16), 0x2e);
  }
  return b;
}

function write(root: string, rel: string, content: string | Buffer): void {
  const p = join(root, rel);
  mkdirSync(dirname(p), { recursive: true });
  writeFileSync(p, content);
}

function link(root: string, rel: string, targetRel: string): void {
  const p = join(root, rel);
  mkdirSync(dirname(p), { recursive: true });
  symlinkSync(relative(dirname(p), join(root, targetRel)), p);
}

function devicePath(spec: FakeHostSpec, address: string): string {
  const byAddr = new Map(spec.devices.map((d) => [d.address, d]));
  const chain: string[] = [];
  for (let a: string | undefined = address; a; a = byAddr.get(a)?.parent) chain.unshift(a);
  const top = chain[0]!; // the root bus of the chain names the host bridge directory, e.g. pci0000:80
  return `sys/devices/pci${top.slice(0, 7)}/${chain.join('/')}`;
}

/** Writes the tree into `root` (created if needed) and returns it. */
export function writeSysroot(root: string, spec: FakeHostSpec): string {
  const kernel = spec.kernel ?? '6.8.0-test';
  for (const d of spec.devices) {
    const dir = devicePath(spec, d.address);
    const f = (name: string, v: string) => write(root, `${dir}/${name}`, `${v}\n`);
    f('vendor', `0x${d.vendor}`);
    f('device', `0x${d.device}`);
    f('class', `0x${d.class.padEnd(6, '0')}`);
    f('revision', `0x${d.revision ?? '00'}`);
    f('subsystem_vendor', `0x${d.subsystemVendor ?? '0000'}`);
    f('subsystem_device', `0x${d.subsystemDevice ?? '0000'}`);
    f('modalias', modaliasOf(d));
    write(root, `${dir}/driver_override`, `${d.driverOverride ?? '(null)'}\n`);
    write(root, `${dir}/config`, configSpace(d));
    // on VGA functions only, as the kernel (pci_is_vga): a 3D or other display controller has none
    if (d.class.startsWith('0300')) f('boot_vga', d.bootVga ? '1' : '0');
    for (const [name, content] of Object.entries(d.attrs ?? {})) write(root, `${dir}/${name}`, content);
    link(root, `sys/bus/pci/devices/${d.address}`, dir);
    if (d.driver) {
      mkdirSync(join(root, `sys/bus/pci/drivers/${d.driver}`), { recursive: true });
      link(root, `${dir}/driver`, `sys/bus/pci/drivers/${d.driver}`);
      link(root, `sys/bus/pci/drivers/${d.driver}/${d.address}`, dir);
    }
    if (d.group !== undefined && d.group !== null) {
      link(root, `${dir}/iommu_group`, `sys/kernel/iommu_groups/${d.group}`);
      link(root, `sys/kernel/iommu_groups/${d.group}/devices/${d.address}`, dir);
    }
  }
  mkdirSync(join(root, 'sys/kernel/iommu_groups'), { recursive: true });
  mkdirSync(join(root, 'sys/bus/pci/devices'), { recursive: true });
  for (const { controller, bus } of spec.usbBuses ?? []) {
    const hub = `${devicePath(spec, controller)}/usb${bus}`;
    write(root, `${hub}/idVendor`, '1d6b\n');
    write(root, `${hub}/idProduct`, '0003\n');
    link(root, `sys/bus/usb/devices/usb${bus}`, hub);
  }
  for (const u of spec.usb ?? []) {
    const bus = u.port.split('-')[0]!;
    const ctrl = devicePath(spec, u.controller);
    const usbDir = `${ctrl}/usb${bus}/${u.port}`;
    write(root, `${ctrl}/usb${bus}/idVendor`, '1d6b\n');
    write(root, `${ctrl}/usb${bus}/idProduct`, '0003\n');
    write(root, `${usbDir}/idVendor`, `${u.vendor}\n`);
    write(root, `${usbDir}/idProduct`, `${u.product}\n`);
    if (u.manufacturerName) write(root, `${usbDir}/manufacturer`, `${u.manufacturerName}\n`);
    if (u.productName) write(root, `${usbDir}/product`, `${u.productName}\n`);
    (u.hidProtocols ?? []).forEach((p, i) => {
      const intf = `${usbDir}/${u.port}:1.${i}`;
      write(root, `${intf}/bInterfaceClass`, '03\n');
      write(root, `${intf}/bInterfaceSubClass`, '01\n');
      write(root, `${intf}/bInterfaceProtocol`, `0${p}\n`);
    });
    const busLink = `sys/bus/usb/devices/usb${bus}`;
    try { link(root, busLink, `${ctrl}/usb${bus}`); } catch { /* already linked by an earlier device */ }
    link(root, `sys/bus/usb/devices/${u.port}`, usbDir);
  }
  write(root, 'proc/cmdline', `${spec.cmdline ?? 'BOOT_IMAGE=/boot/vmlinuz root=/dev/sda1 ro quiet'}\n`);
  write(root, 'proc/cpuinfo', `processor\t: 0\nvendor_id\t: ${spec.cpuVendor ?? 'AuthenticAMD'}\nmodel name\t: Test CPU\n${spec.cpuFlags === undefined ? '' : `flags\t\t: ${spec.cpuFlags}\n`}\n`);
  write(root, 'proc/sys/kernel/osrelease', `${kernel}\n`);
  write(root, `lib/modules/${kernel}/modules.alias`, spec.modulesAlias ?? DEFAULT_MODULES_ALIAS);
  write(root, `lib/modules/${kernel}/modules.builtin`, spec.modulesBuiltin ?? 'kernel/drivers/vfio/vfio.ko\n');
  write(root, 'etc/os-release', spec.osRelease ?? 'NAME="Debian GNU/Linux"\nID=debian\nVERSION_ID="12"\n');
  for (const [rel, content] of Object.entries(spec.files ?? {})) write(root, rel, content);
  return root;
}

/** A fresh temporary root with the tree written; call `cleanup` when done. */
export function makeSysroot(spec: FakeHostSpec): { root: string; cleanup: () => void } {
  const root = mkdtempSync(join(tmpdir(), 'dgpu-root-'));
  writeSysroot(root, spec);
  return { root, cleanup: () => rmSync(root, { recursive: true, force: true }) };
}
