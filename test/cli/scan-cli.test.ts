// `dgpu scan` and `dgpu groups` end to end through the bundle (npm test builds it first).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dgpu as run } from '../support/cli.js';
import { dumpPath as dump } from '../support/real-hosts.js';

const dgpu = (...args: string[]) => run(args, { env: { NO_COLOR: '1' } });

describe('dgpu scan --from', () => {
  it('writes the schema-1 JSON for a real dump (host-15: the RTX 2070 SUPER is the guest)', () => {
    const r = dgpu('scan', '--from', dump('15'), '--json');
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
    const j = JSON.parse(r.stdout);
    expect(j).toMatchObject({ schema: 1, source: 'dump', iommu: { enabled: true, acsOverride: false }, cpuVendor: null, proposedGuest: '0000:2b:00.0' });
    expect(j.gpus.map((g: { address: string; viable: boolean }) => [g.address, g.viable])).toEqual([['0000:04:00.0', false], ['0000:2b:00.0', true]]);
    expect(j.devices.every((d: { address: string }) => /^[0-9a-f]{4}:[0-9a-f]{2}:[0-9a-f]{2}\.[0-7]$/.test(d.address))).toBe(true);
    expect(j.usbControllers.length).toBe(3);
    // the macOS verdict travels with each GPU (Turing has no macOS driver; Kepler GT 710 ends at Big Sur)
    const macos = Object.fromEntries(j.gpus.map((g: { address: string; macos: unknown }) => [g.address, g.macos]));
    expect(macos['0000:2b:00.0']).toMatchObject({ family: 'Turing', supported: false, needs: [] });
    expect(macos['0000:04:00.0']).toMatchObject({ family: 'Kepler', supported: true, last: '11' });
  });

  it('shows the guest GPU\'s macOS verdict on the example host (Navi 21: Big Sur 11 to Tahoe 26)', () => {
    const r = dgpu('scan', '--root', 'examples/host', '--json');
    expect(r.status).toBe(0);
    const g = JSON.parse(r.stdout).gpus.find((x: { address: string }) => x.address === '0000:03:00.0');
    expect(g.macos).toMatchObject({ family: 'Navi 21', supported: true, first: '11', last: '26', needs: [] });
    expect(dgpu('scan', '--root', 'examples/host').stdout).toContain('Navi 21: macOS 11 – 26');
  });

  it('prints the guest GPU ids exactly as vfio-pci.ids= wants them', () => {
    const r = dgpu('scan', '--from', dump('15'));
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('vfio-pci.ids=10de:1e84,10de:10f8,10de:1ad8,10de:1ad9\n');
    expect(r.stdout.indexOf('GPUs')).toBeLessThan(r.stdout.indexOf('Guest GPU'));
    expect(r.stdout.indexOf('Guest GPU')).toBeLessThan(r.stdout.indexOf('USB controllers'));
    expect(r.stdout).toMatch(/blocked by the other members of group 13:\n\s+0000:02:00\.0 {2}1022:43ee/);
  });

  it('warns on stderr about a snapshot it set aside, keeping stdout JSON clean (host-05)', () => {
    const r = dgpu('scan', '--from', dump('05'), '--json');
    expect(r.status).toBe(0);
    expect(r.stderr).toContain('warning: set aside a second IOMMU group listing');
    expect(() => JSON.parse(r.stdout)).not.toThrow();
  });

  it.each([
    ['a missing file', ['scan', '--from', '/nonexistent/dump.txt'], 2, /no such file/],
    ['a directory', ['scan', '--from', tmpdir()], 2, /is a directory/],
    ['--from with --root', ['scan', '--from', dump('15'), '--root', '/tmp'], 2, /--from and --root/],
  ])('%s: usage error, one line and a hint', (_n, args, code, msg) => {
    const r = dgpu(...args);
    expect(r.status).toBe(code);
    expect(r.stderr).toMatch(msg);
    expect(r.stderr).toMatch(/^dgpu: .*\nhint: .*\n$/);
    expect(r.stdout).toBe('');
  });

  it.each([
    ['garbage', 'this is not a dump\n\u0000\u0001'],
    ['an empty file', ''],
  ])('%s: exit 2 naming the accepted formats, no stack trace', (_n, text) => {
    const f = join(mkdtempSync(join(tmpdir(), 'dgpu-scan-')), 'dump.txt');
    writeFileSync(f, text);
    const r = dgpu('scan', '--from', f, '--json');
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('no PCI function in a known format');
    expect(r.stderr).toContain('ls-iommu');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('imports a truncated dump and says what is missing (host-16)', () => {
    const r = dgpu('scan', '--from', dump('16'), '--json');
    expect(r.status).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.devices.find((d: { address: string }) => d.address === '0000:25:00.1')).toMatchObject({ vendor: '1002', device: null });
    expect(j.findings.map((f: { code: string }) => f.code)).toContain('ids-unknown');
  });
});

describe('dgpu groups --from', () => {
  it('lists every group like the classic script, bridges marked', () => {
    const r = dgpu('groups', '--from', dump('10'));
    expect(r.status).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines.filter((l) => /^IOMMU Group \d+:$/.test(l))).toHaveLength(20); // groups 0-19
    expect(r.stdout).toMatch(/\t0000:07:00\.0 VGA compatible controller \[0300\]: .*\[1002:67b1\]\n/);
    expect(lines.find((l) => l.includes('0000:00:01.0'))).toContain('(bridge: stays with the host)');
  });

  it('writes JSON, and says when a dump has no groups', () => {
    const j = JSON.parse(dgpu('groups', '--from', dump('13'), '--json').stdout);
    expect(j.groups.find((g: { group: number }) => g.group === 18).devices.map((d: { address: string }) => d.address)).toEqual(['0000:01:00.0', '0000:01:00.1']);
    const f = join(mkdtempSync(join(tmpdir(), 'dgpu-groups-')), 'lspci.txt');
    writeFileSync(f, '01:00.0 VGA compatible controller [0300]: NVIDIA Corporation GA102 [10de:2206] (rev a1)\n');
    const r = dgpu('groups', '--from', f);
    expect(r.stdout).toContain('IOMMU groups: not in the source');
    expect(r.stdout).toContain('Without a group:');
  });
});

