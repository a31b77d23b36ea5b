import { existsSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lookupNames } from '../../src/core/analysis/pci-ids.js';

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

  const SYSTEM = ['/usr/share/misc/pci.ids', '/usr/share/hwdata/pci.ids'].find((p) => existsSync(p));
  it.skipIf(!SYSTEM)('agrees with a full parse on the system database', () => {
    const text = readFileSync(SYSTEM!, 'utf8');
    const all = [...fullParse(text).devices.keys()];
    const sample = all.filter((_, i) => i % 97 === 0).map((k) => k.split(':'));
    agrees(text, [...sample, ['1002', 'ffff'], ['abcd', '0001']]);
  });
});
