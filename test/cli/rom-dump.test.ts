// `dgpu rom dump ADDR OUT` on a fake sysfs `rom` file: a good image is written byte for byte; one
// without the signature, one for another card, the boot GPU and a card the host drives are refused, writing nothing.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { dgpuAsync } from '../support/cli.js';
import { EXAMPLE_HOST } from '../support/example-host.js';
import { romImage } from '../support/rom-image.js';
import { makeSysroot, type FakeDevice } from '../support/sysroot.js';

const GUEST = '0000:03:00.0';
const BOOT = '0000:00:02.0';
const trees: Array<() => void> = [];
afterAll(() => { for (const c of trees) c(); });

function tree(change: Record<string, Partial<FakeDevice>>): string {
  const devices = EXAMPLE_HOST.devices.map((d) => ({ ...d, ...change[d.address] }));
  const { root, cleanup } = makeSysroot({ ...EXAMPLE_HOST, devices });
  trees.push(cleanup);
  return root;
}

const GOOD = romImage(0x1002, 0x73bf);

describe.concurrent('dgpu rom dump', () => {
  it('writes the ROM of a card bound to vfio-pci, byte for byte', async () => {
    const root = tree({ [GUEST]: { driver: 'vfio-pci', attrs: { rom: GOOD } } });
    const out = join(root, 'navi21.rom');
    const r = await dgpuAsync(['rom', 'dump', '03:00.0', out, '--root', root]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(`wrote ${out}: 512 bytes, the ROM of 1002:73bf`);
    expect(readFileSync(out).equals(GOOD)).toBe(true);
  });

  it.each<[string, Record<string, Partial<FakeDevice>>, string, number, RegExp]>([
    ['a ROM without the 0x55AA signature', { [GUEST]: { driver: 'vfio-pci', attrs: { rom: romImage(0x1002, 0x73bf, [0xff, 0xff]) } } }, '03:00.0', 3, /not usable: no ROM signature 0x55AA at its start \(0xffff\)/],
    ['a ROM for another card', { [GUEST]: { driver: 'vfio-pci', attrs: { rom: romImage(0x1002, 0x731f) } } }, '03:00.0', 3, /is for 1002:731f, the card is 1002:73bf/],
    ['the boot GPU', { [BOOT]: { attrs: { rom: romImage(0x8086, 0x4680) } } }, '00:02.0', 2, /0000:00:02\.0 is the boot GPU/],
    ['a card the host drives', { [GUEST]: { attrs: { rom: GOOD } } }, '03:00.0', 3, /in use by the host \(driver amdgpu\)/],
    ['a function that is not a GPU', {}, '03:00.1', 2, /0000:03:00\.1 is not a GPU/],
    ['a card without a rom file', { [GUEST]: { driver: null } }, '03:00.0', 3, /cannot read the ROM of 0000:03:00\.0: the function has no ROM BAR/],
  ])('refuses %s, writing nothing', async (_, change, addr, code, message) => {
    const root = tree(change);
    const out = join(root, 'out.rom');
    const r = await dgpuAsync(['rom', 'dump', addr, out, '--root', root]);
    expect(r.stderr).toMatch(message);
    expect(r.status).toBe(code);
    expect(existsSync(out)).toBe(false);
  });
});
