import { existsSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lookupNames } from '../../../src/core/analysis/pci-ids.js';

const EXCERPT = readFileSync('test/fixtures/pci-ids/excerpt.ids', 'utf8');

/** Oracle: a naive parser of the whole file (what lookupNames avoids doing). */
function fullParse(text: string): { vendors: Map<string, string>; devices: Map<string, string> } {
  const vendors = new Map<string, string>();
  const devices = new Map<string, string>();
  let vendor: string | null = null;
  for (const line of text.split('\n')) {
    if (line.startsWith('#') || line === '') continue;
    let m: RegExpExecArray | null;
    if ((m = /^([0-9a-f]{4})  (.*)$/.exec(line))) vendors.set((vendor = m[1]!), m[2]!.trimEnd());
    else if (line.startsWith('C ')) vendor = null;
    else if (vendor && (m = /^\t([0-9a-f]{4})  (.*)$/.exec(line))) devices.set(`${vendor}:${m[1]}`, m[2]!.trimEnd());
  }
  return { vendors, devices };
}

describe('lookupNames', () => {
  it.each([
    ['1002', '73bf', 'Advanced Micro Devices, Inc. [AMD/ATI]', 'Navi 21 [Radeon RX 6800/6800 XT / 6900 XT]'],
    ['1002', 'ab28', 'Advanced Micro Devices, Inc. [AMD/ATI]', 'Navi 21/23 HDMI/DP Audio Controller'],
    ['1002', '4390', 'Advanced Micro Devices, Inc. [AMD/ATI]', 'SB7x0/SB8x0/SB9x0 SATA Controller [IDE mode]'], // after a comment line
    ['8086', '4680', 'Intel Corporation', 'AlderLake-S GT1'],
    ['0014', '7a00', 'Loongson Technology LLC', 'Hyper Transport Bridge Controller'], // first vendor
    ['1002', '1002', 'Advanced Micro Devices, Inc. [AMD/ATI]', undefined], // only a subsystem line "\t\t1002 0e3a"
    ['1002', '2204', 'Advanced Micro Devices, Inc. [AMD/ATI]', undefined], // another vendor's device
    ['ffff', '0000', 'Illegal Vendor ID', undefined], // last vendor: the class section must not leak in
    ['1af4', '1041', undefined, undefined], // unknown vendor
    ['8086', 'A7A0', 'Intel Corporation', 'Raptor Lake-P [Iris Xe Graphics]'], // uppercase query
  ])('%s:%s', (vendor, device, vendorName, deviceName) => {
    const names = lookupNames(EXCERPT, [{ vendor, device }]);
    expect(names.vendors.get(vendor.toLowerCase())).toBe(vendorName);
    expect(names.devices.get(`${vendor}:${device}`.toLowerCase())).toBe(deviceName);
  });

  it('never matches a class-section line as a vendor', () => {
    expect(lookupNames(EXCERPT, [{ vendor: 'c 00', device: '0000' }]).vendors.size).toBe(0);
  });

  it('empty database: nothing found, no failure', () => {
    expect(lookupNames('', [{ vendor: '1002', device: '73bf' }]).devices.size).toBe(0);
  });

  const agrees = (text: string, ids: string[][]) => {
    const oracle = fullParse(text);
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...ids), { maxLength: 12 }), (picked) => {
        const got = lookupNames(text, picked.map(([vendor, device]) => ({ vendor: vendor!, device: device! })));
        for (const [v, d] of picked) {
          expect(got.vendors.get(v!)).toBe(oracle.vendors.get(v!));
          expect(got.devices.get(`${v}:${d}`)).toBe(oracle.devices.get(`${v}:${d}`));
        }
      }),
      { numRuns: 60 },
    );
  };

  it('agrees with a full parse on the excerpt (known, unknown and cross-vendor ids)', () => {
    const ids = [...fullParse(EXCERPT).devices.keys()].map((k) => k.split(':'));
    const vendors = [...new Set(ids.map(([v]) => v!)), '1af4', 'ffff'];
    const devices = [...new Set(ids.map(([, d]) => d!)), '0e3a', '0000'];
    agrees(EXCERPT, vendors.flatMap((v) => devices.map((d) => [v, d])));
  });

  it('finds every id of a database whose vendors are out of order (the search only starts further on)', () => {
    const [head, ...blocks] = EXCERPT.split(/\n(?=[0-9a-f]{4}  )/);
    const classes = blocks.at(-1)!.indexOf('\nC ');
    const reversed = [head, ...[...blocks.slice(0, -1), blocks.at(-1)!.slice(0, classes)].reverse(), blocks.at(-1)!.slice(classes + 1)].join('\n');
    expect(fullParse(reversed)).toEqual(fullParse(EXCERPT));
    const ids = [...fullParse(EXCERPT).devices.keys()].map((k) => k.split(':'));
    agrees(reversed, [...ids, ['1af4', '1041']]);
  });

  const SYSTEM = ['/usr/share/misc/pci.ids', '/usr/share/hwdata/pci.ids'].find((p) => existsSync(p));
  it.skipIf(!SYSTEM)('agrees with a full parse on the system database', () => {
    const text = readFileSync(SYSTEM!, 'utf8');
    const all = [...fullParse(text).devices.keys()];
    const sample = all.filter((_, i) => i % 97 === 0).map((k) => k.split(':'));
    agrees(text, [...sample, ['1002', 'ffff'], ['abcd', '0001']]);
  });

  // Whole databases in the file's layout, hundreds of vendors: comments between entries, subsystem lines,
  // vendors without devices, non-ASCII names, the class section at the end.
  const hex4 = fc.integer({ min: 0, max: 0xffff }).map((n) => n.toString(16).padStart(4, '0'));
  const database = fc.uniqueArray(hex4, { minLength: 1, maxLength: 300 }).chain((vendors) =>
    fc.tuple(...vendors.sort().map((v) => fc.tuple(fc.constant(v), fc.uniqueArray(hex4, { maxLength: 40 }), fc.boolean()))).map((blocks) => {
      const lines = ['# pci.ids', '#\tVersion: test', ''];
      for (const [v, devices, comment] of blocks) {
        lines.push(`${v}  Vendor ${v} ñ`);
        for (const d of devices.sort()) {
          if (comment) lines.push(`# note on ${v}:${d}`);
          lines.push(`\t${d}  Device ${v}:${d}`, `\t\t${d} ${v}  Subsystem of ${d}`);
        }
      }
      lines.push('', '# List of known device classes', 'C 00  Unclassified device', '\t00  Non-VGA unclassified device', 'C 03  Display controller');
      return lines.join('\n') + '\n';
    }));

  it('agrees with a full parse on generated databases', () => {
    fc.assert(
      fc.property(database, fc.array(fc.tuple(hex4, hex4), { maxLength: 6 }), (text, extra) => {
        const oracle = fullParse(text);
        const known = [...oracle.devices.keys()].filter((_, i) => i % 7 === 0).map((k) => k.split(':') as [string, string]);
        const picked = [...known, ...extra];
        const got = lookupNames(text, picked.map(([vendor, device]) => ({ vendor, device })));
        for (const [v, d] of picked) {
          expect(got.vendors.get(v)).toBe(oracle.vendors.get(v));
          expect(got.devices.get(`${v}:${d}`)).toBe(oracle.devices.get(`${v}:${d}`));
        }
      }),
      { numRuns: 40 },
    );
  });
});
