// The dump reader against lspci itself: lspci prints the real q35 sysfs trees (test/fixtures/qemu-sysfs) in the
// formats people post (-nnk, -vmm -nn -k with IOMMUGroup, -vmm without ids), and reading that text back must give
// the addresses, ids, classes, groups and drivers the sysfs reader finds in the same tree.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importDump } from '../../src/core/dump/parse-dump.js';
import { readHost } from '../../src/host/sysfs-reader.js';

const fixtures = join(import.meta.dirname, '../fixtures');
const PCI_IDS = join(fixtures, 'pci-ids/pci.ids.gz');
const hasLspci = spawnSync('lspci', ['--version']).status === 0;

function lspci(root: string, args: string[]): string {
  const r = spawnSync('lspci', [...args, '-i', PCI_IDS, '-O', 'hwdb.disable=1', '-A', 'linux-sysfs', '-O', `sysfs.path=${join(root, 'sys/bus/pci')}`], { encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
  return r.stdout;
}

describe.skipIf(!hasLspci)('dumps printed by lspci read back as the sysfs reader reads the tree', () => {
  for (const tree of ['distinct', 'identical']) {
    const root = join(fixtures, 'qemu-sysfs', tree, 'root');
    it.each([
      ['-nnk', ['-nnk'], { ids: true, groups: false, drivers: true }],
      ['-vmm -nn -k -D', ['-vmm', '-nn', '-k', '-D'], { ids: true, groups: true, drivers: true }],
      ['-vmm', ['-vmm'], { ids: false, groups: true, drivers: false }],
    ] as const)(`${tree}: lspci %s`, async (_name, args, has) => {
      const sysfs = await readHost(root);
      const { host, notes } = importDump(lspci(root, [...args]));
      expect(notes.filter((n) => !/outside every IOMMU group/.test(n))).toEqual([]);
      const got = host.devices.map((d) => ({
        address: d.address, class: d.class?.slice(0, 4) ?? null, ids: `${d.vendor}:${d.device}`, group: d.iommuGroup, driver: d.driver,
      }));
      const want = sysfs.devices.map((d) => ({
        address: d.address,
        class: d.class?.slice(0, 4) ?? null,
        ids: has.ids ? `${d.vendor}:${d.device}` : 'null:null',
        group: has.groups ? d.iommuGroup : null,
        driver: has.drivers ? d.driver : null,
      }));
      expect(got).toEqual(want);
      expect(host.iommuGroups !== null).toBe(has.groups);
      expect(host.known.drivers).toBe(has.drivers);
    });
  }
});
