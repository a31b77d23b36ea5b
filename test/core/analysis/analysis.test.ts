// Table tests for the pure analysis on small synthetic hosts: GPU functions, viability, the guest choice, findings.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { emptyHost, type Host, type PciFunction } from '../../../src/core/host.js';
import { findGpus, proposeGuestGpu } from '../../../src/core/analysis/gpu.js';
import { groupViability } from '../../../src/core/analysis/iommu.js';
import { hostFindings } from '../../../src/core/analysis/findings.js';
import { scanReport } from '../../../src/core/analysis/scan-report.js';
import { usbControllers } from '../../../src/core/analysis/usb.js';

type Spec = [address: string, ids: string, cls: string, group: number | null, driver?: string | null, bootVga?: boolean | null];

function host(specs: Spec[], extra: Partial<Host> = {}): Host {
  const h = emptyHost('sysfs');
  h.devices = specs.map(([a, ids, cls, group, driver = null, bootVga = null]): PciFunction => {
    const [vendor, device] = ids.split(':');
    return {
      address: `0000:${a}`, vendor: vendor!, device: device!, class: cls, revision: null, subsystemVendor: null,
      subsystemDevice: null, driver, iommuGroup: group, bootVga, modalias: null, name: `dev ${ids}`, vendorName: null, driverOverride: null, bars: null,
    };
  });
  h.iommuGroups = {};
  for (const d of h.devices) if (d.iommuGroup !== null) (h.iommuGroups[d.iommuGroup] ??= []).push(d.address);
  h.known = { drivers: true, bootVga: true };
  return Object.assign(h, extra);
}

const IGPU: Spec = ['00:02.0', '8086:4680', '030000', 1, 'i915', true];
const NAVI: Spec[] = [
  ['03:00.0', '1002:73ff', '030000', 23, 'amdgpu', false],
  ['03:00.1', '1002:ab28', '040300', 24, 'snd_hda_intel'],
];

describe('findGpus', () => {
  it('takes the same slot and vendor only: an APU\'s chipset-vendor siblings are not the GPU\'s', () => {
    const h = host([
      ['6a:00.0', '1002:164e', '030000', 21], ['6a:00.1', '1002:1640', '040300', 22],
      ['6a:00.2', '1022:1649', '108000', 23], ['6a:00.3', '1022:15b6', '0c0330', 24],
    ]);
    expect(findGpus(h).map((g) => [g.functions, g.ids])).toEqual([
      [['0000:6a:00.0', '0000:6a:00.1'], ['1002:164e', '1002:1640']],
    ]);
  });

  it('lists ids once, in function order (two Navi audio ids are the same id)', () => {
    const h = host([['0e:00.0', '10de:1e84', '030000', 14], ['0e:00.1', '10de:10f8', '040300', 14], ['0e:00.2', '10de:1ad8', '0c0330', 14], ['0e:00.3', '10de:1ad9', '0c8000', 14]]);
    expect(findGpus(h)[0]!.ids).toEqual(['10de:1e84', '10de:10f8', '10de:1ad8', '10de:1ad9']);
  });

  it('counts 0302 and 0380 as GPUs, and one GPU per slot', () => {
    const h = host([['01:00.0', '10de:1db4', '030200', 1], ['02:00.0', '1002:6860', '038000', 2], ['02:00.1', '1002:6861', '038000', 2]]);
    expect(findGpus(h).map((g) => g.address)).toEqual(['0000:01:00.0', '0000:02:00.0']);
  });
});

