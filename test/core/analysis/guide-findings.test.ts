// Issue 12: the findings from DarwinKVM's pages (virtualization off, the AMD reset bug, Resizable BAR), each
// through a whole sysroot read by readHost and reported by scanReport, and each with its absence.
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { scanReport } from '../../../src/core/analysis/scan-report.js';
import type { Finding } from '../../../src/core/analysis/findings.js';
import { amdResetBug } from '../../../src/core/analysis/reset-bug.js';
import { parseResource } from '../../../src/host/bar-reader.js';
import { virtualizationFlag } from '../../../src/host/cpu-reader.js';
import { readHost } from '../../../src/host/sysfs-reader.js';
import { EXAMPLE_HOST } from '../../support/example-host.js';
import { hasLspci, lspciOver } from '../../support/lspci.js';
import { makeSysroot, type FakeDevice, type FakeHostSpec } from '../../support/sysroot.js';

const GUEST = '0000:03:00.0';
const KERNEL = '6.1.0-18-amd64'; // EXAMPLE_HOST's
const cleanups: Array<() => void> = [];
afterEach(() => { while (cleanups.length > 0) cleanups.pop()!(); });

function withGuest(change: Partial<FakeDevice>, spec: Partial<FakeHostSpec> = {}): FakeHostSpec {
  return { ...EXAMPLE_HOST, ...spec, devices: EXAMPLE_HOST.devices.map((d) => (d.address === GUEST ? { ...d, ...change } : d)) };
}

async function findings(spec: FakeHostSpec, code: string): Promise<Finding[]> {
  const { root, cleanup } = makeSysroot(spec);
  cleanups.push(cleanup);
  return scanReport(await readHost(root)).findings.filter((f) => f.code === code);
}

// resource_show (drivers/pci/pci-sysfs.c) prints 13 lines for an endpoint: BARs 0-5, the ROM, 6 SR-IOV BARs.
const ZERO = '0x0000000000000000 0x0000000000000000 0x0000000000000000';
function resource(bar0Bytes: bigint): string {
  const start = 0x7800000000n;
  const hex = (n: bigint) => `0x${n.toString(16).padStart(16, '0')}`;
  return [
    `${hex(start)} ${hex(start + bar0Bytes - 1n)} 0x000000000014220c`, // 64-bit prefetchable memory
    ZERO,
    '0x0000007c00000000 0x0000007c001fffff 0x000000000014220c', // 2 MiB doorbell
    ZERO,
    '0x000000000000e000 0x000000000000e0ff 0x0000000000040101', // I/O ports: not a memory BAR
    '0x00000000fca00000 0x00000000fcafffff 0x0000000000040200',
    '0x00000000fcb00000 0x00000000fcb1ffff 0x0000000000046200', // expansion ROM
    ...Array(6).fill(ZERO),
  ].join('\n') + '\n';
}

describe('virtualization-off', () => {
  it('reads the flag from real /proc/cpuinfo files (test/fixtures/cpuinfo)', () => {
    expect(virtualizationFlag(readFileSync('test/fixtures/cpuinfo/intel-i7-4790k-vmx.txt', 'utf8'))).toBe('vmx');
    expect(virtualizationFlag(readFileSync('test/fixtures/cpuinfo/intel-xeon-8259cl-ec2-guest.txt', 'utf8'))).toBe('none');
    expect(virtualizationFlag('processor\t: 0\nvendor_id\t: GenuineIntel\n')).toBeNull();
  });

  it('an EC2 guest\'s cpuinfo (no vmx, no svm) gives the finding, with the BIOS page and the setting to turn on', async () => {
    const spec = { ...EXAMPLE_HOST, files: { ...EXAMPLE_HOST.files, 'proc/cpuinfo': readFileSync('test/fixtures/cpuinfo/intel-xeon-8259cl-ec2-guest.txt', 'utf8') } };
    const [f, ...rest] = await findings(spec, 'virtualization-off');
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ severity: 'error', source: 'DarwinKVM, BIOS Configuration' });
    expect(f!.fix).toContain('turn on VT-x');
    expect(f!.message).toContain(f!.fix);
  });

  it('svm, vmx, or no flags line at all (an older snapshot): no finding', async () => {
    expect(await findings({ ...EXAMPLE_HOST, cpuVendor: 'AuthenticAMD', cpuFlags: 'fpu vme de pse tsc msr svm extapic' }, 'virtualization-off')).toEqual([]);
    const real = { ...EXAMPLE_HOST, files: { ...EXAMPLE_HOST.files, 'proc/cpuinfo': readFileSync('test/fixtures/cpuinfo/intel-i7-4790k-vmx.txt', 'utf8') } };
    expect(await findings(real, 'virtualization-off')).toEqual([]);
    expect(await findings(EXAMPLE_HOST, 'virtualization-off')).toEqual([]);
  });

  it('an AMD CPU without svm is told to turn on SVM Mode', async () => {
    const [f] = await findings({ ...EXAMPLE_HOST, cpuVendor: 'AuthenticAMD', cpuFlags: 'fpu vme de pse tsc msr extapic' }, 'virtualization-off');
    expect(f!.fix).toContain('SVM Mode');
  });
});

