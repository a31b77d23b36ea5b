import { mkdirSync, rmSync, symlinkSync, unlinkSync, writeFileSync, copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EnvironmentError } from '../../src/core/errors.js';
import { deviceAt, type Host } from '../../src/core/host.js';
import { readHost } from '../../src/host/sysfs-reader.js';
import { EXAMPLE_HOST } from '../support/example-host.js';
import { makeSysroot, type FakeDevice } from '../support/sysroot.js';

describe('readHost on the example host', () => {
  let root: string;
  let cleanup: () => void;
  let host: Host;
  beforeAll(async () => {
    ({ root, cleanup } = makeSysroot(EXAMPLE_HOST));
    mkdirSync(join(root, 'usr/share/misc'), { recursive: true });
    copyFileSync('test/fixtures/pci-ids/excerpt.ids', join(root, 'usr/share/misc/pci.ids'));
    host = await readHost(root);
  });
  afterAll(() => cleanup());

  it('reads every function, sorted, with ids, class, revision and subsystem', () => {
    expect(host.source).toBe('sysfs');
    expect(host.devices.map((d) => d.address)).toEqual(EXAMPLE_HOST.devices.map((d) => d.address).sort());
    expect(deviceAt(host, '0000:03:00.0')).toMatchObject({
      vendor: '1002', device: '73bf', class: '030000', revision: 'c1', subsystemVendor: '1da2', subsystemDevice: '438e',
      driver: 'amdgpu', iommuGroup: 12, bootVga: false, modalias: 'pci:v00001002d000073BFsv00001DA2sd0000438Ebc03sc00i00',
      driverOverride: null, vendorName: 'Advanced Micro Devices, Inc. [AMD/ATI]', name: 'Advanced Micro Devices, Inc. [AMD/ATI] Navi 21 [Radeon RX 6800/6800 XT / 6900 XT]', // as lspci prints it
    });
  });

  it('boot_vga: true on the boot GPU, null where the file does not exist', () => {
    expect(deviceAt(host, '0000:00:02.0')!.bootVga).toBe(true);
    expect(deviceAt(host, '0000:03:00.1')!.bootVga).toBeNull();
  });

  it('driver from the link, null when unbound; numeric names, as lspci, when pci.ids does not know the id', () => {
    expect(deviceAt(host, '0000:00:14.2')!.driver).toBeNull();
    expect(deviceAt(host, '0000:03:00.1')!.driver).toBe('snd_hda_intel');
    expect(deviceAt(host, '0000:05:00.0')).toMatchObject({ vendorName: null, name: 'Device 1b21:2142' }); // 1b21 is not in the excerpt
  });

  it('groups from sysfs, members sorted', () => {
    expect(host.iommuGroups![3]).toEqual(['0000:00:14.0', '0000:00:14.2']);
    expect(host.iommuGroups![9]).toEqual(['0000:00:1f.0', '0000:00:1f.3', '0000:00:1f.4', '0000:00:1f.5']);
    expect(Object.keys(host.iommuGroups!)).toHaveLength(17);
  });

  it('proc, kernel, os-release and boot', () => {
    expect(host.cpuVendor).toBe('intel');
    expect(host.kernelRelease).toBe('6.1.0-18-amd64');
    expect(host.cmdline).toMatch(/^BOOT_IMAGE=\S+ root=UUID=\S+ ro quiet intel_iommu=on$/);
    expect(host.modules.aliasText).toBeNull(); // not asked for
    expect(host.modules.builtin).toContain('crc32c_intel');
    expect(host.modules.builtin).toContain('usb_common');
    expect(host.osRelease).toMatchObject({ ID: 'debian', VERSION_ID: '12' });
    expect(host.boot).toEqual({
      bootloaders: [{ kind: 'grub', evidence: ['/etc/default/grub', '/boot/grub/grub.cfg'] }],
      initramfs: [{ kind: 'initramfs-tools', evidence: ['/etc/initramfs-tools/initramfs.conf'] }],
      facts: [], // no kernel image, systemd library or distro hook in the example tree
    });
    expect(host.known).toEqual({ drivers: true, bootVga: true });
  });

  it('USB devices under their controller, with HID boot keyboard and mouse', () => {
    expect(host.usb).toEqual([
      {
        controller: '0000:00:14.0',
        devices: [
          { port: '1-3', vendor: '046d', product: 'c31c', manufacturerName: 'Logitech', productName: 'USB Keyboard', keyboard: true, mouse: false },
          { port: '1-4', vendor: '046d', product: 'c092', manufacturerName: 'Logitech', productName: 'G203 LIGHTSYNC Gaming Mouse', keyboard: false, mouse: true },
        ],
      },
      { controller: '0000:05:00.0', devices: [] },
    ]);
  });

  it('modules.alias only when asked', async () => {
    const h = await readHost(root, { modulesAlias: true });
    expect(h.modules.aliasText).toContain('alias pci:v00001002d000073BFsv*sd*bc*sc*i* amdgpu');
  });

  it('without details: the same Host but for revision and driver_override, which stay null, and no boot evidence', async () => {
    writeFileSync(join(root, 'sys/devices/pci0000:00/0000:00:01.0/0000:01:00.0/0000:02:00.0/0000:03:00.0/driver_override'), 'vfio-pci\n');
    try {
      const full = await readHost(root);
      const lean = await readHost(root, { details: false });
      expect(deviceAt(full, '0000:03:00.0')).toMatchObject({ revision: 'c1', driverOverride: 'vfio-pci' });
      expect(lean.devices.every((d) => d.revision === null && d.driverOverride === null)).toBe(true);
      expect(full.boot.bootloaders.map((b) => b.kind)).toEqual(['grub']);
      expect(lean.boot).toEqual({ bootloaders: [], initramfs: [] });
      expect(lean).toEqual({ ...full, boot: lean.boot, devices: full.devices.map((d) => ({ ...d, revision: null, driverOverride: null })) });
    } finally {
      writeFileSync(join(root, 'sys/devices/pci0000:00/0000:00:01.0/0000:01:00.0/0000:02:00.0/0000:03:00.0/driver_override'), '(null)\n');
    }
  });
});

