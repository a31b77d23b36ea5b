import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fnmatch } from '../../../src/core/modules/fnmatch.js';
import { driversFor, parseModulesAlias, parseModulesAliasFor } from '../../../src/core/modules/modalias.js';
import { parsedHost, parsedHostNames } from '../../support/real-hosts.js';
import { modprobe, tempConfDir } from '../../support/kmod.js';

const aliasText = readFileSync('test/fixtures/modalias/modules.alias', 'utf8');
const aliases = parseModulesAlias(aliasText);

const modalias = (v: string, d: string, sv: string, sd: string, cls: string) =>
  `pci:v0000${v}d0000${d}sv0000${sv}sd0000${sd}bc${cls.slice(0, 2)}sc${cls.slice(2, 4)}i${cls.slice(4, 6)}`;

// [what, modalias, expected drivers in alias-file order]
const table: Array<[string, string, string[]]> = [
  ['Navi 21 GPU (RX 6900 XT)', modalias('1002', '73BF', '1DA2', 'E445', '030000'), ['amdgpu']],
  ['Navi 21 HDMI audio', modalias('1002', 'AB28', '1DA2', 'AB28', '040300'), ['snd_hda_intel']],
  ['Tahiti GPU (HD 7970): radeon and amdgpu', modalias('1002', '6798', '1002', '0B00', '030000'), ['radeon', 'amdgpu']],
  ['AMD GPU unknown to the id list, via class entry', modalias('1002', '7480', '1002', '0E0E', '030000'), ['amdgpu']],
  ['AMD display controller 0380', modalias('1002', '7340', '1002', '0B00', '038000'), ['amdgpu']],
  ['Turing TU104 GPU', modalias('10DE', '1E84', '10DE', '139F', '030000'), ['nouveau', 'nvidia']],
  ['Turing audio', modalias('10DE', '10F8', '10DE', '139F', '040300'), ['snd_hda_intel']],
  ['Turing USB xHCI', modalias('10DE', '1AD8', '10DE', '139F', '0C0330'), ['xhci_pci']],
  ['Turing UCSI: i2c_nvidia_gpu, not ucsi_ccg (an i2c client)', modalias('10DE', '1AD9', '10DE', '139F', '0C8000'), ['i2c_nvidia_gpu']],
  ['GTX 1070 mobile as 3D controller', modalias('10DE', '1BE1', '1043', '1AD1', '030200'), ['nouveau', 'nvidia']],
  ['NVIDIA 0380 display: nouveau only', modalias('10DE', '1BE1', '1043', '1AD1', '038000'), ['nouveau']],
  ['Intel UHD 630', modalias('8086', '3E92', '1462', '7B17', '030000'), ['i915']],
  ['Renesas uPD720201 USB card', modalias('1912', '0014', '1912', '0014', '0C0330'), ['xhci_pci', 'xhci_pci_renesas']],
  ['Samsung NVMe', modalias('144D', 'A809', '144D', 'A801', '010802'), ['nvme']],
  ['PCIe bridge of an AMD switch', modalias('1002', '1478', '0000', '0000', '060400'), ['shpchp']],
  ['USB 2 EHCI controller, by class', modalias('1B21', '1242', '1043', '8675', '0C0320'), ['ehci_pci']],
  ['encryption controller: nothing', modalias('1022', '1486', '1022', '1486', '108000'), []],
  ['lowercase hex: only the class entry matches (case-sensitive)', modalias('1002', '679a', '1002', '0b00', '030000'), ['amdgpu']],
];

describe('parseModulesAlias', () => {
  it('keeps only pci: lines, normalising module names', () => {
    expect(aliases.every((a) => a.pattern.startsWith('pci:'))).toBe(true);
    expect(aliases.some((a) => a.module === 'usbhid' || a.module === 'ucsi_ccg')).toBe(false);
    expect(parseModulesAlias('alias pci:v*d*sv*sd*bc04sc03i* snd-hda-intel\n')[0]!.module).toBe('snd_hda_intel');
  });

  it('skips malformed and commented lines', () => {
    expect(parseModulesAlias('# alias pci:v* x\nalias pci:v*\nalias pci:v* a b\nalias  usb:v* u\n')).toEqual([]);
  });
});