describe('groupViability', () => {
  const rows: Array<[string, Spec[], string[], boolean | null, string[]]> = [
    ['alone', NAVI, ['0000:03:00.0', '0000:03:00.1'], true, []],
    ['with bridges and instrumentation', [['00:01.0', '1022:1483', '060400', 5], ['00:01.1', '1022:1482', '060000', 5], ['27:00.0', '1022:148a', '130000', 5], ['26:00.0', '10de:1401', '030000', 5]], ['0000:26:00.0'], true, []],
    ['with a NIC', [['22:00.0', '10ec:8168', '020000', 11, 'r8169'], ['25:00.0', '1002:677b', '030000', 11]], ['0000:25:00.0'], false, ['0000:22:00.0']],
    ['with a member already on vfio-pci', [['22:00.0', '10ec:8168', '020000', 11, 'vfio-pci'], ['25:00.0', '1002:677b', '030000', 11]], ['0000:25:00.0'], true, []],
    ['with a member on pci-stub', [['22:00.0', '10ec:8168', '020000', 11, 'pci-stub'], ['25:00.0', '1002:677b', '030000', 11]], ['0000:25:00.0'], true, []],
    ['with an encryption controller (not exempt)', [['05:00.2', '1022:15df', '108000', 3, 'ccp'], ['05:00.0', '1002:1638', '030000', 3]], ['0000:05:00.0'], false, ['0000:05:00.2']],
    ['with a device also chosen (--also)', [['22:00.0', '1912:0014', '0c0330', 11, 'xhci_hcd'], ['25:00.0', '1002:677b', '030000', 11]], ['0000:25:00.0', '0000:22:00.0'], true, []],
  ];
  it.each(rows)('%s', (_n, specs, passed, viable, blockers) => {
    const v = groupViability(host(specs), passed);
    expect(v.viable).toBe(viable);
    expect(v.blockers.map((x) => x.address)).toEqual(blockers);
  });

  it('names the host driver holding a blocker', () => {
    const v = groupViability(host([['22:00.0', '10ec:8168', '020000', 11, 'r8169'], ['25:00.0', '1002:677b', '030000', 11]]), ['0000:25:00.0']);
    expect(v.blockers).toEqual([{ address: '0000:22:00.0', class: '020000', name: 'dev 10ec:8168', driver: 'r8169' }]);
  });

  it('is unknown, not a guess, without groups', () => {
    const h = host(NAVI);
    h.iommuGroups = null;
    expect(groupViability(h, ['0000:03:00.0']).viable).toBeNull();
    const off = host(NAVI.map(([a, i, c]) => [a, i, c, null] as Spec));
    expect(off.iommuGroups).toEqual({});
    expect(groupViability(off, ['0000:03:00.0'])).toEqual({ viable: null, blockers: [], groups: [] });
  });
});

describe('proposeGuestGpu', () => {
  it('proposes the one viable non-boot GPU and says why', () => {
    const h = host([IGPU, ...NAVI]);
    const c = proposeGuestGpu(h, findGpus(h));
    expect(c.gpu?.address).toBe('0000:03:00.0');
    expect(c.reason).toContain('0000:00:02.0');
  });

  it('never proposes the boot GPU, even when it is the viable one', () => {
    const h = host([['00:02.0', '8086:4680', '030000', 1, 'i915', false], ['03:00.0', '1002:73ff', '030000', 2, 'amdgpu', true], ['03:00.1', '1002:ab28', '040300', 2]]);
    expect(proposeGuestGpu(h, findGpus(h)).gpu?.address).toBe('0000:00:02.0');
  });

  it.each([
    ['no GPU', [['00:14.0', '8086:7ae0', '0c0330', 3]] as Spec[], /no GPU/],
    ['one GPU', [IGPU], /only one GPU/],
    ['two viable non-boot GPUs', [IGPU, ...NAVI, ['04:00.0', '10de:1b81', '030000', 30], ['04:00.1', '10de:10f0', '040300', 30]] as Spec[], /several GPUs.*0000:03:00.0.*0000:04:00.0/],
    ['no viable one', [IGPU, ['04:00.0', '10de:1b81', '030000', 30], ['04:01.0', '8086:1533', '020000', 30, 'igb']] as Spec[], /no GPU can be passed.*0000:04:00.0 \(10de:1b81\) not viable/],
  ])('%s: no proposal, with the reason', (_n, specs, reason) => {
    const h = host(specs);
    const c = proposeGuestGpu(h, findGpus(h));
    expect(c.gpu).toBeNull();
    expect(c.reason).toMatch(reason);
  });
});

