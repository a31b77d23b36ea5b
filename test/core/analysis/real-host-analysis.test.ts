// The answer for every real-host dump, worked out by reading its header and its groups (see each file's
// provenance header in test/fixtures/real-hosts), against what the analysis computes.
import { describe, expect, it } from 'vitest';
import { parseDump } from '../../../src/core/dump/parse-dump.js';
import { scanReport } from '../../../src/core/analysis/scan-report.js';
import { dumpText, realHostDumps } from '../../support/real-hosts.js';

const load = (n: string) => scanReport(parseDump(dumpText(n)));

interface Expected {
  /** GPU address → [ids, groups, viable, blockers] */
  gpus: Record<string, [string, number[], boolean | null, string[]]>;
  guest: string | null;
  /** Finding codes beyond the ones every dump without boot_vga gets. */
  findings: string[];
}

const b = (...a: string[]) => a.map((x) => `0000:${x}`);

const EXPECTED: Record<string, Expected> = {
  // Two sockets: GTX 1070, GTX 770, GTX 970 on bus 82 (second socket), and the BMC's ASPEED VGA grouped only
  // with its own AST1150 bridge (a bridge does not block). Four viable GPUs: the user must choose.
  '01': {
    gpus: {
      '04:00.0': ['10de:1b81,10de:10f0', [20], true, []],
      '05:00.0': ['10de:1184,10de:0e0a', [21], true, []],
      '0a:00.0': ['1a03:2000', [24], true, []],
      '82:00.0': ['10de:13c2,10de:0fbb', [41], true, []],
    },
    guest: null,
    findings: ['cmdline-unknown', 'identical-usb-ids'], // two Renesas uPD720201 1912:0014
  },
  // RTX 3080 alone in group 12; the Raphael iGPU's VGA and audio in groups 21/22, its AMD (1022) PSP and USB
  // siblings at 6a:00.2-.4 are not its functions.
  '02': {
    gpus: { '01:00.0': ['10de:2206,10de:1aef', [12], true, []], '6a:00.0': ['1002:164e,1002:1640', [21, 22], true, []] },
    guest: null,
    findings: ['cmdline-unknown', 'identical-usb-ids'],
  },
  // Every function in its own group (ACS override suspected, not stated: no command line in the dump).
  '03': {
    gpus: { '01:00.0': ['10de:2504,10de:228e', [12, 13], true, []], '15:00.0': ['1002:164e,1002:1640', [38, 39], true, []] },
    guest: null,
    findings: ['cmdline-unknown', 'identical-usb-ids'],
  },
  // Cezanne APU only: a single GPU. The override is in prose, not in a /proc/cmdline line: not reported as set.
  '04': { gpus: { '05:00.0': ['1002:1638,1002:1637', [14, 15], true, []] }, guest: null, findings: ['cmdline-unknown', 'identical-usb-ids'] },
  // Part A: iGPU, RX 6700 XT (VGA and audio in separate groups), RX 560 already on vfio-pci. Part B (a later
  // snapshot) is set aside.
  '05': {
    gpus: {
      '00:02.0': ['8086:4680', [3], true, []],
      '03:00.0': ['1002:73df,1002:ab28', [21, 22], true, []],
      '04:00.0': ['1002:67ff,1002:aae0', [23], true, []],
    },
    guest: null,
    findings: ['cmdline-unknown'],
  },
  // Single RX 7600 (Navi 33).
  '06': { gpus: { '03:00.0': ['1002:7480,1002:ab30', [12, 13], true, []] }, guest: null, findings: ['cmdline-unknown'] },
  // UHD 630 alone in group 0; GT 1030 in group 2 with only its root port: both viable. Command line in the dump,
  // without an override.
  '07': { gpus: { '00:02.0': ['8086:3e92', [0], true, []], '01:00.0': ['10de:1d01,10de:0fb8', [2], true, []] }, guest: null, findings: [] },
  // BMC VGA sharing group 10 with the iRMC co-processor (unbound, per lspci -k): not viable, and the only GPU.
  '08': { gpus: { '02:00.0': ['102b:0522', [10], false, b('02:00.1')] }, guest: null, findings: [] },
  // RX 550 in the chipset group 12 (chipset USB, SATA, RTL8111 NIC): not viable; the R9 390 alone in 13 is the guest.
  '10': {
    gpus: {
      '06:00.0': ['1002:699f,1002:aae0', [12], false, b('01:00.0', '01:00.1', '03:00.0')],
      '07:00.0': ['1002:67b1,1002:aac8', [13], true, []],
    },
    guest: '0000:07:00.0',
    // Hawaii (GCN 2) has the AMD reset bug (DarwinKVM: all AMD GPUs but RDNA2), and vendor-reset does not list 67b1
    findings: ['amd-reset-bug', 'cmdline-unknown'],
  },
  // RX 7800 XT (host) and the 4-function RTX 2070 SUPER each in split groups (ACS override per the author's
  // loader entry, which is not part of the dump).
  '11': {
    gpus: {
      '03:00.0': ['1002:747e,1002:ab30', [17, 18], true, []],
      '05:00.0': ['10de:1e84,10de:10f8,10de:1ad8,10de:1ad9', [20, 21, 22, 23], true, []],
    },
    guest: null,
    findings: ['cmdline-unknown', 'identical-usb-ids'],
  },
  // Single RX 5700 XT.
  '12': { gpus: { '0b:00.0': ['1002:731f,1002:ab38', [25, 26], true, []] }, guest: null, findings: ['cmdline-unknown', 'identical-usb-ids'] },
  // Hand-formatted: iGPU alone in group 2, RTX 3090 + audio in group 18.
  '13': { gpus: { '00:02.0': ['8086:4680', [2], true, []], '01:00.0': ['10de:2204,10de:1aef', [18], true, []] }, guest: null, findings: ['cmdline-unknown'] },
  // GT 710 in the B550 chipset group 13 (USB, SATA, RTL8125): not viable; the RTX 2070 SUPER's four functions
  // alone in group 14: the guest.
  '15': {
    gpus: {
      '04:00.0': ['10de:128b,10de:0e0f', [13], false, b('02:00.0', '02:00.1', '2a:00.0')],
      '2b:00.0': ['10de:1e84,10de:10f8,10de:1ad8,10de:1ad9', [14], true, []],
    },
    guest: '0000:2b:00.0',
    findings: ['cmdline-unknown'],
  },
  // HD 7450 in the chipset group 11: not viable (and its audio line is cut off); GTX 960 alone in 12: the guest.
  '16': {
    gpus: {
      '25:00.0': ['1002:677b', [11], false, b('03:00.0', '03:00.1', '22:00.0')],
      '26:00.0': ['10de:1401,10de:0fba', [12], true, []],
    },
    guest: '0000:26:00.0',
    findings: ['cmdline-unknown', 'ids-unknown'],
  },
};

