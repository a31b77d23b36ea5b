// Display and input for a passed-through GPU (docs/domain.md, "The five steps", step 4): no virtual display (no <graphics>, video model
// 'none'), and the emulated keyboard, mouse and tablet removed only once another input path exists, so the user
// is never left without a keyboard.
import type { DomainView } from './domain.js';
import { optionValues } from './qemu-commandline.js';
import { attr, kid, kids, type XElement } from './xml-doc.js';
import type { XmlEditor, NewElement } from './xml-edit.js';
import { insertDevices } from './device-order.js';
import { evdevCompanions, keptWithEvdev } from './evdev-input.js';

export interface DisplayInputOptions {
  keepDisplay: boolean;
  removeEmulatedInput: boolean;
  evdev: { keyboard: string | null; mouse: string | null } | undefined;
}

const EMULATED_INPUT = new Set(['mouse', 'keyboard', 'tablet']);
const SPICE_CHARDEV = new Set(['spicevmc', 'spiceport']);
// DarwinKVM / OSX-KVM add these with `-device` in <qemu:commandline> (libvirt-macos-01, -03, -05).
const EMULATED_QEMU_DEVICE = /^(usb-tablet|usb-kbd|usb-mouse)(,|$)/;

export function applyDisplayAndInput(ed: XmlEditor, view: DomainView, o: DisplayInputOptions, warnings: string[]): void {
  if (!o.keepDisplay) removeDisplay(ed, view, warnings);
  if (o.removeEmulatedInput) removeEmulatedInput(ed, view, o.evdev !== undefined);
  if (o.evdev) addEvdev(ed, view, o.evdev, warnings);
}

function removeDisplay(ed: XmlEditor, view: DomainView, warnings: string[]): void {
  const graphics = kids(view.devices, 'graphics');
  graphics.forEach((g) => ed.remove(g));
  const [first, ...rest] = kids(view.devices, 'video');
  if (first && !isNoneVideo(first)) ed.replace(first, [{ name: 'video', attrs: [], children: [{ name: 'model', attrs: [['type', 'none']] }] }]);
  rest.forEach((v) => ed.remove(v));
  // Every <graphics> is gone now, so no <audio type='spice'> may stay: libvirt's QEMU driver refuses to start a domain
  // with SPICE audio and no SPICE graphics ("Spice audio is not supported without spice graphics", src/qemu/qemu_validate.c).
  // Type 'none' takes the same id and children (domaincommon.rng: audiospice and audionone have one shape), so a
  // <sound> that names the backend by id still finds it.
  for (const a of kids(view.devices, 'audio').filter((d) => attr(d, 'type') === 'spice')) {
    ed.setAttr(a, 'type', 'none');
    warnings.push(`<audio type='spice'> is now type='none' (libvirt refuses SPICE audio without SPICE graphics): the emulated sound card ` +
      'plays nowhere; use the GPU\'s HDMI/DP audio, or give <audio> a host backend (pulseaudio, pipewire)');
  }
  // So must every spicevmc or spiceport chardev (the SPICE agent channel, USB redirection, a spiceport serial, a
  // smartcard or an rng fed through SPICE): "chardev 'spicevmc' not supported without spice graphics"
  // (qemuValidateDomainChrSourceDef, src/qemu/qemu_validate.c). They carry nothing without a SPICE client.
  const spice = view.devices.children.filter((d) => SPICE_CHARDEV.has(attr(d, 'type') ?? '') ||
    (d.name === 'rng' && kids(d, 'backend').some((b) => SPICE_CHARDEV.has(attr(b, 'type') ?? ''))));
  spice.forEach((d) => ed.remove(d));
  if (spice.length > 0) {
    const names = [...new Set(spice.map((d) => `<${d.name}${attr(d, 'type') ? ` type='${attr(d, 'type')}'` : ''}>`))];
    warnings.push(`removed ${names.join(', ')}: libvirt refuses SPICE channels once the SPICE display is gone (USB redirection ` +
      'and the SPICE agent need a SPICE client)');
  }
}

function isNoneVideo(v: XElement): boolean {
  const model = kid(v, 'model');
  return v.children.length === 1 && model !== undefined && attr(model, 'type') === 'none' && model.attrs.length === 1;
}

/**
 * With evdev, the inputs DarwinKVM's EvdevKBM write-up keeps or adds stay (evdev-input.ts): the PS/2 pair, a
 * virtio keyboard and a USB mouse receive what the evdev devices send.
 */
function removeEmulatedInput(ed: XmlEditor, view: DomainView, evdev: boolean): void {
  for (const i of kids(view.devices, 'input')) {
    if (EMULATED_INPUT.has(attr(i, 'type') ?? '') && !(evdev && keptWithEvdev(i))) ed.remove(i);
  }
  for (const d of optionValues(view, 'device')) {
    if (EMULATED_QEMU_DEVICE.test(d.value)) {
      ed.remove(d.flag);
      ed.remove(d.el);
    }
  }
}

/** `<input type='evdev'>`: the keyboard grabs all input devices and toggles with both Ctrl keys (formatdomain.html#input-devices). */
function addEvdev(ed: XmlEditor, view: DomainView, ev: { keyboard: string | null; mouse: string | null }, warnings: string[]): void {
  const present = new Set(kids(view.devices, 'input').filter((i) => attr(i, 'type') === 'evdev')
    .map((i) => kid(i, 'source')).flatMap((s) => (s ? [attr(s, 'dev') ?? ''] : [])));
  const els: NewElement[] = [];
  if (ev.keyboard && !present.has(ev.keyboard)) {
    els.push({ name: 'input', attrs: [['type', 'evdev']], children: [
      { name: 'source', attrs: [['dev', ev.keyboard], ['grab', 'all'], ['grabToggle', 'ctrl-ctrl'], ['repeat', 'on']] }] });
  }
  if (ev.mouse && !present.has(ev.mouse)) {
    els.push({ name: 'input', attrs: [['type', 'evdev']], children: [{ name: 'source', attrs: [['dev', ev.mouse]] }] });
  }
  els.push(...evdevCompanions(view, warnings));
  insertDevices(ed, view, 'input', els);
}
