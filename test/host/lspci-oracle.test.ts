// Differential test: lspci (pciutils) reading the same sysfs tree is the oracle for ids, class, revision,
// subsystem, driver and IOMMU group. `-vmm -nnk -D` prints one "Tag:\tvalue [hex]" record per function.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Host } from '../../src/core/host.js';
import { readHost } from '../../src/host/sysfs-reader.js';
import { EXAMPLE_HOST } from '../support/example-host.js';
import { hasLspci, sysfsArgs } from '../support/lspci.js';
import { makeSysroot, type FakeHostSpec } from '../support/sysroot.js';

interface LspciRecord {
  address: string;
  vendor: string;
  device: string;
  class: string;
  revision: string;
  subsystemVendor: string | null;
  subsystemDevice: string | null;
  driver: string | null;
  iommuGroup: number | null;
}

const bracket = (v: string | undefined) => (v === undefined ? null : /\[([0-9a-f]+)\]$/.exec(v)?.[1] ?? null);

function parseLspciVmm(text: string): LspciRecord[] {
  return text.split(/\n\n+/).filter((b) => b.trim()).map((block) => {
    const f = new Map(block.split('\n').map((l) => [l.slice(0, l.indexOf(':')), l.slice(l.indexOf(':') + 1).trim()] as const));
    return {
      address: f.get('Slot')!,
      vendor: bracket(f.get('Vendor'))!,
      device: bracket(f.get('Device'))!,
      class: `${bracket(f.get('Class'))}${f.get('ProgIf') ?? '00'}`,
      revision: f.get('Rev') ?? '00', // lspci omits revision 0
      subsystemVendor: bracket(f.get('SVendor')),
      subsystemDevice: bracket(f.get('SDevice')),
      driver: f.get('Driver') ?? null,
      iommuGroup: f.has('IOMMUGroup') ? Number(f.get('IOMMUGroup')) : null,
    };
  });
}

function lspci(args: string[]): LspciRecord[] {
  const r = spawnSync('lspci', ['-vmm', '-nnk', '-D', ...args], { encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
  return parseLspciVmm(r.stdout);
}

function compare(host: Host, records: LspciRecord[]): void {
  expect(host.devices.map((d) => d.address).sort()).toEqual(records.map((r) => r.address).sort());
  for (const r of records) {
    const d = host.devices.find((x) => x.address === r.address)!;
    const sub = (v: string | null) => (v === '0000' ? null : v); // lspci hides a zero subsystem
    expect({
      address: d.address, vendor: d.vendor, device: d.device, class: d.class, revision: d.revision,
      subsystemVendor: sub(d.subsystemVendor), subsystemDevice: sub(d.subsystemVendor) === null ? null : d.subsystemDevice,
      driver: d.driver, iommuGroup: d.iommuGroup,
    }).toEqual(r);
  }
}

const SPEC: FakeHostSpec = {
  ...EXAMPLE_HOST,
  devices: [
    ...EXAMPLE_HOST.devices,
    // a second PCI domain (VMD, multi-socket servers) and an unbound function with no subsystem
    { address: '0001:00:00.0', vendor: '10de', device: '2204', class: '030000', revision: 'a1', subsystemVendor: '1458', subsystemDevice: '403b', driver: 'vfio-pci', group: 40, bootVga: false },
    { address: '0001:00:00.1', vendor: '10de', device: '1aef', class: '040300', revision: 'a1', driver: null, group: 40 },
  ],
};

describe.skipIf(!hasLspci)('readHost agrees with lspci', () => {
  let root: string;
  let cleanup: () => void;
  beforeAll(() => ({ root, cleanup } = makeSysroot(SPEC)));
  afterAll(() => cleanup());

  it('on a fixture tree: ids, class, revision, subsystem, driver and group of every function', async () => {
    const records = lspci(sysfsArgs(root));
    expect(records).toHaveLength(SPEC.devices.length);
    compare(await readHost(root), records);
  });

  const realPci = existsSync('/sys/bus/pci/devices') && readdirSync('/sys/bus/pci/devices').length > 0;
  it.skipIf(!realPci)("on this machine's real /sys", async () => {
    compare(await readHost('/'), lspci(['-A', 'linux-sysfs']));
  });
});
