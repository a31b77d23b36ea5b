// lspci's -s and -d (src/core/analysis/pci-filter.ts) against lspci itself, over the same sysroot: for each
// selection, the functions dgpu keeps are the ones lspci lists, and a selection lspci refuses is a usage error.
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UsageError } from '../../../src/core/errors.js';
import { pciFilter } from '../../../src/core/analysis/pci-filter.js';
import type { PciFunction } from '../../../src/core/host.js';
import { readHost } from '../../../src/host/sysfs-reader.js';
import { EXAMPLE_HOST } from '../../support/example-host.js';
import { hasLspci, sysfsArgs } from '../../support/lspci.js';
import { makeSysroot } from '../../support/sysroot.js';

const SLOTS = ['03:00', '03:00.1', '00:02', '.1', '0.3', '1f.', '1f', '0000:00:', '03:', ':00', '*:*.*', '0000:03:00.0', '1:0.0', '0001:', '0001:00:02.0', '14.0', '.7', 'g:00', '0:0:0:0', '03:00.7', '03:00.8', '20', 'ff:', '100:', '7fffffff:00:', '80000000:00:'];
const IDS = ['1002:', ':73bf', '1002:73bf', '::0300', '8086::0c03', '8086::0c0330', ':', '10de:', '*:*', '1002:ab28:0403', '1b21:2142:0c03:30', '8086:zz', '1002', 'ffff:', '10000:', ':10000', '::ffff', '::10000', '::0300:100', '1:2:3:4:5', '0x10de:'];

describe.skipIf(!hasLspci)('lspci -s and -d: the same functions as lspci selects', () => {
  let root: string;
  let cleanup: () => void;
  let devices: PciFunction[];
  beforeAll(async () => {
    // a second PCI domain, as on multi-socket servers and VMD
    const extra = { address: '0001:00:02.0', vendor: '8086', device: '4680', class: '030000', driver: 'i915', group: 40 };
    ({ root, cleanup } = makeSysroot({ ...EXAMPLE_HOST, devices: [...EXAMPLE_HOST.devices, extra] }));
    devices = (await readHost(root)).devices;
  });
  afterAll(() => cleanup());

  /** The addresses lspci lists for `args`, or null when it refuses them. */
  function lspci(args: string[]): string[] | null {
    const r = spawnSync('lspci', [...sysfsArgs(root), '-D', '-n', ...args], { encoding: 'utf8' });
    if (r.status !== 0) return null;
    return r.stdout.split('\n').filter(Boolean).map((l) => l.split(' ')[0]!).sort();
  }

  function dgpu(sel: { slot?: string; ids?: string }): string[] | null {
    let filter: ReturnType<typeof pciFilter>;
    try {
      filter = pciFilter(sel);
    } catch (e) {
      expect(e).toBeInstanceOf(UsageError);
      return null;
    }
    return devices.filter((d) => filter === null || filter(d)).map((d) => d.address).sort();
  }

  it('reads the second domain too', () => {
    expect(lspci([])).toEqual(devices.map((d) => d.address).sort());
    expect(lspci([])).toContain('0001:00:02.0');
  });

  it.each(SLOTS)('-s %s', (slot) => {
    expect(dgpu({ slot })).toEqual(lspci(['-s', slot]));
  });

  it.each(IDS)('-d %s', (ids) => {
    expect(dgpu({ ids })).toEqual(lspci(['-d', ids]));
  });

  it.each([['03:', '1002:'], ['00:', '::0c03'], ['.0', '8086:4680']])('-s %s -d %s', (slot, ids) => {
    expect(dgpu({ slot, ids })).toEqual(lspci(['-s', slot, '-d', ids]));
  });
});