describe('analysis of every real-host dump', () => {
  it('covers all fourteen', () => expect(Object.keys(EXPECTED)).toHaveLength(realHostDumps.length));

  for (const [n, want] of Object.entries(EXPECTED)) {
    it(`host-${n}`, () => {
      const r = load(n);
      const got = Object.fromEntries(r.gpus.map((g) => [g.address.slice(5), [g.ids.join(','), g.groups, g.viable, g.blockers]]));
      expect(got).toEqual(want.gpus);
      expect(r.proposedGuest).toBe(want.guest);
      expect(r.iommu).toEqual({ enabled: true, acsOverride: false });
      const codes = r.findings.map((f) => f.code).filter((c) => c !== 'boot-gpu-unknown');
      expect(codes.sort()).toEqual([...want.findings].sort());
      expect(r.gpus.every((g) => g.bootVga === null)).toBe(true);
    });
  }

  it('names the blocker drivers where the dump has lspci -k (host-08: the iRMC function is unbound)', () => {
    expect(load('08').gpus[0]!.blockerDetails).toEqual([
      { address: '0000:02:00.1', class: '0b40', name: 'Emulex Corporation ServerView iRMC HTI', driver: null },
    ]);
  });

  it('does not count the RX 560 already on vfio-pci as anything but its own (host-05)', () => {
    expect(load('05').devices.filter((d) => d.driver === 'vfio-pci').map((d) => d.address)).toEqual(b('04:00.0', '04:00.1'));
  });
});