describe('parseModulesAliasFor', () => {
  // A real kernel's lines (test/fixtures/modalias/README.md) and the functions of the real-host dumps.
  const linux = readFileSync('test/fixtures/modalias/linux-5.6.2-excerpt.alias', 'utf8');
  const hex = (s: string, n: number) => s.toUpperCase().padStart(n, '0');
  const real = [...new Set(parsedHostNames().flatMap((h) => parsedHost(h).devices.map((d) =>
    `pci:v0000${hex(d.vendor, 4)}d0000${hex(d.device, 4)}sv00000000sd00000000bc${hex(d.class.slice(0, 2), 2)}sc${hex(d.class.slice(2, 4), 2)}i${hex(d.class.slice(4, 6), 2)}`)))];

  const agrees = (text: string, picked: string[]) => {
    const all = parseModulesAlias(text);
    const some = parseModulesAliasFor(text, picked);
    for (const m of picked) expect(driversFor(some, m)).toEqual(driversFor(all, m));
    return some;
  };

  it('finds the same drivers as the whole file for any set of real functions (fast-check)', () => {
    fc.assert(fc.property(fc.subarray(real, { minLength: 1, maxLength: 6 }), (picked) => void agrees(linux, picked)), { numRuns: 150 });
  });

  it('splits only the lines of the functions\' vendors and the wildcard ones', () => {
    const nvidia = real.filter((m) => m.startsWith('pci:v000010DE'));
    const some = agrees(linux, nvidia);
    expect(some.length).toBeLessThan(parseModulesAlias(linux).length / 10);
    expect(some.every((a) => /^pci:v(000010DE|\*)/.test(a.pattern))).toBe(true);
    expect(some.some((a) => a.pattern.startsWith('pci:v000010DE'))).toBe(true);
  });

  it('keeps a glob whose wildcard starts inside the vendor field, and reads a non-pci modalias in full', () => {
    const text = 'alias pci:v0000100?d*sv*sd*bc03sc*i* part\nalias pci:v00001[0-9]02d* set\nalias pci:v000010DEd* other\n';
    expect(agrees(text, ['pci:v00001002d000073BFsv00000000sd00000000bc03sc00i00']).map((a) => a.module)).toEqual(['part', 'set']);
    expect(parseModulesAliasFor(text, ['usb:v1D6Bp0003'])).toEqual(parseModulesAlias(text));
  });
});

describe('driversFor', () => {
  it.each(table)('%s', (_what, ma, expected) => {
    expect(driversFor(aliases, ma)).toEqual(expected);
  });

  it('never returns vfio_pci or pci_stub, though pci_stub matches everything', () => {
    for (const [, ma] of table) {
      expect(driversFor(aliases, ma)).not.toContain('pci_stub');
      expect(driversFor(aliases, ma)).not.toContain('vfio_pci');
    }
  });

  it('is fast on a modules.alias of real size (30k lines)', () => {
    const lines = [];
    for (let i = 0; i < 10_000; i++) {
      const id = i.toString(16).toUpperCase().padStart(8, '0');
      lines.push(`alias pci:v00001234d${id}sv*sd*bc*sc*i* m${i % 500}`);
      lines.push(`alias usb:v1234p${id}d*dc*dsc*dp*ic*isc*ip*in* u${i % 500}`);
      lines.push(`alias of:N*T*Cvendor,chip${i} o${i % 500}`);
    }
    const t0 = performance.now();
    const big = parseModulesAlias(lines.join('\n') + '\n' + aliasText);
    for (const [, ma] of table) driversFor(big, ma);
    // A bound against accidental quadratic work, loose enough for a loaded CI machine.
    expect(performance.now() - t0).toBeLessThan(1500);
    expect(driversFor(big, table[0]![1])).toEqual(['amdgpu']);
  });
});

describe('modprobe as oracle', () => {
  // modprobe.d `alias` lines take the same fnmatch globs as modules.alias (kmod_lookup_alias_from_config),
  // and `modprobe -C DIR --resolve-alias` lists every module whose pattern matches. A fake -d tree with a
  // depmod-built modules.alias.bin would need real .ko files (ELF with .modinfo), i.e. a compiler in CI.
  let conf: ReturnType<typeof tempConfDir>;
  beforeAll(() => {
    const pciLines = aliasText.split('\n').filter((l) => l.startsWith('alias pci:'));
    conf = tempConfDir({ 'aliases.conf': pciLines.join('\n') + '\n' });
  });
  afterAll(() => conf.cleanup());

  it.each(table)('%s', (_what, ma) => {
    const r = modprobe(conf.dir, ['--resolve-alias', ma]);
    expect(r.stderr).toBe('');
    const resolved = r.stdout.split('\n').filter((m) => m !== '' && m !== 'pci_stub' && m !== 'vfio_pci');
    expect([...new Set(resolved)].sort()).toEqual([...driversFor(aliases, ma)].sort());
  });

  it('fnmatch agrees with glibc fnmatch through kmod on random globs', () => {
    const piece = fc.constantFrom('a', 'A', 'b', '0', '9', ':', '*', '?', '[aA]', '[!a]', '[0-9]', '[^b]', '**');
    const patterns = fc.array(piece, { minLength: 1, maxLength: 6 }).map((p) => p.join(''));
    const subject = fc.array(fc.constantFrom('a', 'A', 'b', '0', '9', ':'), { minLength: 1, maxLength: 7 }).map((s) => s.join(''));
    fc.assert(
      fc.property(fc.uniqueArray(patterns, { minLength: 20, maxLength: 20 }), fc.array(subject, { minLength: 5, maxLength: 5 }), (pats, subjects) => {
        const c = tempConfDir({ 'g.conf': pats.map((p, i) => `alias ${p} m${i}`).join('\n') + '\n' });
        try {
          for (const s of subjects) {
            const got = modprobe(c.dir, ['--resolve-alias', s]).stdout.split('\n').filter((l) => /^m\d+$/.test(l));
            const want = pats.flatMap((p, i) => (fnmatch(p, s) ? [`m${i}`] : []));
            expect(got.sort()).toEqual(want.sort());
          }
        } finally {
          c.cleanup();
        }
      }),
      { numRuns: 10 },
    );
  });
});
