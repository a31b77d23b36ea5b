// A PCI option ROM image (a GPU's VBIOS) as the kernel checks one (drivers/pci/rom.c, pci_get_rom_size): the
// image starts with the 0x55 0xAA signature, the 16-bit little-endian word at 0x18 points to the PCI Data
// Structure, which starts with "PCIR" and holds the vendor id at +4 and the device id at +6 (PCI Firmware
// Specification 3.0, 5.1.1 and 5.1.2).

export interface RomInfo {
  vendor: string;
  device: string;
}

export type RomCheck = { ok: true; info: RomInfo } | { ok: false; why: string };

const hex4 = (n: number) => n.toString(16).padStart(4, '0');

export function hasRomSignature(data: Uint8Array): boolean {
  return data.length >= 2 && data[0] === 0x55 && data[1] === 0xaa;
}

export function checkRom(data: Uint8Array): RomCheck {
  if (!hasRomSignature(data)) {
    const got = data.length >= 2 ? `0x${hex4((data[0]! << 8) | data[1]!)}` : `${data.length} bytes`;
    return { ok: false, why: `no ROM signature 0x55AA at its start (${got})` };
  }
  if (data.length < 0x1a) return { ok: false, why: 'shorter than a ROM header' };
  const p = data[0x18]! | (data[0x19]! << 8);
  if (p + 8 > data.length) return { ok: false, why: `its PCI data structure pointer 0x${hex4(p)} is past the end` };
  const sig = String.fromCharCode(data[p]!, data[p + 1]!, data[p + 2]!, data[p + 3]!);
  if (sig !== 'PCIR') return { ok: false, why: `no "PCIR" at its PCI data structure (0x${hex4(p)})` };
  return { ok: true, info: { vendor: hex4(data[p + 4]! | (data[p + 5]! << 8)), device: hex4(data[p + 6]! | (data[p + 7]! << 8)) } };
}
