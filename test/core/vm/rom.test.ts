// `vm attach --rom FILE` / `--rom-bar off`: the <rom> of the GPU's function 0, validated by
// virt-xml-validate and libvirt's test driver, idempotent, and a --rom file that is missing or not a ROM refused.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { attachGpu, type AttachRequest } from '../../../src/core/vm/attach.js';
import { checkRom } from '../../../src/core/rom/vbios.js';
import { libvirtAccepts, mendForDebianLibvirt } from '../../support/libvirt-oracle.js';
import { dgpuAsync } from '../../support/cli.js';
import { EXAMPLE_HOST } from '../../support/example-host.js';
import { makeSysroot } from '../../support/sysroot.js';
import { romImage } from '../../support/rom-image.js';

const OZZY = mendForDebianLibvirt(readFileSync('test/fixtures/vm/libvirt-macos-01-ozzyhelix-usb-controller-hostdev-in.xml', 'utf8')).xml;
const NAME = /<name>([^<]+)<\/name>/.exec(OZZY)![1]!;
const GPU: AttachRequest = {
  functions: [{ address: '0000:03:00.0', class: '030000' }, { address: '0000:03:00.1', class: '040300' }],
  also: [], cpuVendor: 'intel', input: 'keep', keepDisplay: true,
};

const romOf = (xml: string, source: string) => {
  const hostdev = [...xml.matchAll(/<hostdev\b[\s\S]*?<\/hostdev>/g)].map((m) => m[0]).find((h) => h.includes(source));
  return /<rom\b[^>]*\/>/.exec(hostdev ?? '')?.[0] ?? null;
};
const FN0 = "bus='0x03' slot='0x00' function='0x0'";
const FN1 = "bus='0x03' slot='0x00' function='0x1'";

describe('<rom> on the GPU\'s function 0', () => {
  it('file and bar on a new hostdev: libvirt validates and keeps them; function 1 gets none; a second run changes nothing', () => {
    const { xml } = attachGpu(OZZY, { ...GPU, rom: { file: '/var/lib/libvirt/vbios/navi21.rom', bar: 'off' } });
    expect(romOf(xml, FN0)).toBe("<rom bar='off' file='/var/lib/libvirt/vbios/navi21.rom'/>");
    expect(romOf(xml, FN1)).toBeNull();
    const r = libvirtAccepts(xml, NAME);
    expect(r.validateOk, r.validateOutput).toBe(true);
    expect(r.virshOk, r.virshOutput).toBe(true);
    expect(romOf(r.dumped, "bus='0x03' slot='0x00' function='0x0'")).toBe("<rom bar='off' file='/var/lib/libvirt/vbios/navi21.rom'/>");
    expect(attachGpu(xml, { ...GPU, rom: { file: '/var/lib/libvirt/vbios/navi21.rom', bar: 'off' } }).xml).toBe(xml);
  });

  it('--rom-bar alone; then a file added to the <rom> already there, its bar kept', () => {
    const barOnly = attachGpu(OZZY, { ...GPU, rom: { bar: 'off' } }).xml;
    expect(romOf(barOnly, FN0)).toBe("<rom bar='off'/>");
    const withFile = attachGpu(barOnly, { ...GPU, rom: { file: '/roms/gpu.rom' } }).xml;
    expect(romOf(withFile, FN0)).toBe("<rom bar='off' file='/roms/gpu.rom'/>");
    const r = libvirtAccepts(withFile, NAME);
    expect(r.validateOk && r.virshOk, r.validateOutput + r.virshOutput).toBe(true);
  });

  it('no flag: no <rom>', () => {
    expect(romOf(attachGpu(OZZY, GPU).xml, FN0)).toBeNull();
  });
});

describe('checkRom', () => {
  it.each<[string, Buffer, string]>([
    ['a good image', romImage(0x1002, 0x73bf), 'ok 1002:73bf'],
    ['no signature', romImage(0x1002, 0x73bf, [0x00, 0x00]), 'no ROM signature 0x55AA at its start (0x0000)'],
    ['no PCIR', Buffer.concat([Buffer.from([0x55, 0xaa]), Buffer.alloc(0x40)]), 'no "PCIR" at its PCI data structure (0x0000)'],
    ['a pointer past the end', (() => { const b = romImage(1, 2).subarray(0, 0x30); return b; })(), 'its PCI data structure pointer 0x0040 is past the end'],
  ])('%s', (_, data, want) => {
    const r = checkRom(data);
    expect(r.ok ? `ok ${r.info.vendor}:${r.info.device}` : r.why).toBe(want);
  });
});

describe.concurrent('dgpu vm attach --rom', () => {
  const { root, cleanup } = makeSysroot({
    ...EXAMPLE_HOST,
    files: { ...EXAMPLE_HOST.files, 'var/lib/libvirt/vbios/bad.rom': 'not a rom' },
  });
  writeFileSync(join(root, 'var/lib/libvirt/vbios/good.rom'), romImage(0x1002, 0x73bf));
  writeFileSync(join(root, 'ozzy.xml'), OZZY);
  afterAll(cleanup);
  const attach = (rom: string, out: string) =>
    dgpuAsync(['vm', 'attach', '--xml', join(root, 'ozzy.xml'), '--out', join(root, out), '--gpu', '03:00.0', '--keep-display', '--rom', rom, '--rom-bar', 'off', '--root', root]);

  it('writes the <rom> for a file under the root that is a ROM image', async () => {
    const r = await attach('/var/lib/libvirt/vbios/good.rom', 'good.xml');
    expect(r.stderr).not.toContain('dgpu:');
    expect(r.status).toBe(0);
    expect(romOf(readFileSync(join(root, 'good.xml'), 'utf8'), FN0)).toBe("<rom bar='off' file='/var/lib/libvirt/vbios/good.rom'/>");
  });

  it.each([
    ['/var/lib/libvirt/vbios/bad.rom', /is not a ROM image: it does not start with the 0x55AA signature/],
    ['/var/lib/libvirt/vbios/none.rom', /--rom \/var\/lib\/libvirt\/vbios\/none.rom: no such file/],
    ['vbios/good.rom', /is not an absolute path/],
  ])('refuses %s (exit 2), writing nothing', async (rom, message) => {
    const r = await attach(rom, 'refused.xml');
    expect(r.stderr).toMatch(message);
    expect(r.status).toBe(2);
    expect(() => readFileSync(join(root, 'refused.xml'))).toThrow();
  });
});
