// The OpenCore fragment printed after `vm attach`: keyed by the GPU's guest path as dgpu placed it
// (checked against xmllint reading the same domain), and a plist Python's plistlib parses to the expected values.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { macosSupport } from '../../../src/core/analysis/macos.js';
import { guestPciPath } from '../../../src/core/opencore/guest-pci-path.js';
import { openCoreFragment } from '../../../src/core/opencore/oc-fragment.js';
import { attachGpu } from '../../../src/core/vm/attach.js';
import { scanReport } from '../../../src/core/analysis/scan-report.js';
import { reportHtml } from '../../../src/core/report/report-html.js';
import { readHost } from '../../../src/host/sysfs-reader.js';
import { dgpuAsync } from '../../support/cli.js';
import { EXAMPLE_HOST } from '../../support/example-host.js';
import { makeSysroot } from '../../support/sysroot.js';
import { GOLDEN } from './golden-cases.js';

const work = mkdtempSync(join(tmpdir(), 'dgpu-oc-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

type Plist = { NVRAM?: { Add?: Record<string, Record<string, string>> }; DeviceProperties?: { Add?: Record<string, Record<string, string>> } };
const boot = (d: Plist) => d.NVRAM?.Add?.['7C436110-AB2A-4BBB-A880-FE41995C9F82']?.['boot-args'];

/** plistlib's reading of the text, as JSON (data as hex). */
function plistlib(text: string): Plist {
  const file = join(work, `f${Math.random().toString(36).slice(2)}.plist`);
  writeFileSync(file, text);
  const py = 'import plistlib,json,sys\nd=plistlib.load(open(sys.argv[1],"rb"))\nprint(json.dumps(d, default=lambda b: b.hex()))';
  const r = spawnSync('python3', ['-c', py, file], { encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as Plist;
}

/** The same path by xmllint: the hostdev's guest address, then each controller up to bus 0. */
function xmllintPath(xml: string, host: { bus: string; slot: string; fn: string }): string {
  const file = join(work, `d${Math.random().toString(36).slice(2)}.xml`);
  writeFileSync(file, xml);
  const q = (xpath: string) => spawnSync('xmllint', ['--xpath', `string(${xpath})`, file], { encoding: 'utf8' }).stdout.trim();
  const h = (v: string) => `0x${parseInt(v, 16).toString(16)}`;
  const base = `/domain/devices/hostdev[source/address[@bus='${host.bus}' and @slot='${host.slot}' and @function='${host.fn}']]/address`;
  let addr = { bus: q(`${base}/@bus`), slot: q(`${base}/@slot`), fn: q(`${base}/@function`) };
  const parts = [`Pci(${h(addr.slot)},${h(addr.fn)})`];
  while (parseInt(addr.bus, 16) !== 0) {
    const c = `/domain/devices/controller[@type='pci' and @index='${parseInt(addr.bus, 16)}']/address`;
    addr = { bus: q(`${c}/@bus`), slot: q(`${c}/@slot`), fn: q(`${c}/@function`) };
    parts.unshift(`Pci(${h(addr.slot)},${h(addr.fn)})`);
  }
  return `PciRoot(0x0)/${parts.join('/')}`;
}

describe('the GPU\'s guest path', () => {
  it.each(GOLDEN.map((g) => [`${g.file}${g.variant ? ` ${g.variant}` : ''}`, g] as const))('%s: as xmllint reads the attached domain', (_, g) => {
    const { xml } = attachGpu(readFileSync(`test/fixtures/vm/${g.file}-in.xml`, 'utf8'), g.req);
    const gpu = g.req.functions[0]!.address;
    const [, bus, sf] = gpu.split(':');
    const [slot, fn] = sf!.split('.');
    expect(guestPciPath(xml, gpu)).toBe(xmllintPath(xml, { bus: `0x${bus}`, slot: `0x${slot}`, fn: `0x${fn}` }));
  });
});

describe('openCoreFragment', () => {
  const PATH = 'PciRoot(0x0)/Pci(0x1,0x0)/Pci(0x0,0x0)';
  const devId = (d: Plist) => d.DeviceProperties?.Add?.[PATH]?.['device-id'];

  it('Navi 10 (RX 5700 XT): boot-arg agdpmod=pikera, WhateverGreen named', () => {
    const f = openCoreFragment('0000:03:00.0', macosSupport('1002', '731f'), PATH);
    const d = plistlib(f.plist!);
    expect(boot(d)).toBe('agdpmod=pikera');
    expect(d.DeviceProperties).toBeUndefined();
    expect(f.plist).toContain('WhateverGreen');
  });

  it('RX 6950 XT (73a5): device-id 0x73bf, little endian, at the guest path', () => {
    const d = plistlib(openCoreFragment('0000:03:00.0', macosSupport('1002', '73a5'), PATH).plist!);
    expect(devId(d)).toBe('bf730000');
    expect(boot(d)).toBeUndefined();
  });

  it('Lexa (RX 550, 699f): device-id 0x67ff, as Dortania writes it (FF670000)', () => {
    expect(devId(plistlib(openCoreFragment('0000:03:00.0', macosSupport('1002', '699f'), PATH).plist!))).toBe('ff670000');
  });

  it('native (Navi 21 73bf) and unsupported (Turing): no fragment, a summary saying why', () => {
    const native = openCoreFragment('0000:03:00.0', macosSupport('1002', '73bf'), PATH);
    expect(native.plist).toBeNull();
    expect(native.summary).toContain('natively');
    const turing = openCoreFragment('0000:05:00.0', macosSupport('10de', '1e84'), PATH);
    expect(turing.plist).toBeNull();
  });
});

describe('dgpu vm attach prints the fragment', () => {
  it('for a Navi 10 guest on the example host, a plist plistlib reads', async () => {
    const devices = EXAMPLE_HOST.devices.map((d) => (d.address === '0000:03:00.0' ? { ...d, device: '731f' } : d));
    const { root, cleanup } = makeSysroot({ ...EXAMPLE_HOST, devices });
    try {
      const xml = join(root, 'macos.xml');
      writeFileSync(xml, readFileSync('test/fixtures/vm/libvirt-macos-04-ultmos-domainExample-in.xml'));
      const r = await dgpuAsync(['vm', 'attach', '--xml', xml, '--out', join(root, 'out.xml'), '--gpu', '03:00.0', '--root', root]);
      expect(r.status, r.stderr).toBe(0);
      expect(r.stdout).toContain('(Navi 10) in macOS needs: boot-args agdpmod=pikera; WhateverGreen');
      const plist = r.stdout.slice(r.stdout.indexOf('<?xml'), r.stdout.indexOf('</plist>') + '</plist>'.length);
      expect(boot(plistlib(plist))).toBe('agdpmod=pikera');
    } finally {
      cleanup();
    }
  });
});

describe('dgpu report shows it', () => {
  it('for a Navi 10 guest: the summary and the fragment, escaped', async () => {
    const devices = EXAMPLE_HOST.devices.map((d) => (d.address === '0000:03:00.0' ? { ...d, device: '731f' } : d));
    const { root, cleanup } = makeSysroot({ ...EXAMPLE_HOST, devices });
    try {
      const html = reportHtml(scanReport(await readHost(root)));
      expect(html).toContain('<details id="opencore"><summary>0000:03:00.0 (Navi 10) in macOS needs: boot-args agdpmod=pikera; WhateverGreen</summary>');
      expect(html).toContain('&lt;string&gt;agdpmod=pikera&lt;/string&gt;');
    } finally {
      cleanup();
    }
  });
});
