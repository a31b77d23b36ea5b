// `dgpu verify` on trees "after the reboot": all facts right → exit 0; each failure mode → its FAIL line and exit 1.
import { afterAll, describe, expect, it } from 'vitest';
import { EXIT } from '../../../src/core/errors.js';
import type { FakeDevice, FakeHostSpec } from '../../support/sysroot.js';
import { dgpu } from '../../support/cli.js';
import { HOST_BRIDGE, IGPU, ROOT_PORT, scenarioRoot, turing } from './support.js';

// Tests run concurrently (each spawns the CLI a few times); the trees go when the file is done.
const cleanups: Array<() => void> = [];
afterAll(() => {
  while (cleanups.length > 0) cleanups.pop()!();
});

const IDS = 'vfio-pci.ids=10de:1e84,10de:10f8,10de:1ad8,10de:1ad9';
const GOOD_CMDLINE = `BOOT_IMAGE=/vmlinuz root=/dev/sda2 ro quiet intel_iommu=on iommu=pt ${IDS}`;

interface After {
  cmdline?: string;
  drivers?: Record<string, string | null>;
  extra?: FakeDevice[];
  devVfio?: boolean;
  noGroups?: boolean;
  /** driver_override on every guest function. */
  override?: string;
}

/** The Turing guest bound to vfio-pci, its group's /dev/vfio node, the parameters on the command line. */
function afterReboot(o: After = {}): string {
  const guest = turing().map((d) => ({
    ...d, driver: o.drivers && d.address in o.drivers ? o.drivers[d.address]! : 'vfio-pci', ...(o.override ? { driverOverride: o.override } : {}),
  }));
  let devices = [HOST_BRIDGE, ROOT_PORT, IGPU, ...guest, ...(o.extra ?? [])];
  if (o.noGroups) devices = devices.map((d) => ({ ...d, group: null }));
  const spec: FakeHostSpec = {
    devices, cpuVendor: 'GenuineIntel', cmdline: o.cmdline ?? GOOD_CMDLINE,
    files: o.devVfio === false ? {} : { 'dev/vfio/10': '', 'dev/vfio/vfio': '' },
  };
  const r = scenarioRoot(spec);
  cleanups.push(r.cleanup);
  return r.root;
}

const verify = (root: string, ...args: string[]) => dgpu(['verify', '--gpu', '0a:00.0', '--root', root, ...args]);

describe.concurrent('dgpu verify', () => {
  it('passes on a host set up as planned (exit 0), one line per check', () => {
    const r = verify(afterReboot());
    expect(r.stderr).toBe('');
    expect(r.status).toBe(EXIT.ok);
    expect(r.stdout).not.toContain('FAIL');
    // iommu + 3 parameters + nothing turns the IOMMU off + 4 drivers + group + /dev/vfio node
    expect(r.stdout.split('\n').filter((l) => l.startsWith('pass'))).toHaveLength(11);
    expect(r.stdout).toContain('all 11 checks passed');
  });

  it('--gpu auto finds the same GPU and --json lists the checks', () => {
    const r = dgpu(['verify', '--gpu', 'auto', '--root', afterReboot(), '--json']);
    expect(r.status).toBe(EXIT.ok);
    const json = JSON.parse(r.stdout);
    expect(json.gpu).toBe('0000:0a:00.0');
    expect(json.ok).toBe(true);
    expect(json.checks.map((c: { name: string }) => c.name)).toContain('driver 0000:0a:00.3');
  });

  const failures: Array<[string, After, RegExp, RegExp]> = [
    ['a parameter missing from /proc/cmdline', { cmdline: 'root=/dev/sda2 ro intel_iommu=on iommu=pt' },
      /FAIL {2}vfio-pci\.ids=10de:1e84,10de:10f8,10de:1ad8,10de:1ad9 is not in \/proc\/cmdline/, /dgpu apply/],
    ['an old vfio-pci.ids value on the command line', { cmdline: `${GOOD_CMDLINE.replace(IDS, 'vfio-pci.ids=10de:1e84')}` },
      /FAIL {2}vfio-pci\.ids=.* is not in \/proc\/cmdline/, /reboot/],
    ['a function held by a host driver', { drivers: { '0000:0a:00.1': 'snd_hda_intel' } },
      /FAIL {2}0000:0a:00\.1: driver snd_hda_intel/, /snd_hda_intel claimed it first: check the softdeps/],
    ['a function with no driver', { drivers: { '0000:0a:00.2': null } },
      /FAIL {2}0000:0a:00\.2: no driver/, /initramfs was rebuilt/],
    ['another member of the group held by a host driver', { extra: [{ address: '0000:0c:00.0', vendor: '8086', device: '15f3', class: '020000', driver: 'igc', group: 10 }] },
      /FAIL {2}group 10: 0000:0c:00\.0 \(driver igc\)/, /--also/],
    ['no /dev/vfio/<group>', { devVfio: false }, /FAIL {2}\/dev\/vfio\/10 is missing/, /vfio-pci has not bound the group/],
    ['the IOMMU off', { noGroups: true }, /FAIL {2}no IOMMU groups/, /VT-d/],
  ];
  it.each(failures)('fails with exit 1 on %s', (_name, o, line, fix) => {
    const r = verify(afterReboot(o));
    expect(r.status).toBe(EXIT.checkFailed);
    expect(r.stdout).toMatch(line);
    expect(r.stdout).toMatch(fix);
    expect(r.stdout).toMatch(/\d+ of \d+ checks failed/);
  });

  it('per-address binding: no vfio-pci.ids expected, and one left behind fails', () => {
    // two identical Turing cards; the host keeps 0b
    const r = afterReboot({
      cmdline: 'root=/dev/sda2 intel_iommu=on iommu=pt', override: 'vfio-pci',
      extra: turing('0b', 11).map((d) => ({ ...d, parent: undefined, driver: d.class === '030000' ? 'nouveau' : d.driver })),
    });
    const ok = verify(r);
    expect(ok.status).toBe(EXIT.ok);
    expect(ok.stdout).toMatch(/0000:0a:00\.3: driver_override vfio-pci/);
    const stale = afterReboot({
      cmdline: `root=/dev/sda2 intel_iommu=on iommu=pt ${IDS}`,
      extra: turing('0b', 11).map((d) => ({ ...d, parent: undefined })),
    });
    const v = verify(stale);
    expect(v.status).toBe(EXIT.checkFailed);
    expect(v.stdout).toMatch(/FAIL {2}vfio-pci\.ids=.* would also take the host's card/);
  });

  it('per-address binding: a guest function without driver_override, or one on the host\'s card, fails', () => {
    const extra = turing('0b', 11).map((d) => ({ ...d, parent: undefined, driver: d.class === '030000' ? 'nouveau' : d.driver }));
    const none = verify(afterReboot({ cmdline: 'root=/dev/sda2 intel_iommu=on iommu=pt', extra }));
    expect(none.status).toBe(EXIT.checkFailed);
    expect(none.stdout).toMatch(/FAIL {2}0000:0a:00\.0: driver_override \(none\)/);
    expect(none.stdout).toMatch(/early initramfs script did not run/);
    const stray = verify(afterReboot({
      cmdline: 'root=/dev/sda2 intel_iommu=on iommu=pt', override: 'vfio-pci',
      extra: extra.map((d) => (d.address === '0000:0b:00.1' ? { ...d, driverOverride: 'vfio-pci' } : d)),
    }));
    expect(stray.status).toBe(EXIT.checkFailed);
    expect(stray.stdout).toMatch(/FAIL {2}driver_override=vfio-pci also on 0000:0b:00\.1/);
  });
});