describe('findings', () => {
  const codes = (h: Host) => {
    const gpus = findGpus(h);
    return hostFindings(h, gpus, proposeGuestGpu(h, gpus).gpu).map((f) => `${f.code}:${f.severity}`);
  };

  it('reports the boot GPU', () => expect(codes(host([IGPU, ...NAVI]))).toEqual(['boot-gpu:info']));

  it('reports IOMMU off on a sysfs host with no groups', () => {
    expect(codes(host([['00:02.0', '8086:4680', '030000', null, 'i915', true]]))).toContain('iommu-off:error');
  });

  it('reports the ACS override from the command line', () => {
    expect(codes(host([IGPU, ...NAVI], { cmdline: 'root=/dev/sda1 pcie_acs_override=downstream,multifunction' }))).toContain('acs-override:warning');
    expect(codes(host([IGPU, ...NAVI], { cmdline: 'root=/dev/sda1 quiet' }))).not.toContain('acs-override:warning');
  });

  it('reports GPUs with identical ids (the vfio-pci.ids trap)', () => {
    const h = host([IGPU, ['03:00.0', '10de:2484', '030000', 3], ['03:00.1', '10de:228b', '040300', 3], ['04:00.0', '10de:2484', '030000', 4], ['04:00.1', '10de:228b', '040300', 4]]);
    const gpus = findGpus(h);
    const f = hostFindings(h, gpus, null).find((x) => x.code === 'identical-ids')!;
    expect(f.addresses).toEqual(['0000:03:00.0', '0000:04:00.0']);
    expect(f.message).toContain('10de:2484, 10de:228b');
  });

  it('reports three identical cards as one finding naming all of them', () => {
    const card = (bus: string, g: number) => [[`${bus}:00.0`, '1002:73bf', '030000', g], [`${bus}:00.1`, '1002:ab28', '040300', g]] as const;
    const h = host([IGPU, ...card('03', 3), ...card('04', 4), ...card('05', 5)] as never);
    const found = hostFindings(h, findGpus(h), null).filter((x) => x.code === 'identical-ids');
    expect(found).toHaveLength(1);
    expect(found[0]!.addresses).toEqual(['0000:03:00.0', '0000:04:00.0', '0000:05:00.0']);
    expect(found[0]!.message).toContain('share 1002:73bf, 1002:ab28: vfio-pci.ids would claim all 3');
  });

  it('reports vfio-pci built into the kernel', () => {
    const h = host([IGPU, ...NAVI]);
    h.modules.builtin = ['vfio', 'vfio_pci', 'vfio_iommu_type1'];
    expect(codes(h)).toContain('vfio-pci-builtin:warning');
  });

  it('names every pair of GPUs that share a group, in order, each once (fast-check against all pairs)', () => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.integer({ min: 1, max: 6 }), { minLength: 1, maxLength: 2 }), { minLength: 2, maxLength: 8 }), (groupsPerGpu) => {
        // GPU i at bus i; its display and audio functions in the groups drawn for it
        const h = host(groupsPerGpu.flatMap((gs, i): Spec[] => {
          const bus = (i + 1).toString(16).padStart(2, '0');
          return [[`${bus}:00.0`, `1002:73${bus}`, '030000', gs[0]!, 'amdgpu', false], [`${bus}:00.1`, '1002:ab28', '040300', gs.at(-1)!]];
        }));
        const gpus = findGpus(h);
        const pairs = gpus.flatMap((a, i) => gpus.slice(i + 1).flatMap((b) => {
          const shared = a.groups.filter((g) => b.groups.includes(g));
          return shared.length === 0 ? [] : [`${a.address} and ${b.address} share IOMMU group ${shared.join(', ')}`];
        }));
        const found = hostFindings(h, gpus, null).filter((x) => x.code === 'gpus-share-group');
        expect(found.map((x) => x.message.slice(0, x.message.indexOf(': ')))).toEqual(pairs);
      }),
      { numRuns: 200 },
    );
  });

  it('reports the guest GPU sharing a group with the host\'s only other GPU', () => {
    const h = host([['04:00.0', '10de:128b', '030000', 13, 'nouveau', true], ['2b:00.0', '10de:1e84', '030000', 13, 'nouveau', false]]);
    expect(codes(h)).toContain('gpus-share-group:error');
  });
});

describe('USB controllers and the JSON report', () => {
  it('shows what is plugged in and marks keyboards', () => {
    const h = host([IGPU, ...NAVI, ['00:14.0', '8086:7ae0', '0c0330', 7, 'xhci_hcd'], ['00:14.2', '8086:7aa7', '050000', 7]]);
    h.usb = [{ controller: '0000:00:14.0', devices: [{ port: '1-4', vendor: '046d', product: 'c31c', manufacturerName: 'Logitech', productName: 'Keyboard K120', keyboard: true, mouse: false }] }];
    const [u] = usbControllers(h);
    expect(u).toMatchObject({ address: '0000:00:14.0', ids: '8086:7ae0', iommuGroup: 7, viable: false, keyboard: true, mouse: false });
    expect(u!.blockers.map((b) => b.address)).toEqual(['0000:00:14.2']);
  });

  it('writes schema 1', () => {
    const r = scanReport(host([IGPU, ...NAVI], { cmdline: 'quiet', cpuVendor: 'amd' }));
    expect(r).toMatchObject({
      schema: 1, source: 'sysfs', iommu: { enabled: true, acsOverride: false }, cpuVendor: 'amd', proposedGuest: '0000:03:00.0',
      gpus: [
        { address: '0000:00:02.0', functions: ['0000:00:02.0'], ids: ['8086:4680'], bootVga: true, groups: [1], viable: true, blockers: [] },
        { address: '0000:03:00.0', functions: ['0000:03:00.0', '0000:03:00.1'], ids: ['1002:73ff', '1002:ab28'], bootVga: false, groups: [23, 24], viable: true, blockers: [] },
      ],
      usbControllers: [],
    });
    expect(r.devices[1]).toEqual({ address: '0000:03:00.0', vendor: '1002', device: '73ff', class: '030000', name: 'dev 1002:73ff', driver: 'amdgpu', iommuGroup: 23, bootVga: false });
  });
});
