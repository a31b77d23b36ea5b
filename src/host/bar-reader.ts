// A display function's memory BARs from sysfs `resource`: one line per resource, "start end flags" in hex
// (resource_show in drivers/pci/pci-sysfs.c); lines 0-5 are the BARs, an unused one is all zeros. A 64-bit BAR
// takes two registers, so its upper half shows as an empty line. `resourceN_resize` exists for BARs with the
// Resizable BAR capability (Documentation/ABI/testing/sysfs-bus-pci, "resourceN_resize", kernel 6.1+).
import { DEFAULT_BAR_BYTES, type PciBar } from '../core/host.js';
import { readAttr } from './read-file.js';

// IORESOURCE_MEM (include/linux/ioport.h)
const IORESOURCE_MEM = 0x200;
const LINE = /^0x([0-9a-f]+)\s+0x([0-9a-f]+)\s+0x([0-9a-f]+)$/i;

/** A hex address as a Number while that is exact (13 digits and fewer), else as a BigInt: BigInt parsing costs
 * more, and a display function reads thousands of these on the benchmark's 1,000-function host. */
function hexValue(h: string): number | bigint {
  const digits = h.replace(/^0+/, '');
  return digits.length <= 13 ? (digits === '' ? 0 : Number.parseInt(digits, 16)) : BigInt(`0x${digits}`);
}

export function parseResource(text: string): Omit<PciBar, 'resizable'>[] {
  const bars: Omit<PciBar, 'resizable'>[] = [];
  for (const [index, line] of text.split('\n', 6).entries()) {
    const m = LINE.exec(line.trim());
    if (!m) continue;
    // the low 32 bits hold every IORESOURCE_ flag; `&` works on them
    if ((Number.parseInt(m[3]!.slice(-8), 16) & IORESOURCE_MEM) === 0) continue;
    const [start, end] = [hexValue(m[1]!), hexValue(m[2]!)];
    if (typeof start === 'number' && typeof end === 'number') {
      if (end !== 0 && end >= start) bars.push({ index, size: end - start + 1 });
      continue;
    }
    const [s, e] = [BigInt(start), BigInt(end)];
    if (e !== 0n && e >= s) bars.push({ index, size: Number(e - s + 1n) });
  }
  return bars;
}

/**
 * Every PCI function has `resource`; resourceN_resize is read for the BARs above the guide's default size only
 * (PciBar.resizable): the others never need resizing, and on a card without Resizable BAR each would be a
 * missing file, whose exception costs several reads that succeed.
 */
export function readBars(dir: string): PciBar[] | null {
  const text = readAttr(`${dir}/resource`);
  if (text === null) return null;
  const resize = (b: { index: number; size: number }) => (b.size > DEFAULT_BAR_BYTES ? readAttr(`${dir}/resource${b.index}_resize`) : null);
  return parseResource(text).map((b) => ({ ...b, resizable: resize(b) }));
}
