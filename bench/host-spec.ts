// The benchmark's host: `n` PCI functions laid out like a rack of GPUs. Per card, five functions: a root
// port, the card's switch upstream and downstream ports, the GPU and its HDMI audio, nested in sysfs as on a
// real Navi card (root port / upstream / downstream / GPU), 50 cards per PCI domain.
import type { ParsedHost } from '../test/support/real-hosts.js';
import type { FakeDevice, FakeHostSpec } from '../test/support/sysroot.js';

const h2 = (n: number) => n.toString(16).padStart(2, '0');
const h4 = (n: number) => n.toString(16).padStart(4, '0');

// sysfs `resource` of a GPU (resource_show, drivers/pci/pci-sysfs.c: "start end flags" a line, BARs 0-5, the ROM,
// then the SR-IOV BARs), as every PCI function has one: a 64-bit prefetchable VRAM BAR (its upper half the empty
// line after it), a 64-bit doorbell or second BAR, I/O ports and 32-bit registers (an AMD card's layout)
const hex16 = (n: bigint) => `0x${n.toString(16).padStart(16, '0')}`;
function gpuResource(i: number): string {
  const base = 0x7000000000n + BigInt(i) * 0x400000000n;
  const line = (start: bigint, size: bigint, flags: bigint) => `${hex16(start)} ${hex16(start + size - 1n)} ${hex16(flags)}`;
  const empty = `${hex16(0n)} ${hex16(0n)} ${hex16(0n)}`;
  return [
    line(base, 0x10000000n, 0x14220cn), empty, line(base + 0x10000000n, 0x200000n, 0x14220cn), empty,
    line(0xe000n + BigInt(i) * 0x100n, 0x100n, 0x40101n), line(0xfcc00000n - BigInt(i) * 0x100000n, 0x100000n, 0x40200n),
    line(0xfcd00000n - BigInt(i) * 0x100000n, 0x20000n, 0x46200n), ...Array(6).fill(empty),
  ].join('\n') + '\n';
}

function card(i: number): FakeDevice[] {
  const domain = h4(Math.floor(i / 50));
  const k = i % 50;
  const at = (bus: number, slot: number, fn: number) => `${domain}:${h2(bus)}:${h2(slot)}.${fn}`;
  const amd = i % 2 === 0;
  const rp = at(0, k >> 3, k & 7);
  const up = at(4 * k + 1, 0, 0);
  const down = at(4 * k + 2, 0, 0);
  const g = 5 * i;
  return [
    { address: rp, vendor: '8086', device: '460d', class: '060400', revision: '02', driver: 'pcieport', group: g },
    { address: up, vendor: '1002', device: '1478', class: '060400', revision: 'c1', driver: 'pcieport', group: g + 1, parent: rp },
    { address: down, vendor: '1002', device: '1479', class: '060400', revision: '00', driver: 'pcieport', group: g + 2, parent: up },
    {
      address: at(4 * k + 3, 0, 0), vendor: amd ? '1002' : '10de', device: amd ? '73bf' : '2204', class: '030000', revision: 'c1',
      subsystemVendor: '1da2', subsystemDevice: '438e', driver: i % 3 === 0 ? 'vfio-pci' : amd ? 'amdgpu' : 'nouveau', group: g + 3,
      bootVga: i === 0, parent: down, attrs: { resource: gpuResource(i) },
    },
    {
      address: at(4 * k + 3, 0, 1), vendor: amd ? '1002' : '10de', device: amd ? 'ab28' : '1aef', class: '040300', revision: '00',
      subsystemVendor: '1da2', subsystemDevice: '438e', driver: i % 3 === 0 ? 'vfio-pci' : 'snd_hda_intel', group: g + 4, parent: down,
    },
  ];
}

export function benchHostSpec(n = 1000): FakeHostSpec {
  const devices = Array.from({ length: Math.ceil(n / 5) }, (_, i) => card(i)).flat().slice(0, n);
  return { devices, cpuVendor: 'GenuineIntel', cmdline: 'BOOT_IMAGE=/boot/vmlinuz root=/dev/sda1 ro quiet intel_iommu=on iommu=pt' };
}

/** A real host's functions (test/fixtures/real-hosts/parsed/host-NN.json) as a sysroot spec: flat under its root bus, no subsystem ids. */
export function realHostSpec(p: ParsedHost): FakeHostSpec {
  const devices = p.devices.map((d): FakeDevice => ({
    address: d.address, vendor: d.vendor, device: d.device, class: d.class, revision: d.rev, driver: d.driver, group: d.group,
    bootVga: d.bootVga === 1,
  }));
  return { devices, cpuVendor: p.cpu === 'AuthenticAMD' ? 'AuthenticAMD' : 'GenuineIntel', kernel: p.kernel, cmdline: p.cmdline };
}
