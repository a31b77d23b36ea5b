// `--input evdev` as DarwinKVM's EvdevKBM write-up does it ("XML Modifications" page): the evdev keyboard (grab
// all, grabToggle ctrl-ctrl, repeat on) and mouse go in beside the PS/2 mouse and keyboard, which stay; a virtio
// keyboard and a USB mouse are added ("Add Hardware > Input > USB Mouse"). In the guest, VoodooPS2 drives the PS/2
// keyboard on macOS 10.14 and older (RehabMan's PS2 driver on OS X 10.11 and older; "Adding VoodooPS2" page).
// Where dgpu departs from the write-up:
// - the virtio keyboard gets no fixed <address> (the page's bus 0x0a function 7 is its author's domain): libvirt
//   places it;
// - the page removes the USB controller so that it cannot capture the keyboard; dgpu keeps the domain's emulated
//   USB controller (the USB mouse needs it) and warns when a passed host controller holds the keyboard;
// - qemu.conf gets only the evdev paths in cgroup_device_acl, not `security_default_confined = 0` nor
//   `clear_emulator_capabilities = 0`: both weaken every guest's confinement, and libvirt labels evdev sources
//   itself (virt-aa-helper adds them "rw" to the guest's AppArmor profile, src/security/virt-aa-helper.c; the
//   SELinux driver labels them, security_selinux.c).
import type { DomainView } from './domain.js';
import { attr, kids, type XElement } from './xml-doc.js';
import type { NewElement } from './xml-edit.js';

const input = (el: XElement) => ({ type: attr(el, 'type'), bus: attr(el, 'bus') });

/** The emulated inputs an evdev setup keeps: PS/2 ones, a virtio keyboard, a USB mouse. */
export function keptWithEvdev(el: XElement): boolean {
  const { type, bus } = input(el);
  return bus === 'ps2' || (type === 'keyboard' && bus === 'virtio') || (type === 'mouse' && bus === 'usb');
}

export const EVDEV_NOTE = 'evdev input as DarwinKVM\'s EvdevKBM write-up: PS/2 kept, a virtio keyboard and a USB mouse added; ' +
  'in macOS 10.14 and older add VoodooPS2 (EFI/OC/Kexts); unlike the write-up, qemu.conf keeps security_default_confined and ' +
  'clear_emulator_capabilities (libvirt labels the evdev devices itself) and the domain keeps its USB controller';

export function evdevCompanions(view: DomainView, warnings: string[]): NewElement[] {
  const inputs = kids(view.devices, 'input').map(input);
  const out: NewElement[] = [];
  if (!inputs.some((i) => i.type === 'keyboard' && i.bus === 'virtio')) out.push({ name: 'input', attrs: [['type', 'keyboard'], ['bus', 'virtio']] });
  const noUsb = kids(view.devices, 'controller').some((c) => attr(c, 'type') === 'usb' && attr(c, 'model') === 'none');
  if (noUsb) warnings.push('the domain has no USB controller (model none): no USB mouse added; the evdev mouse reaches the PS/2 one');
  else if (!inputs.some((i) => i.type === 'mouse' && i.bus === 'usb')) out.push({ name: 'input', attrs: [['type', 'mouse'], ['bus', 'usb']] });
  warnings.push(EVDEV_NOTE);
  return out;
}
