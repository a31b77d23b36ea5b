// The five real macOS domains and what is attached to each (host facts from test/fixtures/real-hosts).
import type { AttachRequest } from '../../../src/core/vm/attach.js';

export interface GoldenCase {
  /** Input `NAME-in.xml`; the golden output is `NAME-out.xml`, or `NAME-VARIANT-out.xml`. */
  file: string;
  variant?: string;
  /** Domain name, for `virsh dumpxml`. */
  name: string;
  why: string;
  req: AttachRequest;
}

const gpu = (bus: string, classes: string[]) =>
  classes.map((cls, i) => ({ address: `0000:${bus}:00.${i}`, class: cls }));

export const GOLDEN: GoldenCase[] = [
  {
    file: 'libvirt-macos-01-ozzyhelix-usb-controller-hostdev', name: 'macOS',
    why: 'host-11 (AMD): 4-function Turing card, the USB controller already passed stays, input usb removes ps2 and usb-tablet/kbd, topoext added',
    req: { functions: gpu('05', ['030000', '040300', '0c0330', '0c8000']), also: [{ address: '0000:14:00.0', class: '0c0330' }],
      cpuVendor: 'amd', input: 'usb', keepDisplay: false },
  },
  {
    file: 'libvirt-macos-02-ashtonian-kvm-aio-gpu-hostdev', name: 'macOS',
    why: 'host-05 (Intel): a second GPU next to the one already passed on bus 0x04; it needs a free root port',
    req: { functions: gpu('03', ['030000', '040300']), also: [], cpuVendor: 'intel', input: 'keep', keepDisplay: false },
  },
  {
    file: 'libvirt-macos-02-ashtonian-kvm-aio-gpu-hostdev', variant: 'usb', name: 'macOS',
    why: 'host-05: the GPU and three USB controllers on the free root ports; the onboard audio on guest bus 0 slot 0x02, as the Motherboard Audio page ends up',
    req: { functions: gpu('03', ['030000', '040300']), cpuVendor: 'intel', input: 'usb', keepDisplay: false, also: [
      { address: '0000:0d:00.0', class: '0c0330' }, { address: '0000:41:00.0', class: '0c0330' },
      { address: '0000:00:14.0', class: '0c0330' }, { address: '0000:00:1f.3', class: '040300' }] },
  },
  {
    file: 'libvirt-macos-03-osx-kvm-catalina-commented-hostdev', name: 'macOS',
    why: 'the GPU hostdevs in comments stay comments; graphics and video go; evdev input as the EvdevKBM write-up (virtio keyboard, USB mouse); AMD host without <cpu>',
    req: { functions: gpu('2d', ['030000', '040300']), also: [], cpuVendor: 'amd', input: 'evdev', keepDisplay: false,
      evdev: { keyboard: '/dev/input/by-id/usb-Logitech_USB_Keyboard-event-kbd', mouse: '/dev/input/by-id/usb-Logitech_USB_Optical_Mouse-event-mouse' } },
  },
  {
    file: 'libvirt-macos-04-ultmos-domainExample', name: 'hpfsn-osx',
    why: 'the GPU functions split across guest buses 0x03 and 0x05 are put back on one slot',
    req: { functions: gpu('04', ['030000', '040300']), also: [], cpuVendor: 'intel', input: 'keep', keepDisplay: false },
  },
  {
    file: 'libvirt-macos-04-ultmos-domainExample', variant: 'audio', name: 'hpfsn-osx',
    why: 'ULTMOS (DarwinKVM\'s predecessor): the board\'s HD audio for AppleALC on guest bus 0, the first free slot (Motherboard Audio page)',
    req: { functions: gpu('04', ['030000', '040300']), also: [{ address: '0000:00:1f.3', class: '040300' }], cpuVendor: 'intel', input: 'keep', keepDisplay: false },
  },
  {
    file: 'libvirt-macos-05-manu-romero-igpu-pch-hostdev', name: 'macOS',
    why: 'an Intel iGPU with a ROM file: its hostdev and guest 00:02.0 are kept; evdev input: the PS/2 pair stays, a virtio keyboard and a USB mouse join (EvdevKBM write-up)',
    req: { functions: [{ address: '0000:00:02.0', class: '030000' }], also: [], cpuVendor: 'intel', input: 'evdev', keepDisplay: false,
      evdev: { keyboard: '/dev/input/by-id/usb-SONiX_USB_DEVICE-event-kbd', mouse: null } },
  },
];
