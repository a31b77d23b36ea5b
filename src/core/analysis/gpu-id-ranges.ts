// Where no family list holds a display function's id, the vendor's id ranges may still decide its verdict
// (a real H100 got none). Only ranges that decide it are used; anything else is named as not placed.
//
// - NVIDIA allocates display ids by generation: in pci.ids 2026.08.22 the highest pre-Turing display id is Volta's
//   0x1df6 and the lowest Turing one TU102's 0x1e02, and every id from 0x1e00 up is Turing or newer, for which no
//   macOS driver was ever written (DarwinKVM's NVIDIA chart: Turing, Ampere, Hopper, Ada, Blackwell "None").
// - AMD's 0x7420-0x75ff block holds Navi 24, Navi 3x, Navi 4x and Instinct MI300 (pci.ids; amdgpu_drv.c's
//   BEIGE_GOBY ids start at 0x7420): none has a macOS driver (DarwinKVM's AMD chart, "Unsupported GPUs").
// - Vendors other than AMD, NVIDIA and Intel (server BMCs such as ASPEED and Matrox, QEMU/virtio/VMware displays)
//   have no macOS graphics driver at all.

export interface RangePlacement {
  family: string;
  note: string;
}

const NVIDIA_TURING_FIRST = 0x1e00;
const AMD_NO_DRIVER = [0x7420, 0x75ff] as const;
const GPU_VENDORS = new Set(['1002', '10de', '8086']);

export function placeByRange(vendor: string, device: string): RangePlacement | null {
  const id = parseInt(device, 16);
  if (vendor === '10de' && id >= NVIDIA_TURING_FIRST) {
    return { family: 'NVIDIA Turing or newer', note: `placed by id range (0x${device} ≥ 0x1e00): NVIDIA Turing and newer have no macOS driver` };
  }
  if (vendor === '1002' && id >= AMD_NO_DRIVER[0] && id <= AMD_NO_DRIVER[1]) {
    return { family: 'AMD Navi 24 or newer', note: `placed by id range (0x${device} in 0x7420-0x75ff): Navi 24, RDNA3 and newer have no macOS driver` };
  }
  if (!GPU_VENDORS.has(vendor)) {
    return { family: `display of vendor ${vendor}`, note: 'macOS has graphics drivers for AMD, NVIDIA and Intel GPUs only (a BMC or virtual display gets a plain framebuffer at most)' };
  }
  return null;
}
