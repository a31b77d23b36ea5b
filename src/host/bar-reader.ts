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

/** end - start + 1 of a memory BAR, or null for an unused one. */
function barSize(startHex: string, endHex: string): number | null {
  const [start, end] = [hexValue(startHex), hexValue(endHex)];
  if (typeof start === 'number' && typeof end === 'number') return end !== 0 && end >= start ? end - start + 1 : null;
  const [s, e] = [BigInt(start), BigInt(end)];
  return e !== 0n && e >= s ? Number(e - s + 1n) : null;
}

// resource_show's own line, "0x%016llx 0x%016llx 0x%016llx", matched where it starts (sticky): no line is cut out
const KERNEL_LINE = /0x([0-9a-f]{16}) 0x([0-9a-f]{16}) 0x([0-9a-f]{16})(?=\n|$)/iy;

/** The three fields of the line from `at` to `end`: the kernel's layout first, any other spacing or width after. */
function fields(text: string, at: number, end: number): string[] | null {
  KERNEL_LINE.lastIndex = at;
  const m = KERNEL_LINE.exec(text) ?? LINE.exec(text.slice(at, end).trim());
  return m ? m.slice(1, 4) : null;
}

export function parseResource(text: string): Omit<PciBar, 'resizable'>[] {
  const bars: Omit<PciBar, 'resizable'>[] = [];
  let at = 0;
  for (let index = 0; index < 6 && at <= text.length; index++) {
    const newline = text.indexOf('\n', at);
    const end = newline === -1 ? text.length : newline;
    const f = fields(text, at, end);
    at = end + 1;
    // the low 32 bits hold every IORESOURCE_ flag; `&` works on them
    if (f === null || (Number.parseInt(f[2]!.slice(-8), 16) & IORESOURCE_MEM) === 0) continue;
    const size = barSize(f[0]!, f[1]!);
    if (size !== null) bars.push({ index, size });
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
  return parseResource(text).map(({ index, size }) => ({
    index,
    size,
    resizable: size > DEFAULT_BAR_BYTES ? readAttr(`${dir}/resource${index}_resize`) : null,
  }));
}
