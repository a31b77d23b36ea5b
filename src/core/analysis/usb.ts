// USB controllers (class 0c03) with their groups and what is plugged into each, so the user sees which
// controller holds the keyboard before giving one away.
import type { Host, UsbDevice } from '../host.js';
import { idsOf } from './gpu.js';
import { groupViability, type Blocker } from './iommu.js';
import { isUsbController } from '../pci-class.js';

export interface UsbController {
  address: string;
  ids: string | null;
  name: string | null;
  driver: string | null;
  iommuGroup: number | null;
  viable: boolean | null;
  blockers: Blocker[];
  /** What is plugged in; null when the source does not say. */
  devices: UsbDevice[] | null;
  keyboard: boolean;
  mouse: boolean;
}

export function usbControllers(host: Host): UsbController[] {
  const buses = new Map((host.usb ?? []).map((b) => [b.controller, b]));
  return host.devices.filter((d) => isUsbController(d.class)).map((d) => {
    const bus = buses.get(d.address);
    const devices = host.usb === null ? null : (bus?.devices ?? []);
    const { viable, blockers } = groupViability(host, [d.address]);
    return {
      address: d.address,
      ids: idsOf(d),
      name: d.name,
      driver: d.driver,
      iommuGroup: d.iommuGroup,
      viable,
      blockers,
      devices,
      keyboard: devices?.some((u) => u.keyboard) ?? false,
      mouse: devices?.some((u) => u.mouse) ?? false,
    };
  });
}
