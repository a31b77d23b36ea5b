// The committed examples/host must be exactly what `npm run make-example` writes from the spec.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readHost } from '../../src/host/sysfs-reader.js';
import { EXAMPLE_HOST } from '../support/example-host.js';
import { makeSysroot } from '../support/sysroot.js';
import { tree } from '../support/tree.js';

describe('examples/host', () => {
  let fresh: { root: string; cleanup: () => void };
  beforeAll(() => (fresh = makeSysroot(EXAMPLE_HOST)));
  afterAll(() => fresh.cleanup());

  it('is what regenerating from test/support/example-host.ts gives (run `npm run make-example`)', () => {
    // files and links (git keeps no empty folder), without modes: a checkout's and a new file's follow the umask
    const content = (root: string) => Object.fromEntries(Object.entries(tree(root)).map(([p, v]) => [p, v.replace(/^[0-7]+ /, '')]));
    expect(content('examples/host')).toEqual(content(fresh.root));
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
