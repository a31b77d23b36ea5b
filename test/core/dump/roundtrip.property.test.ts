// Properties: a listing rendered from any set of functions, in any of the group formats, imports back to the
// same addresses, ids, classes and groups; and no input makes the importer throw anything but a UsageError.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseDump } from '../../../src/core/dump/parse-dump.js';
import { UsageError } from '../../../src/core/errors.js';

const CLASSES: Array<[string, string]> = [
  ['0300', 'VGA compatible controller'], ['0403', 'Audio device'], ['0604', 'PCI bridge'], ['0600', 'Host bridge'],
  ['0c03', 'USB controller'], ['0200', 'Ethernet controller'], ['0108', 'Non-Volatile memory controller'], ['1300', 'Non-Essential Instrumentation'],
];
const hex = (n: number) => fc.integer({ min: 0, max: 16 ** n - 1 }).map((v) => v.toString(16).padStart(n, '0'));
const fn = fc.record({
  bus: hex(2), slot: fc.integer({ min: 0, max: 31 }), func: fc.integer({ min: 0, max: 7 }),
  vendor: hex(4), device: hex(4), cls: fc.constantFrom(...CLASSES), group: fc.integer({ min: 0, max: 200 }),
});
const fns = fc.uniqueArray(fn, { minLength: 1, maxLength: 30, selector: (f) => `${f.bus}:${f.slot}.${f.func}` });
type F = typeof fn extends fc.Arbitrary<infer T> ? T : never;
const addr = (f: F) => `${f.bus}:${f.slot.toString(16).padStart(2, '0')}.${f.func}`;
const lspci = (f: F) => `${addr(f)} ${f.cls[1]} [${f.cls[0]}]: Vendor Corp. Thing [${f.vendor}:${f.device}] (rev 01)`;

const render: Record<string, (list: F[]) => string> = {
  classic: (l) => groupsOf(l).map(([g, m]) => `IOMMU Group ${g}:\n${m.map((f) => `\t${lspci(f)}`).join('\n')}`).join('\n'),
  oneLine: (l) => l.map((f) => `IOMMU group ${f.group} ${lspci(f)}`).join('\n'),
  vmm: (l) => l.map((f) => `Slot:\t${addr(f)}\nClass:\t${f.cls[1]} [${f.cls[0]}]\nVendor:\tVendor Corp. [${f.vendor}]\nDevice:\tThing [${f.device}]\nRev:\t01\nIOMMUGroup:\t${f.group}\n`).join('\n'),
  lsIommu: (l) => groupsOf(l).map(([g, m]) => m.map((f, i) =>
    `${i === 0 ? `Group ${g}:`.padEnd(16) : ' '.repeat(16)}[${f.vendor}:${f.device}]     ${addr(f)}  ${f.cls[1].padEnd(40)}Thing`).join('\n')).join('\n'),
};

function groupsOf(l: F[]): Array<[number, F[]]> {
  const m = new Map<number, F[]>();
  for (const f of l) m.set(f.group, [...(m.get(f.group) ?? []), f]);
  return [...m.entries()];
}

describe('dump import properties', () => {
  it.each(Object.keys(render))('%s listings round-trip', (format) => {
    fc.assert(fc.property(fns, (list) => {
      const host = parseDump(render[format]!(list));
      const got = host.devices.map((d) => `${d.address} ${d.vendor}:${d.device} ${d.class} ${d.iommuGroup}`).sort();
      const want = list.map((f) => `0000:${addr(f)} ${f.vendor}:${f.device} ${f.cls[0]} ${f.group}`).sort();
      expect(got).toEqual(want);
    }), { numRuns: 150 });
  });

  it('throws only UsageError, on any text', () => {
    fc.assert(fc.property(fc.string({ maxLength: 400 }), (text) => {
      try {
        parseDump(text);
      } catch (e) {
        expect(e).toBeInstanceOf(UsageError);
      }
    }), { numRuns: 500 });
  });
});