describe('amd-reset-bug', () => {
  it('a Navi 21 guest (RDNA2) has none', async () => {
    expect(await findings(EXAMPLE_HOST, 'amd-reset-bug')).toEqual([]);
    expect(amdResetBug('1002', '73bf')).toBeNull();
  });

  it('a Navi 10 guest: vendor-reset supports it, not installed for the running kernel', async () => {
    const [f] = await findings(withGuest({ device: '731f' }), 'amd-reset-bug');
    expect(f).toMatchObject({ severity: 'warning', addresses: [GUEST], source: 'DarwinKVM, Single GPU Passthrough: Script Installation' });
    expect(f!.message).toContain('Navi 10');
    expect(f!.fix).toContain(`supports it but is not installed for ${KERNEL}`);
  });

  it('installed by dkms (updates/dkms, not yet in modules.dep), or listed in modules.dep', async () => {
    const dkms = withGuest({ device: '731f' }, { files: { ...EXAMPLE_HOST.files, [`lib/modules/${KERNEL}/updates/dkms/vendor-reset.ko.zst`]: '' } });
    expect((await findings(dkms, 'amd-reset-bug'))[0]!.fix).toContain(`installed for ${KERNEL} (/lib/modules/${KERNEL}/updates/dkms/vendor-reset.ko.zst)`);
    const dep = withGuest({ device: '687f' }, { files: { ...EXAMPLE_HOST.files, [`lib/modules/${KERNEL}/modules.dep`]: 'kernel/drivers/vfio/vfio.ko:\nextra/vendor-reset.ko.xz:\n' } });
    const [f] = await findings(dep, 'amd-reset-bug');
    expect(f!.message).toContain('Vega 10');
    expect(f!.fix).toContain(`(/lib/modules/${KERNEL}/extra/vendor-reset.ko.xz)`);
  });

  it('a Navi 31 guest (RDNA3): the bug, and vendor-reset does not list it', async () => {
    const [f] = await findings(withGuest({ device: '744c' }), 'amd-reset-bug');
    expect(f!.message).toContain('Navi 31');
    expect(f!.fix).toContain('does not list 1002:744c');
  });

  it('an NVIDIA guest has none', () => {
    expect(amdResetBug('10de', '1b81')).toBeNull();
  });
});

