import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GPU_FAMILIES } from '../../../src/core/analysis/gpu-families.js';
import { describeMacos, familiesWithoutSupport, gpuFamily, macosSupport } from '../../../src/core/analysis/macos.js';
import { parsedHost, parsedHostNames } from '../../support/real-hosts.js';

/** Every display function (class 03xx) of every real host, read from the parsed dumps. */
function realGpus(): Array<{ host: string; address: string; id: string }> {
  return parsedHostNames().flatMap((host) =>
    parsedHost(host).devices
      .filter((d) => d.class.startsWith('03'))
      .map((d) => ({ host, address: d.address, id: `${d.vendor}:${d.device}` })));
}

// Expected family for each GPU, worked out from the names the dumps print (lspci / pci.ids):
const EXPECTED: Record<string, string | null> = {
  'host-01 0000:04:00.0 10de:1b81': 'Pascal', // GP104 [GeForce GTX 1070]
  'host-01 0000:05:00.0 10de:1184': 'Kepler', // GK104 [GeForce GTX 770]
  'host-01 0000:0a:00.0 1a03:2000': 'display of vendor 1a03', // ASPEED Graphics Family (BMC): no macOS driver
  'host-01 0000:82:00.0 10de:13c2': 'Maxwell', // GM204 [GeForce GTX 970]
  'host-02 0000:01:00.0 10de:2206': 'Ampere', // GA102 [GeForce RTX 3080]
  'host-02 0000:6a:00.0 1002:164e': 'Raphael (APU)', // Raphael
  'host-03 0000:01:00.0 10de:2504': 'Ampere', // GA106 [GeForce RTX 3060 Lite Hash Rate]
  'host-03 0000:15:00.0 1002:164e': 'Raphael (APU)', // Raphael
  'host-04 0000:05:00.0 1002:1638': 'Renoir (APU)', // Cezanne (CHIP_RENOIR)
  'host-05 0000:00:02.0 8086:4680': 'Intel Xe iGPU', // AlderLake-S GT1 (UHD 770)
  'host-05 0000:03:00.0 1002:73df': 'Navi 22', // Navi 22 [Radeon RX 6700/6700 XT / 6800M]
  'host-05 0000:04:00.0 1002:67ff': 'Polaris 11', // Baffin [Radeon RX 550 640SP / RX 560/560X]
  'host-06 0000:03:00.0 1002:7480': 'Navi 33', // Navi 33 [Radeon RX 7700S/7600/...]
  'host-07 0000:00:02.0 8086:3e92': 'Coffee Lake iGPU', // CoffeeLake-S GT2 [UHD Graphics 630]
  'host-07 0000:01:00.0 10de:1d01': 'Pascal', // GP108 [GeForce GT 1030]
  'host-08 0000:02:00.0 102b:0522': 'display of vendor 102b', // Matrox MGA G200e (BMC): no macOS driver
  'host-10 0000:06:00.0 1002:699f': 'Polaris 12', // Lexa PRO [Radeon RX 550/550X]
  'host-10 0000:07:00.0 1002:67b1': 'Hawaii', // Hawaii PRO [Radeon R9 290/390]
  'host-11 0000:03:00.0 1002:747e': 'Navi 32', // Navi 32 [Radeon RX 7700 XT / 7800 XT]
  'host-11 0000:05:00.0 10de:1e84': 'Turing', // TU104 [GeForce RTX 2070 SUPER]
  'host-12 0000:0b:00.0 1002:731f': 'Navi 10', // Navi 10 [Radeon RX 5600 OEM/5600 XT / 5700/5700 XT]
  'host-13 0000:00:02.0 8086:4680': 'Intel Xe iGPU', // AlderLake-S GT1
  'host-13 0000:01:00.0 10de:2204': 'Ampere', // GA102 [GeForce RTX 3090]
  'host-15 0000:04:00.0 10de:128b': 'Kepler', // GK208B [GeForce GT 710]
  'host-15 0000:2b:00.0 10de:1e84': 'Turing', // TU104 [GeForce RTX 2070 SUPER]
  'host-16 0000:25:00.0 1002:677b': 'TeraScale 2 (HD 6000)', // Caicos PRO [Radeon HD 7450]
  'host-16 0000:26:00.0 10de:1401': 'Maxwell', // GM206 [GeForce GTX 960]
};

