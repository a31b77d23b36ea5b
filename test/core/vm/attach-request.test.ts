import { describe, expect, it } from 'vitest';
import { emptyHost, type Host, type PciFunction } from '../../../src/core/host.js';
import { buildAttachRequest } from '../../../src/core/vm/attach-request.js';
import { UsageError } from '../../../src/core/errors.js';

const fn = (address: string, vendor: string, cls: string, group: number): PciFunction => ({
  address, vendor, device: '0000', class: cls, revision: null, subsystemVendor: null, subsystemDevice: null, driver: null,
  iommuGroup: group, bootVga: false, modalias: null, name: null, vendorName: null, driverOverride: null, bars: null });

// host-11's layout: a 4-function NVIDIA card, an AMD chipset xHCI sharing its group with a SATA controller.
function host(): Host {
  const h = emptyHost('sysfs');
  h.cpuVendor = 'amd';
  h.devices = [
    fn('0000:00:01.1', '1022', '060400', 2), fn('0000:05:00.0', '10de', '030000', 14), fn('0000:05:00.1', '10de', '040300', 14),
    fn('0000:05:00.2', '10de', '0c0330', 14), fn('0000:05:00.3', '10de', '0c8000', 14), fn('0000:15:00.0', '1022', '0c0330', 20),
    fn('0000:15:00.1', '1022', '010601', 20), fn('0000:14:00.0', '1912', '0c0330', 21)];
  h.iommuGroups = { 2: ['0000:00:01.1'], 14: ['0000:05:00.0', '0000:05:00.1', '0000:05:00.2', '0000:05:00.3'],
    20: ['0000:15:00.0', '0000:15:00.1'], 21: ['0000:14:00.0'] };
  h.usb = [{ controller: '0000:14:00.0', devices: [{ port: '3-1', vendor: '046d', product: 'c31c', manufacturerName: 'Logitech', productName: 'USB Keyboard', keyboard: true, mouse: false }] }];
  return h;
}

describe('buildAttachRequest', () => {
  it('takes every function of the card, defaults to usb input with a USB controller, and warns', () => {
    const { request, warnings } = buildAttachRequest(host(), { gpu: '0000:05:00.0', also: ['0000:14:00.0', '0000:15:00.0'], keepDisplay: false });
    expect(request.functions.map((f) => f.address)).toEqual(['0000:05:00.0', '0000:05:00.1', '0000:05:00.2', '0000:05:00.3']);
    expect(request.input).toBe('usb');
    expect(request.cpuVendor).toBe('amd');
    expect(warnings).toEqual([
      'IOMMU group 20 of 0000:15:00.0 also holds 0000:15:00.1, which would have to go to the guest too; pass them with --also or pick another device',
      'the keyboard USB Keyboard (USB 3-1) is plugged into 0000:14:00.0, which goes to the guest: the host has no keyboard while the VM runs',
    ]);
  });

  it('keeps input without --also, and finds the evdev devices', () => {
    expect(buildAttachRequest(host(), { gpu: '0000:05:00.0', also: [], keepDisplay: false }).request.input).toBe('keep');
    const { request } = buildAttachRequest(host(), { gpu: '0000:05:00.0', also: [], input: 'evdev', keepDisplay: false, evdevNames: ['usb-K-event-kbd'] });
    expect(request.evdev).toEqual({ keyboard: '/dev/input/by-id/usb-K-event-kbd', mouse: null });
  });

  it('refuses an address the host does not have', () => {
    expect(() => buildAttachRequest(host(), { gpu: '0000:0a:00.0', also: [], keepDisplay: false })).toThrow(UsageError);
  });

  it('names a blocker with its name and driver, and says when the IOMMU is off', () => {
    const h = host();
    const sata = h.devices.find((d) => d.address === '0000:15:00.1')!;
    sata.name = 'FCH SATA Controller';
    sata.driver = 'ahci';
    expect(buildAttachRequest(h, { gpu: '0000:05:00.0', also: ['0000:15:00.0'], keepDisplay: false }).warnings).toEqual([
      'IOMMU group 20 of 0000:15:00.0 also holds 0000:15:00.1 (FCH SATA Controller, driver ahci), which would have to go to the guest too; pass them with --also or pick another device']);
    sata.driver = 'vfio-pci'; // already held by vfio: no blocker (src/core/analysis/iommu.ts)
    expect(buildAttachRequest(h, { gpu: '0000:05:00.0', also: ['0000:15:00.0'], keepDisplay: false }).warnings).toEqual([]);
    h.iommuGroups = {};
    h.devices.forEach((d) => { d.iommuGroup = null; });
    expect(buildAttachRequest(h, { gpu: '0000:05:00.0', also: [], keepDisplay: false }).warnings).toEqual([
      'no IOMMU groups: the IOMMU is off, so the VM will not start with these devices']);
  });

  it('refuses a function of the GPU other than its display, naming the GPU', () => {
    expect(() => buildAttachRequest(host(), { gpu: '0000:05:00.1', also: [], keepDisplay: false }))
      .toThrow('--gpu 0000:05:00.1 is a function of the GPU 0000:05:00.0, not its display');
    expect(() => buildAttachRequest(host(), { gpu: '0000:15:00.0', also: [], keepDisplay: false })).toThrow('is not a display function');
  });
});