describe('readHost on damaged and unusual trees', () => {
  const gpu: FakeDevice = { address: '0000:0a:00.0', vendor: '10de', device: '2204', class: '030000', revision: 'a1', subsystemVendor: '1458', subsystemDevice: '403b', driver: 'nouveau', group: 5, bootVga: false };
  const audio: FakeDevice = { address: '0000:0a:00.1', vendor: '10de', device: '1aef', class: '040300', revision: 'a1', driver: null, group: 5 };
  const dirOf = (root: string, a: string) => join(root, 'sys/devices/pci0000:0a', a);

  it('missing and unreadable files give null fields, never a crash', async () => {
    const { root, cleanup } = makeSysroot({ devices: [gpu, audio] });
    try {
      for (const f of ['modalias', 'vendor', 'revision', 'driver_override']) unlinkSync(join(dirOf(root, gpu.address), f));
      // a directory where a file should be: open() succeeds, read() fails with EISDIR
      unlinkSync(join(dirOf(root, gpu.address), 'device'));
      mkdirSync(join(dirOf(root, gpu.address), 'device'));
      for (const f of ['proc/cmdline', 'proc/cpuinfo', 'proc/sys/kernel/osrelease', 'etc/os-release']) unlinkSync(join(root, f));
      const h = await readHost(root);
      expect(deviceAt(h, gpu.address)).toMatchObject({ vendor: null, device: null, class: '030000', revision: null, subsystemVendor: '1458', modalias: null, driverOverride: null, driver: 'nouveau' });
      expect(h).toMatchObject({ cmdline: null, cpuVendor: null, kernelRelease: null, osRelease: null, modules: { aliasText: null, builtin: null } });
    } finally {
      cleanup();
    }
  });

  it('no groups at all: {} (IOMMU off); no sys/bus/usb: usb null; driver_override set; AMD CPU', async () => {
    const { root, cleanup } = makeSysroot({ devices: [{ ...gpu, group: null }], cpuVendor: 'AuthenticAMD' });
    try {
      writeFileSync(join(dirOf(root, gpu.address), 'driver_override'), 'vfio-pci\n');
      const h = await readHost(root);
      expect(h.iommuGroups).toEqual({});
      expect(h.usb).toBeNull();
      expect(h.cpuVendor).toBe('amd');
      expect(deviceAt(h, gpu.address)).toMatchObject({ iommuGroup: null, driverOverride: 'vfio-pci' });
    } finally {
      cleanup();
    }
  });

  it("drivers: from each driver's folder, else the function's own link (a snapshot keeps only that side)", async () => {
    const { root, cleanup } = makeSysroot({ devices: [gpu, audio] });
    try {
      const withFolders = await readHost(root);
      expect(deviceAt(withFolders, gpu.address)!.driver).toBe('nouveau');
      expect(deviceAt(withFolders, audio.address)!.driver).toBeNull(); // unbound: no link on either side
      // the folder alone (the device's link gone) and the link alone (the folder's entry gone) read the same
      unlinkSync(join(dirOf(root, gpu.address), 'driver'));
      expect(deviceAt(await readHost(root), gpu.address)!.driver).toBe('nouveau');
      symlinkSync('../../../bus/pci/drivers/nouveau', join(dirOf(root, gpu.address), 'driver'));
      unlinkSync(join(root, 'sys/bus/pci/drivers/nouveau', gpu.address));
      expect(deviceAt(await readHost(root), gpu.address)!.driver).toBe('nouveau');
      // what a driver's folder holds besides its devices is not a device
      for (const f of ['bind', 'unbind', 'new_id', 'remove_id', 'uevent']) writeFileSync(join(root, 'sys/bus/pci/drivers/nouveau', f), '');
      expect((await readHost(root)).devices.map((d) => d.driver)).toEqual(['nouveau', null]);
    } finally {
      cleanup();
    }
  });

  it('boot_vga of a VGA function only; resourceN_resize of a BAR above the default 256 MiB only', async () => {
    const bar = (index: number, start: bigint, bytes: bigint) => `0x${start.toString(16).padStart(16, '0')} 0x${(start + bytes - 1n).toString(16).padStart(16, '0')} 0x000000000014220c`;
    const zero = '0x0000000000000000 0x0000000000000000 0x0000000000000000';
    const resource = [bar(0, 0x7800000000n, 16n << 30n), zero, bar(2, 0x7c00000000n, 256n << 20n), zero, zero, zero, zero].join('\n');
    const compute: FakeDevice = { ...gpu, address: '0000:0b:00.0', class: '030200', group: 6, attrs: { resource, resource0_resize: '0x3f00\n', resource2_resize: '0x0100\n' } };
    const { root, cleanup } = makeSysroot({ devices: [gpu, compute] });
    try {
      // a boot_vga where the kernel makes none is not read
      writeFileSync(join(root, 'sys/devices/pci0000:0b', compute.address, 'boot_vga'), '1\n');
      const h = await readHost(root);
      expect(deviceAt(h, gpu.address)!.bootVga).toBe(false);
      expect(deviceAt(h, compute.address)!.bootVga).toBeNull();
      expect(deviceAt(h, compute.address)!.bars).toEqual([{ index: 0, size: 16 * 2 ** 30, resizable: '0x3f00' }, { index: 2, size: 256 * 2 ** 20, resizable: null }]);
      expect(deviceAt(h, gpu.address)!.bars).toBeNull(); // no resource file in this tree
    } finally {
      cleanup();
    }
  });

  it('a root that does not exist: EnvironmentError (exit 3) with a hint', async () => {
    const err = await readHost('/nonexistent/dgpu-root').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EnvironmentError);
    expect((err as EnvironmentError).exitCode).toBe(3);
    expect((err as EnvironmentError).hint).toBeTruthy();
  });

  it('a root with no sys/bus/pci: not a Linux root, hint points to --from', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dgpu-empty-'));
    try {
      const err = (await readHost(dir).catch((e: unknown) => e)) as EnvironmentError;
      expect(err).toBeInstanceOf(EnvironmentError);
      expect(err.message).toContain('not a Linux root');
      expect(err.hint).toContain('--from');
    } finally {
      rmSync(dir, { recursive: true });
    }
  });

  it('property: what the builder writes is what the reader reads', async () => {
    const hex = (n: number) => fc.integer({ min: 0, max: 16 ** n - 1 }).map((v) => v.toString(16).padStart(n, '0'));
    const device = fc.record({
      bus: fc.integer({ min: 1, max: 255 }), slot: fc.integer({ min: 0, max: 31 }), fn: fc.integer({ min: 0, max: 7 }),
      vendor: hex(4), device: hex(4), class: hex(6), revision: hex(2), subsystemVendor: hex(4), subsystemDevice: hex(4),
      driver: fc.option(fc.constantFrom('amdgpu', 'vfio-pci', 'snd_hda_intel', 'xhci_hcd'), { nil: null }),
      group: fc.option(fc.integer({ min: 0, max: 200 }), { nil: null }), bootVga: fc.boolean(),
    });
    await fc.assert(
      fc.asyncProperty(fc.uniqueArray(device, { maxLength: 8, selector: (d) => `${d.bus}:${d.slot}.${d.fn}` }), async (ds) => {
        const devices: FakeDevice[] = ds.map((d) => ({ ...d, address: `0000:${d.bus.toString(16).padStart(2, '0')}:${d.slot.toString(16).padStart(2, '0')}.${d.fn}` }));
        const { root, cleanup } = makeSysroot({ devices });
        try {
          const h = await readHost(root);
          for (const d of devices) {
            expect(deviceAt(h, d.address)).toMatchObject({
              vendor: d.vendor, device: d.device, class: d.class, revision: d.revision, subsystemVendor: d.subsystemVendor,
              subsystemDevice: d.subsystemDevice, driver: d.driver, iommuGroup: d.group,
              bootVga: d.class.startsWith('0300') ? d.bootVga : null, // VGA functions only have boot_vga
            });
            if (d.group !== null && d.group !== undefined) expect(h.iommuGroups![d.group]).toContain(d.address);
          }
        } finally {
          cleanup();
        }
      }),
      { numRuns: 12 },
    );
  });
});
