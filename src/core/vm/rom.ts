// The GPU's ROM in the domain: `<rom file='...'/>` hands the guest a VBIOS image instead of the card's own, and
// `<rom bar='off'/>` hides the ROM BAR (libvirt formatdomain, "Host device assignment", hostdev <rom>: "bar" on/off,
// "file" a binary presented to the guest as the device's ROM BIOS). Both on function 0, the display function, whose
// ROM the firmware runs.
import { attr, kid, type XElement } from './xml-doc.js';
import type { NewElement, XmlEditor } from './xml-edit.js';

export interface RomRequest {
  file?: string;
  bar?: 'on' | 'off';
}

function romAttrs(rom: RomRequest): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  if (rom.bar !== undefined) out.push(['bar', rom.bar]);
  if (rom.file !== undefined) out.push(['file', rom.file]);
  return out;
}

export function romElement(rom: RomRequest | undefined): NewElement[] {
  const attrs = rom === undefined ? [] : romAttrs(rom);
  return attrs.length === 0 ? [] : [{ name: 'rom', attrs }];
}

/** On a hostdev already in the domain: its <rom> gets the asked attributes, others it has are kept. */
export function setRom(ed: XmlEditor, hostdev: XElement, rom: RomRequest | undefined): void {
  const attrs = rom === undefined ? [] : romAttrs(rom);
  if (attrs.length === 0) return;
  const el = kid(hostdev, 'rom');
  if (el === undefined) {
    const source = kid(hostdev, 'source') ?? hostdev.children[hostdev.children.length - 1]!;
    ed.insertAfter(source, romElement(rom));
    return;
  }
  for (const [name, value] of attrs) if (attr(el, name) !== value) ed.setAttr(el, name, value);
}
