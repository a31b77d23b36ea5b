// A minimal PCI option ROM image for tests: 0x55AA, the PCI data structure pointer at 0x18, "PCIR" with vendor
// and device ids (PCI Firmware Specification 3.0, 5.1.1 and 5.1.2).
export function romImage(vendor: number, device: number, signature = [0x55, 0xaa]): Buffer {
  const b = Buffer.alloc(512);
  b[0] = signature[0]!;
  b[1] = signature[1]!;
  b.writeUInt16LE(0x40, 0x18);
  b.write('PCIR', 0x40, 'latin1');
  b.writeUInt16LE(vendor, 0x44);
  b.writeUInt16LE(device, 0x46);
  return b;
}
