// `--input evdev` as DarwinKVM's EvdevKBM write-up: the PS/2 pair kept, a virtio keyboard and a USB
// mouse added once, the departures said; no USB mouse where the domain has no USB controller. The golden cases
// 03 and 05 (golden-cases.ts) check the whole domains against libvirt.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { attachGpu, type AttachRequest } from '../../../src/core/vm/attach.js';
import { EVDEV_NOTE } from '../../../src/core/vm/evdev-input.js';
import { libvirtAccepts } from '../../support/libvirt-oracle.js';

const DOMAIN = readFileSync('test/fixtures/vm/libvirt-macos-05-manu-romero-igpu-pch-hostdev-in.xml', 'utf8');
const REQ: AttachRequest = {
  functions: [{ address: '0000:00:02.0', class: '030000' }], also: [], cpuVendor: 'intel', input: 'evdev', keepDisplay: false,
  evdev: { keyboard: '/dev/input/by-id/usb-SONiX_USB_DEVICE-event-kbd', mouse: '/dev/input/by-id/usb-Logitech-event-mouse' },
};
const inputs = (xml: string) => [...xml.matchAll(/<input type='([^']+)'(?: bus='([^']+)')?/g)].map((m) => `${m[1]}${m[2] ? `/${m[2]}` : ''}`);

describe('evdev input the EvdevKBM way', () => {
  it('keeps PS/2, adds the evdev pair, a virtio keyboard and a USB mouse, and says where it departs', () => {
    const { xml, warnings } = attachGpu(DOMAIN, REQ);
    expect(inputs(xml).sort()).toEqual(['evdev', 'evdev', 'keyboard/ps2', 'keyboard/virtio', 'mouse/ps2', 'mouse/usb']);
    expect(warnings).toContain(EVDEV_NOTE);
    expect(EVDEV_NOTE).toContain('VoodooPS2');
    expect(EVDEV_NOTE).toContain('security_default_confined');
    expect(attachGpu(xml, REQ).xml).toBe(xml);
  });

  it('without a USB controller (model none): no USB mouse, a warning; libvirt accepts the domain', () => {
    const noUsb = DOMAIN.replace(/<controller type='usb'[^>]*>[\s\S]*?<\/controller>/, '').replace('<devices>', "<devices>\n    <controller type='usb' model='none'/>");
    const { xml, warnings } = attachGpu(noUsb, REQ);
    expect(inputs(xml)).not.toContain('mouse/usb');
    expect(warnings.join('\n')).toContain('no USB mouse added');
    const r = libvirtAccepts(xml, 'macOS');
    expect(r.validateOk, r.validateOutput).toBe(true);
    expect(r.virshOk, r.virshOutput).toBe(true);
  });
});
