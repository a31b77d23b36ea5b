// A display function's memory BARs from sysfs `resource`: one line per resource, "start end flags" in hex
// (resource_show in drivers/pci/pci-sysfs.c); lines 0-5 are the BARs, an unused one is all zeros. A 64-bit BAR
// takes two registers, so its upper half shows as an empty line. `resourceN_resize` exists for BARs with the
// Resizable BAR capability (Documentation/ABI/testing/sysfs-bus-pci, "resourceN_resize", kernel 6.1+).
import type { PciBar } from '../core/host.js';
import { readAttr } from './read-file.js';

// IORESOURCE_MEM (include/linux/ioport.h)
const IORESOURCE_MEM = 0x200n;

export function parseResource(text: string): Omit<PciBar, 'resizable'>[] {
  const bars: Omit<PciBar, 'resizable'>[] = [];
  for (const [index, line] of text.split('\n').slice(0, 6).entries()) {
    const m = /^0x([0-9a-f]+)\s+0x([0-9a-f]+)\s+0x([0-9a-f]+)$/i.exec(line.trim());
    if (!m) continue;
    const [start, end, flags] = [m[1]!, m[2]!, m[3]!].map((h) => BigInt(`0x${h}`)) as [bigint, bigint, bigint];
    if (end === 0n || end < start || (flags & IORESOURCE_MEM) === 0n) continue;
    bars.push({ index, size: Number(end - start + 1n) });
  }
  return bars;
}

export function readBars(dir: string): PciBar[] | null {
  const text = readAttr(`${dir}/resource`);
  if (text === null) return null;
  return parseResource(text).map((b) => ({ ...b, resizable: readAttr(`${dir}/resource${b.index}_resize`) }));
}