describe("lspci's -s and -d on scan and groups (examples/host)", () => {
  it('narrow what is listed, not what is judged: the guest stays proposed when the selection leaves it out', () => {
    const j = JSON.parse(dgpu('scan', '--root', 'examples/host', '--json', '-s', '00:').stdout);
    expect(j.proposedGuest).toBe('0000:03:00.0');
    expect(j.gpus.map((g: { address: string }) => g.address)).toEqual(['0000:00:02.0']);
    expect(j.devices.every((d: { address: string }) => d.address.startsWith('0000:00:'))).toBe(true);
    const r = dgpu('scan', '--root', 'examples/host', '-s', '07:');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('GPUs: none');
    expect(r.stdout).toContain('Guest GPU: 0000:03:00.0 (not in the -s/-d selection)');
  });

  it("a GPU in the selection brings its other functions; groups keeps only the selected members", () => {
    const j = JSON.parse(dgpu('scan', '--root', 'examples/host', '--json', '-d', ':73bf').stdout);
    expect(j.devices.map((d: { address: string }) => d.address)).toEqual(['0000:03:00.0', '0000:03:00.1']);
    expect(j.usbControllers).toEqual([]);
    const g = JSON.parse(dgpu('groups', '--root', 'examples/host', '--json', '-d', '::0c03').stdout);
    expect(g.groups.flatMap((x: { devices: Array<{ address: string }> }) => x.devices.map((d) => d.address))).toEqual(['0000:00:14.0', '0000:05:00.0']);
  });

  it.each([['-s', '03:00.8', /-s: '8' is not a function number/], ['-d', '::0c0330', /-d: '0c0330' is not a class code/]])(
    '%s %s, which lspci refuses too: usage error',
    (flag, value, msg) => {
      const r = dgpu('scan', '--root', 'examples/host', flag, value);
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(msg);
      expect(r.stdout).toBe('');
    },
  );
});
