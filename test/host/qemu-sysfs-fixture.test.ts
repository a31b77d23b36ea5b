// The q35 sysfs copy from the e2e VM (test/fixtures/qemu-sysfs) must stay what the kernel showed: lspci, reading
// the copy through its sysfs back end, prints the VM's own `lspci -nnk` (ids, classes, names, drivers).
// The VM (Debian bookworm) named devices from its pci.ids, 2023.04.10, the version pinned here, and from udev's
// hwdb, which lspci here leaves out (test/support/lspci.ts). The hwdb adds one thing: pciutils looks a subsystem
// up as the modalias `pci:v…d…sv…sd…*` (lib/names-hwdb.c), which the hwdb's key for the device itself,
// `pci:v…d…*`, matches too, so where pci.ids names no subsystem the VM printed the device's name
// ("Subsystem: Red Hat, Inc. QEMU PCIe Root port [1b36:0000]") and lspci without the hwdb prints `Device`.
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lspciOver, PCI_IDS, withoutModules } from '../support/lspci.js';

const base = join(import.meta.dirname, '../fixtures/qemu-sysfs');
const cases = readdirSync(base).filter((c) => existsSync(join(base, c, 'root')));

/** `lspci -nnk` as the VM's hwdb would have named it: unnamed subsystems take their device's name. */
function asWithHwdb(nnk: string, vmm: string): string {
  const deviceName = new Map(vmm.split(/\n\n+/).map((b) => [/^Slot:\t(\S+)/m.exec(b)?.[1], /^Device:\t(.*) \[[0-9a-f]{4}\]$/m.exec(b)?.[1]]));
  let slot: string | undefined;
  return nnk.split('\n').map((l) => {
    if (/^\S/.test(l)) slot = l.split(' ')[0];
    const name = deviceName.get(slot);
    return name === undefined || name === 'Device' ? l : l.replace(/^(\tSubsystem: (?:.* )?)Device( \[[0-9a-f]{4}:[0-9a-f]{4}\])$/, `$1${name}$2`);
  }).join('\n');
}

describe('qemu-sysfs fixture', () => {
  it('has at least one case', () => expect(cases.length).toBeGreaterThan(0));
  for (const c of cases) {
    const root = join(base, c, 'root');
    const recorded = withoutModules(readFileSync(join(base, c, 'lspci-nnk.txt'), 'utf8'));

    it(`${c}: lspci over the copy matches lspci -nnk in the VM`, () => {
      const out = asWithHwdb(lspciOver(root, ['-nnk'], PCI_IDS.q35), lspciOver(root, ['-vmm', '-nn'], PCI_IDS.q35));
      expect(withoutModules(out)).toBe(recorded);
    });

    it(`${c}: only the subsystems pci.ids does not name differ without the hwdb`, () => {
      const plain = withoutModules(lspciOver(root, ['-nnk'], PCI_IDS.q35)).split('\n');
      const differ = recorded.split('\n').filter((l, i) => l !== plain[i]);
      expect(differ).toEqual(['\tSubsystem: Red Hat, Inc. QEMU PCIe Root port [1b36:0000]', '\tSubsystem: Red Hat, Inc. Virtio block device [1af4:0002]']);
    });
  }
});
