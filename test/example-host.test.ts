// The committed examples/host must be exactly what `npm run make-example` writes from the spec.
import { lstatSync, readFileSync, readdirSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readHost } from '../src/host/sysfs-reader.js';
import { EXAMPLE_HOST } from './support/example-host.js';
import { makeSysroot } from './support/sysroot.js';

/** Files and symlinks (git keeps no empty directories) → content or "-> target". */
function tree(root: string, rel = '', out = new Map<string, string>()): Map<string, string> {
  for (const name of readdirSync(join(root, rel)).sort()) {
    const r = rel ? `${rel}/${name}` : name;
    const st = lstatSync(join(root, r));
    if (st.isSymbolicLink()) out.set(r, `-> ${readlinkSync(join(root, r))}`);
    else if (st.isDirectory()) tree(root, r, out);
    else out.set(r, readFileSync(join(root, r)).toString('base64'));
  }
  return out;
}

describe('examples/host', () => {
  let fresh: { root: string; cleanup: () => void };
  beforeAll(() => (fresh = makeSysroot(EXAMPLE_HOST)));
  afterAll(() => fresh.cleanup());

  it('is what regenerating from test/support/example-host.ts gives (run `npm run make-example`)', () => {
    expect(Object.fromEntries(tree('examples/host'))).toEqual(Object.fromEntries(tree(fresh.root)));
  });

  it('reads as a DarwinKVM dual-GPU host: Intel iGPU boots, RX 6800 XT on amdgpu, keyboard on the PCH xHCI', async () => {
    const h = await readHost('examples/host');
    expect(h).toEqual(await readHost(fresh.root));
    const gpus = h.devices.filter((d) => d.class?.startsWith('03'));
    expect(gpus.map((g) => [g.address, `${g.vendor}:${g.device}`, g.driver, g.bootVga])).toEqual([
      ['0000:00:02.0', '8086:4680', 'i915', true],
      ['0000:03:00.0', '1002:73bf', 'amdgpu', false],
    ]);
    expect(h.usb?.find((b) => b.devices.some((d) => d.keyboard))?.controller).toBe('0000:00:14.0');
    expect(h.boot.bootloaders.map((b) => b.kind)).toEqual(['grub']);
    expect(h.boot.initramfs.map((b) => b.kind)).toEqual(['initramfs-tools']);
    expect([h.cpuVendor, h.osRelease?.VERSION_CODENAME]).toEqual(['intel', 'bookworm']);
  });
});