describe('resizable-bar', () => {
  it('parses the resource file: memory BARs only, sizes from start and end', () => {
    expect(parseResource(resource(16n << 30n))).toEqual([
      { index: 0, size: 16 * 2 ** 30 }, { index: 2, size: 2 * 2 ** 20 }, { index: 5, size: 2 ** 20 },
    ]);
  });

  it('a BAR above 2^53 (an address a Number cannot hold exactly) has its exact size; flags in the top bits do not hide IORESOURCE_MEM', () => {
    const text = [
      '0xfffffff000000000 0xfffffff3ffffffff 0x000000008014220c', // 16 GiB near the top of 64 bits; IORESOURCE_BUSY set
      ZERO,
      '0x001ffffffffff000 0x0020000000000fff 0x000000000014220c', // 8 KiB across 2^53
      ZERO,
      '0x0000000000000000 0x0000000000000000 0x0000000000000200', // memory flag, nothing assigned
    ].join('\n');
    expect(parseResource(text)).toEqual([{ index: 0, size: 16 * 2 ** 30 }, { index: 2, size: 8192 }]);
  });

  it("any resource file: the kernel's fixed layout and a free one give the BARs that BigInt arithmetic gives", () => {
    const u64 = fc.bigInt({ min: 0n, max: (1n << 64n) - 1n });
    const line = fc.record({
      start: u64,
      length: fc.oneof(fc.constant(0n), fc.bigInt({ min: 1n, max: 1n << 40n })),
      // IORESOURCE_MEM or IORESOURCE_IO, with other flag bits around it and in the upper half
      flags: fc.tuple(fc.constantFrom(0x200n, 0x100n, 0n), fc.bigInt({ min: 0n, max: (1n << 64n) - 1n })).map(([kind, rest]) => (rest & ~0x300n) | kind),
    });
    fc.assert(
      fc.property(fc.array(line, { minLength: 1, maxLength: 13 }), (lines) => {
        const rows = lines.map(({ start, length, flags }) => {
          const end = length === 0n ? 0n : start + length - 1n;
          return { start: length === 0n ? 0n : start, end: end < (1n << 64n) ? end : (1n << 64n) - 1n, flags };
        });
        // resource_show (drivers/pci/pci-sysfs.c): "0x%016llx 0x%016llx 0x%016llx\n"
        const fixed = rows.map((r) => [r.start, r.end, r.flags].map((v) => `0x${v.toString(16).padStart(16, '0')}`).join(' ')).join('\n');
        const free = rows.map((r) => [r.start, r.end, r.flags].map((v) => `0x${v.toString(16).toUpperCase()}`).join('\t ')).join('\n');
        const expected = rows.slice(0, 6).flatMap((r, index) =>
          (r.flags & 0x200n) !== 0n && r.end !== 0n && r.end >= r.start ? [{ index, size: Number(r.end - r.start + 1n) }] : []);
        expect(parseResource(fixed)).toEqual(expected);
        expect(parseResource(free)).toEqual(expected);
      }),
      { numRuns: 500 },
    );
  });

  it("a line that only looks like the kernel's is not read as one", () => {
    const bad = '0x00000070000zz000 0x000000700fffffff 0x000000000014220c'; // same width, not hex
    expect(parseResource([bad, ZERO, '0x0000007010000000 0x00000070101fffff 0x000000000014220c'].join('\n'))).toEqual([{ index: 2, size: 2 * 2 ** 20 }]);
  });

  it.skipIf(!hasLspci)('lspci reads the same sizes from the same file', () => {
    // lspci -v also reads `irq` (pciutils lib/sysfs.c)
    const { root, cleanup } = makeSysroot(withGuest({ attrs: { resource: resource(16n << 30n), irq: '0\n' } }));
    cleanups.push(cleanup);
    const out = lspciOver(root, ['-v', '-s', '03:00.0']);
    expect(out).toMatch(/Memory at 7800000000 .*\[size=16G\]/);
    expect(out).toMatch(/Memory at 7c00000000 .*\[size=2M\]/);
    expect(out).toMatch(/I\/O ports at e000 .*\[size=256\]/);
  });

  it('a 256 MiB BAR 0 gives no finding', async () => {
    expect(await findings(withGuest({ attrs: { resource: resource(256n << 20n) } }), 'resizable-bar')).toEqual([]);
  });

  it('a 16 GiB BAR 0 gives the finding, with the BIOS settings to turn off', async () => {
    const [f] = await findings(withGuest({ attrs: { resource: resource(16n << 30n) } }), 'resizable-bar');
    expect(f).toMatchObject({ severity: 'warning', addresses: [GUEST], source: 'DarwinKVM, BIOS Configuration' });
    expect(f!.message).toContain('16 GiB BAR 0');
    expect(f!.fix).toContain('Above 4G Decoding, Resizable BAR');
    expect(f!.fix).not.toContain('resource0_resize');
  });

  it('where the kernel offers resource0_resize with 256 MiB, says how to set it back', async () => {
    // bits 8 (256 MiB) to 14 (16 GiB): 0x7f00
    const [f] = await findings(withGuest({ attrs: { resource: resource(16n << 30n), resource0_resize: '0000000000007f00\n' } }), 'resizable-bar');
    expect(f!.fix).toContain(`echo 8 > /sys/bus/pci/devices/${GUEST}/resource0_resize`);
    const [g] = await findings(withGuest({ attrs: { resource: resource(16n << 30n), resource0_resize: '0000000000007e00\n' } }), 'resizable-bar');
    expect(g!.fix).toContain('not a 256 MiB size');
  });
});
