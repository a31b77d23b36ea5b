// Every dump in test/fixtures/real-hosts (copied from test/fixtures/real-hosts) imports, and agrees with the
// cross-check in parsed/host-NN.json: addresses, ids, class (first four digits), group and, where the dump
// states drivers, the driver.
import { describe, expect, it } from 'vitest';
import { importDump } from '../../../src/core/dump/parse-dump.js';
import { dumpText, parsedHost, realHostDumps as realHosts } from '../../support/real-hosts.js';

// The one place the cross-check knows more than the dump: host-16's audio line is cut off at "[1002:a...";
// the importer keeps the whole vendor and leaves the device unknown instead of guessing aa98.
const CUT_OFF: Record<string, { address: string; device: null }> = {
  '16': { address: '0000:25:00.1', device: null },
};

describe('real-host dumps', () => {
  it('finds all fourteen dumps', () => expect(realHosts.length).toBe(14));

  for (const file of realHosts) {
    const n = file.slice(5, 7);
    it(`host-${n} matches parsed/host-${n}.json`, () => {
      const { host } = importDump(dumpText(n));
      const parsed = parsedHost(`host-${n}`);
      expect(host.source).toBe('dump');
      expect(host.devices.map((d) => d.address)).toEqual(parsed.devices.map((d) => d.address).sort());
      for (const p of parsed.devices) {
        const d = host.devices.find((x) => x.address === p.address)!;
        const cut = CUT_OFF[n]?.address === p.address;
        expect({ a: p.address, ids: `${d.vendor}:${d.device}` }).toEqual({
          a: p.address,
          ids: cut ? `${p.vendor}:null` : `${p.vendor}:${p.device}`,
        });
        expect({ a: p.address, class: d.class?.slice(0, 4) }).toEqual({ a: p.address, class: p.class.slice(0, 4) });
        expect({ a: p.address, group: d.iommuGroup }).toEqual({ a: p.address, group: p.group });
        if (host.known.drivers) expect({ a: p.address, driver: d.driver }).toEqual({ a: p.address, driver: p.driver });
        expect(d.bootVga).toBeNull();
      }
      // groups table and per-device groups agree
      for (const [g, members] of Object.entries(host.iommuGroups ?? {})) {
        for (const a of members) expect(host.devices.find((d) => d.address === a)!.iommuGroup).toBe(Number(g));
      }
    });
  }

  it('states drivers only for the dumps that carry lspci -k', () => {
    const withK = realHosts.filter((f) => importDump(dumpText(f.slice(5, 7))).host.known.drivers);
    expect(withK.map((f) => f.slice(0, 7))).toEqual(['host-05', 'host-07', 'host-08']);
  });

  it('takes the command line only from a /proc/cmdline line in the dump, never from the provenance header', () => {
    const cmd = (n: string) =>
      importDump(dumpText(n)).host.cmdline;
    expect(cmd('07')).toBe('BOOT_IMAGE=/boot/vmlinuz-6.8.0-49-generic root=UUID=9ff8c203-950b-4f46-8c41-6e994151ecd3 ro quiet splash');
    expect(cmd('08')).toBe('BOOT_IMAGE=/boot/vmlinuz-6.5.11-8-pve root=/dev/mapper/pve-root ro quiet intel_iommu=on');
    expect(cmd('11')).toBeNull(); // its pcie_acs_override line is in the header only
    expect(cmd('04')).toBeNull(); // prose says it is set in /etc/default/grub: not a command line
  });

  it('sets aside the later, contradicting snapshot of host-05 and the mismatched lspci -k of host-07', () => {
    const notes = (n: string) => importDump(dumpText(n)).notes;
    expect(notes('05')).toEqual([expect.stringContaining('second IOMMU group listing')]);
    expect(notes('07')).toHaveLength(2);
  });

  it('maps ls-iommu USB lines to the controller above them (host-02)', () => {
    const { host } = importDump(dumpText('02'));
    const bus = host.usb!.find((b) => b.controller === '0000:6a:00.4')!;
    expect(bus.devices.map((d) => `${d.vendor}:${d.product}`)).toEqual(['046d:c52b']); // root hubs left out
    expect(host.usb!.find((b) => b.controller === '0000:07:00.0')!.devices).toEqual([]);
  });
});