describe('macosSupport on every GPU of the real hosts', () => {
  const gpus = realGpus();

  it('covers exactly the GPUs the dumps hold', () => {
    expect(gpus.map((g) => `${g.host} ${g.address} ${g.id}`).sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  it.each(gpus)('$host $address $id', ({ host, address, id }) => {
    const [vendor, device] = id.split(':') as [string, string];
    const got = macosSupport(vendor, device);
    expect(got?.family ?? null).toBe(EXPECTED[`${host} ${address} ${id}`]);
  });
});

describe('macosSupport follows the DOMAIN.md table', () => {
  it.each([
    // id, family, supported, first, last, needs
    ['1002:73bf', 'Navi 21', true, '11', '26', []],
    ['1002:73a5', 'Navi 21', true, '11', '26', ['device-id spoof to 0x73bf']], // RX 6950 XT
    ['1002:73ff', 'Navi 23', true, '12', '26', []],
    ['1002:73ef', 'Navi 23', true, '12', '26', ['device-id spoof to 0x73ff']], // RX 6650 XT
    ['1002:73df', 'Navi 22', true, '12', '26', ['NootRX']],
    ['1002:731f', 'Navi 10', true, '10.15.1', '26', ['WhateverGreen', 'agdpmod=pikera']],
    ['1002:7340', 'Navi 14', true, '10.15.1', '26', ['WhateverGreen']],
    ['1002:687f', 'Vega 10', true, '10.13', '26', []],
    ['1002:66af', 'Vega 20', true, '10.14.5', '26', []],
    ['1002:67df', 'Polaris 10', true, '10.12', '26', []], // RX 580
    ['1002:67ef', 'Polaris 11', true, '10.12', '26', []], // RX 460/560
    ['1002:67ff', 'Polaris 11', true, '10.12', '26', []], // RX 560
    ['1002:744c', 'Navi 31', false, null, null, []],
    ['1002:7422', 'Navi 24', false, null, null, []],
    ['10de:1184', 'Kepler', true, '10.8', '11', []],
    ['10de:13c2', 'Maxwell', true, '10.10', '10.13.6', ['NVIDIA Web Drivers']],
    ['10de:1b81', 'Pascal', true, '10.12.4', '10.13.6', ['NVIDIA Web Drivers']],
    ['10de:06cd', 'Fermi', true, '10.7', '10.13.6', []], // GF100 GTX 470
    ['10de:1d81', 'Volta', true, '10.13.6', '10.13.6', ['NVIDIA Web Drivers']], // Titan V
    ['10de:1e84', 'Turing', false, null, null, []],
    ['10de:2204', 'Ampere', false, null, null, []],
    ['10de:2684', 'Ada Lovelace', false, null, null, []],
    ['10de:2b85', 'Blackwell', false, null, null, []],
    ['8086:56a0', 'Intel Arc', false, null, null, []], // A770
    ['8086:3e91', 'Coffee Lake iGPU', true, '10.13.6', '26', ['device-id spoof to 0x3e92']],
  ] as const)('%s is %s', (id, family, supported, first, last, needs) => {
    const [vendor, device] = id.split(':') as [string, string];
    expect(macosSupport(vendor, device)).toMatchObject({ family, supported, first, last, needs: [...needs] });
  });

  it('writes every version in one format', () => {
    for (const f of GPU_FAMILIES) {
      const s = macosSupport(f.vendor, f.ids[0]!)!;
      for (const v of [s.first, s.last]) if (v !== null) expect(v).toMatch(/^(?:10\.\d{1,2}(?:\.\d)?|\d{2})$/);
      if (!s.supported) expect(s.needs).toEqual([]);
    }
  });
});

describe('edge cases', () => {
  it('gives every id a verdict: by id range where the range decides it, else unknown with the reason (issue 10.15)', () => {
    expect(macosSupport('10de', '2330')).toMatchObject({ family: 'Hopper', supported: false }); // H100 SXM5, listed
    expect(macosSupport('10de', '2fff')).toMatchObject({ family: 'NVIDIA Turing or newer', supported: false, note: expect.stringMatching(/id range/) });
    expect(macosSupport('1002', '75ff')).toMatchObject({ family: 'AMD Navi 24 or newer', supported: false });
    expect(macosSupport('1af4', '1050')).toMatchObject({ family: 'display of vendor 1af4', supported: false }); // virtio-gpu
    expect(macosSupport('1002', '0000')).toMatchObject({ family: 'unknown AMD GPU', supported: null, note: expect.stringMatching(/0x0000 is in no family list/) });
    expect(macosSupport('10de', '0001')).toMatchObject({ family: 'unknown NVIDIA GPU', supported: null }); // below Turing: the range does not decide
    expect(describeMacos(macosSupport('1002', '0000'))).toBe('unknown AMD GPU: macOS support unknown');
  });

  it('does not place a device id under another vendor', () => {
    expect(macosSupport('10de', '73bf')?.family).toBe('NVIDIA Turing or newer'); // by NVIDIA's range, never Navi 21
    expect(macosSupport('8086', '1e84')?.family).toBe('unknown Intel GPU');
  });

  it('reads hex case-insensitively and with a 0x prefix', () => {
    expect(macosSupport('1002', '73BF')?.family).toBe('Navi 21');
    expect(macosSupport('0x10DE', '0x1B81')?.family).toBe('Pascal');
    expect(gpuFamily(' 1002 ', '73DF')).toBe('Navi 22');
  });

  it('returns null for text that is not a 4-digit hex id', () => {
    expect(macosSupport('', '')).toBeNull();
    expect(macosSupport('1002', '73bf0')).toBeNull();
    expect(macosSupport('10de', 'zzzz')).toBeNull();
  });

  it('gives the same answer for any casing (property)', () => {
    const all = GPU_FAMILIES.flatMap((f) => f.ids.map((id) => [f.vendor, id] as const));
    fc.assert(
      fc.property(fc.constantFrom(...all), fc.boolean(), ([v, d], upper) => {
        const dd = upper ? d.toUpperCase() : d;
        expect(macosSupport(v.toUpperCase(), dd)).toEqual(macosSupport(v, d));
      }),
    );
  });
});

describe('the family data', () => {
  it('gives every family a support row', () => {
    expect(familiesWithoutSupport()).toEqual([]);
  });

  it('holds each vendor:device in one family only, as four lowercase hex digits', () => {
    const seen = new Map<string, string>();
    for (const f of GPU_FAMILIES) {
      expect(f.source.length).toBeGreaterThan(0);
      for (const id of f.ids) {
        expect(id).toMatch(/^[0-9a-f]{4}$/);
        const key = `${f.vendor}:${id}`;
        expect(seen.get(key), `${key} in ${f.family} and ${seen.get(key)}`).toBeUndefined();
        seen.set(key, f.family);
      }
    }
  });

  it('lists only display functions (pci.ids names of NVIDIA audio ids are not in it)', () => {
    // 10f0 GP104 HDMI audio, 0be5 GF100 audio, 1ad8 TU104 USB, 1ad9 TU104 UCSI
    for (const d of ['10f0', '0be5', '1ad8', '1ad9']) expect(gpuFamily('10de', d)).toBeNull();
  });
});
