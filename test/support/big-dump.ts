// Large dumps in every posted format, for the linear-time test and `npm run bench`:
// n functions, four to a group, on distinct addresses across PCI domains.

export const BIG_DUMP_FORMATS = ['classic', 'one-line', 'ls-iommu', 'lspci-nnk', 'vmm', 'commented'] as const;
export type BigDumpFormat = (typeof BIG_DUMP_FORMATS)[number];

const CLASSES = [
  ['0300', 'VGA compatible controller', 'NVIDIA Corporation GA102 [GeForce RTX 3080]', '10de:2206', 'nvidia'],
  ['0403', 'Audio device', 'NVIDIA Corporation GA102 High Definition Audio Controller', '10de:1aef', 'snd_hda_intel'],
  ['0c03', 'USB controller', 'Advanced Micro Devices, Inc. [AMD] Matisse USB 3.0 Host Controller', '1022:149c', 'xhci_hcd'],
  ['0604', 'PCI bridge', 'Advanced Micro Devices, Inc. [AMD] Starship/Matisse GPP Bridge', '1022:1483', 'pcieport'],
] as const;

function hex(n: number, width: number): string {
  return n.toString(16).padStart(width, '0');
}

export function bigDump(format: BigDumpFormat, n: number): string {
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const address = `${hex(i >> 13, 4)}:${hex((i >> 5) & 0xff, 2)}:${hex((i >> 3) & 0x03, 2)}.${i & 7}`;
    const [cls, className, name, ids] = CLASSES[i % 4]!;
    const lspci = `${address} ${className} [${cls}]: ${name} [${ids}] (rev a1)`;
    const group = i >> 2;
    if (format === 'classic' || format === 'commented') {
      if (i % 4 === 0) out.push(`IOMMU Group ${group}:`);
      out.push(`\t${lspci}`);
    } else if (format === 'one-line') {
      out.push(`IOMMU Group ${group} ${lspci}`);
    } else if (format === 'ls-iommu') {
      const head = i % 4 === 0 ? `Group ${group}:` : '';
      out.push(`${head.padEnd(16)}[${ids}] [R] ${address}  ${className.padEnd(40)}${name}`);
      if (cls === '0c03') out.push('USB:            [046d:c52b]          Bus 009 Device 002  Logitech, Inc. Unifying Receiver');
    } else if (format === 'vmm') {
      const [vendorId, deviceId] = ids.split(':');
      out.push(`Slot:\t${address}`, `Class:\t${className} [${cls}]`, `Vendor:\tVendor [${vendorId}]`, `Device:\t${name} [${deviceId}]`,
        `Driver:\t${CLASSES[i % 4]![4]}`, `IOMMUGroup:\t${group}`, '');
    } else {
      out.push(lspci, `\tSubsystem: ASUSTeK Computer Inc. Device [1043:87b3]`, `\tKernel driver in use: ${CLASSES[i % 4]![4]}`);
    }
  }
  const text = out.join('\n');
  return format === 'commented' ? text.replace(/^/gm, '# ') : text;
}
