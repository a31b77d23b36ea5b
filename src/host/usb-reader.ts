// USB devices by the PCI controller they hang under. sys/bus/usb/devices holds links such as
//   usb1    -> ../../../devices/pci0000:00/0000:00:14.0/usb1          (root hub)
//   1-4     -> ../../../devices/pci0000:00/0000:00:14.0/usb1/1-4      (device)
//   1-4:1.0 -> .../1-4/1-4:1.0                                         (interface, skipped here)
// The controller is the last PCI address in the resolved path. Boot-protocol HID interfaces
// (class 03, subclass 01) mark keyboards (protocol 1) and mice (protocol 2): USB HID 1.11, appendix B.
import { readlinkSync } from 'node:fs';
import { dirname, join, posix } from 'node:path';
import { normalizeAddress } from '../core/address.js';
import type { UsbBus, UsbDevice } from '../core/host.js';
import { printableOrNull } from '../core/printable.js';
import { listDir, readAttr } from './read-file.js';

const ROOT_HUB = /^usb\d+$/;
const DEVICE = /^\d+-[\d.]+$/;

function controllerOf(linkPath: string): string | null {
  let target: string;
  try {
    target = readlinkSync(linkPath);
  } catch {
    return null;
  }
  const parts = posix.resolve(dirname(linkPath), target).split('/');
  for (let i = parts.length - 1; i >= 0; i--) {
    const a = /^[0-9a-f]{4}:/i.test(parts[i]!) ? normalizeAddress(parts[i]!) : null;
    if (a) return a;
  }
  return null;
}

function hidProtocols(dir: string, port: string): { keyboard: boolean; mouse: boolean } {
  let keyboard = false;
  let mouse = false;
  for (const name of listDir(dir) ?? []) {
    if (!name.startsWith(`${port}:`)) continue;
    const intf = join(dir, name);
    if (readAttr(join(intf, 'bInterfaceClass')) !== '03' || readAttr(join(intf, 'bInterfaceSubClass')) !== '01') continue;
    const protocol = readAttr(join(intf, 'bInterfaceProtocol'));
    if (protocol === '01') keyboard = true;
    if (protocol === '02') mouse = true;
  }
  return { keyboard, mouse };
}

function readDevice(dir: string, port: string): UsbDevice {
  return {
    port,
    vendor: readAttr(join(dir, 'idVendor')),
    product: readAttr(join(dir, 'idProduct')),
    // The device writes these strings itself: escaped before they can reach a terminal.
    manufacturerName: printableOrNull(readAttr(join(dir, 'manufacturer'))),
    productName: printableOrNull(readAttr(join(dir, 'product'))),
    ...hidProtocols(dir, port),
  };
}

/**
 * Ports in the kernel's numeric order, `1-2` before `1-10` and `1-4` before `1-4.1` (bus-port[.port...],
 * drivers/usb/core/usb.c). Compared number by number: a numeric localeCompare sorts the same, but it builds an
 * ICU collator: about 5 ms of `scan` on examples/host, which has USB devices (70 to 66 ms).
 */
export function comparePorts(a: string, b: string): number {
  const x = a.split(/[-.]/);
  const y = b.split(/[-.]/);
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const d = Number(x[i]) - Number(y[i]);
    if (d !== 0) return d;
  }
  return x.length - y.length;
}

const byPort = (a: UsbDevice, b: UsbDevice) => comparePorts(a.port, b.port);

/** null when the root has no sys/bus/usb at all (no USB core: nothing stated). */
export function readUsb(root: string): UsbBus[] | null {
  const base = join(root, 'sys/bus/usb/devices');
  const names = listDir(base);
  if (names === null) return null;
  const buses = new Map<string, UsbDevice[]>();
  for (const name of names.sort()) {
    if (!ROOT_HUB.test(name) && !DEVICE.test(name)) continue;
    const controller = controllerOf(join(base, name));
    if (controller === null) continue;
    if (!buses.has(controller)) buses.set(controller, []);
    if (DEVICE.test(name)) buses.get(controller)!.push(readDevice(join(base, name), name));
  }
  return [...buses.keys()].sort().map((controller) => ({ controller, devices: buses.get(controller)!.sort(byPort) }));
}
