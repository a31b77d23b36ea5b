import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Host } from '../../src/core/host.js';
import { publicCmdline } from '../../src/core/cmdline/public-cmdline.js';
import { UsageError } from '../../src/core/errors.js';
import { openRoot } from '../../src/host/open-root.js';
import { readHost } from '../../src/host/sysfs-reader.js';
import { decodeTar, encodeTar } from '../../src/host/ustar.js';
import { dgpu } from '../support/cli.js';
import { EXAMPLE_HOST } from '../support/example-host.js';
import { hasLspci, lspciOver } from '../support/lspci.js';
import { makeSysroot } from '../support/sysroot.js';

// A command line with what users really put there: disk UUIDs, a LUKS passphrase file, a host name, init's arguments.
const CMDLINE = 'BOOT_IMAGE=/vmlinuz root=UUID=4f3c2a1e rw cryptdevice=UUID=9a1b:cryptroot rd.luks.key=/hunter2.key ' +
  'intel_iommu=on iommu=pt pcie_acs_override=downstream,multifunction vfio-pci.ids=1002:73bf ip=10.0.0.2::::hostname:eth0 ' +
  'modprobe.blacklist=nouveau quiet -- single';

/** The Host as a snapshot gives it back: the same, with the public part of the command line. */
function withPublicCmdline(h: Host): Host {
  return { ...h, cmdline: h.cmdline === null ? null : publicCmdline(h.cmdline) };
}

describe('dgpu snapshot', () => {
  let root: string;
  let cleanup: () => void;
  let work: string;
  let archive: string;
  beforeAll(() => {
    // A snapshot carries no pci.ids (src/host/snapshot.ts), so the tree has none either: both sides take
    // their names from the same database, the running system's, and compare equal on any machine.
    const { 'usr/share/misc/pci.ids': _names, ...files } = EXAMPLE_HOST.files!;
    ({ root, cleanup } = makeSysroot({
      ...EXAMPLE_HOST,
      cmdline: CMDLINE,
      cpuFlags: 'fpu vme de pse tsc msr pae mce cx8 apic sep dtes64 monitor ds_cpl vmx smx est tm2 ssse3',
      files: { ...files, 'etc/default/grub': 'GRUB_PASSWORD=secret\n', 'etc/dracut.conf.d/10-x.conf': 'x\n', 'etc/shadow': 'root:secret\n' },
    }));
    work = mkdtempSync(join(tmpdir(), 'dgpu-snap-test-'));
    archive = join(work, 'host.tar.gz');
    const r = dgpu(['snapshot', archive, '--root', root]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^wrote .*host\.tar\.gz: \d+ entries/);
  });
  afterAll(() => {
    cleanup();
    rmSync(work, { recursive: true, force: true });
  });

  it('reads back through --root to the same Host', async () => {
    const { dir, cleanup: done } = await openRoot(archive);
    try {
      expect(await readHost(dir, { modulesAlias: true })).toEqual(withPublicCmdline(await readHost(root, { modulesAlias: true })));
    } finally {
      done();
    }
  });

  it('is a tar that GNU tar lists and extracts, symlinks kept, to the same Host', async () => {
    const list = execFileSync('tar', ['tzvf', archive], { encoding: 'utf8' });
    expect(list).toMatch(/^l\S+ .* sys\/bus\/pci\/devices\/0000:03:00\.0 -> \.\.\/\.\.\/\.\.\/devices\/pci0000:00\/0000:00:01\.0\/0000:01:00\.0\/0000:02:00\.0\/0000:03:00\.0$/m);
    const out = join(work, 'gnu');
    mkdirSync(out);
    execFileSync('tar', ['xzf', archive, '-C', out]);
    expect(await readHost(out)).toEqual(withPublicCmdline(await readHost(root)));
  });

  it('keeps of /proc/cmdline only what dgpu decides from: the same IOMMU and ACS facts, no secrets', async () => {
    const entries = decodeTar(execFileSync('gzip', ['-dc', archive]));
    const cmdline = entries.find((e) => e.path === 'proc/cmdline');
    const text = cmdline?.type === 'file' ? cmdline.data.toString() : '';
    expect(text).toBe('intel_iommu=on iommu=pt pcie_acs_override=downstream,multifunction vfio-pci.ids=1002:73bf modprobe.blacklist=nouveau\n');
    for (const secret of ['cryptdevice', 'hunter2', 'UUID=', 'hostname', 'single']) expect(text).not.toContain(secret);
  });

  it('keeps of /proc/cpuinfo the vendor and the virtualization flag only (issue 12)', async () => {
    const entries = decodeTar(execFileSync('gzip', ['-dc', archive]));
    const cpuinfo = entries.find((e) => e.path === 'proc/cpuinfo');
    expect(cpuinfo?.type === 'file' ? cpuinfo.data.toString() : '').toBe('vendor_id\t: GenuineIntel\nflags\t\t: vmx\n');
    const { dir, cleanup: done } = await openRoot(archive);
    try {
      expect((await readHost(dir)).cpuVirtualization).toBe('vmx');
    } finally {
      done();
    }
  });

  it('carries nothing private: evidence files are empty markers, no other /etc, config cut to 64 bytes', () => {
    const entries = decodeTar(execFileSync('gzip', ['-dc', archive]));
    const byPath = new Map(entries.map((e) => [e.path, e]));
    const grub = byPath.get('etc/default/grub');
    expect(grub).toMatchObject({ type: 'file' });
    expect(grub!.type === 'file' && grub!.data.length).toBe(0);
    expect(byPath.get('etc/dracut.conf.d')).toMatchObject({ type: 'dir' });
    expect(byPath.has('etc/dracut.conf.d/10-x.conf')).toBe(false);
    expect(entries.filter((e) => e.path.startsWith('etc/') && e.type === 'file' && e.data.length > 0).map((e) => e.path)).toEqual(['etc/os-release']);
    const configs = entries.filter((e) => e.path.endsWith('/config'));
    expect(configs.length).toBe(EXAMPLE_HOST.devices.length);
    for (const c of configs) expect(c.type === 'file' && c.data.length).toBe(64);
  });

  it.skipIf(!hasLspci)('lspci reads the snapshot tree like the original', () => {
    const out = join(work, 'lspci');
    mkdirSync(out);
    execFileSync('tar', ['xzf', archive, '-C', out]);
    expect(lspciOver(out, ['-nnk'])).toBe(lspciOver(root, ['-nnk']));
  });
});

describe('openRoot and the tar codec', () => {
  it('reads a tree packed by GNU tar (./ prefixes) to the same Host', async () => {
    const { root, cleanup } = makeSysroot(EXAMPLE_HOST);
    const work = mkdtempSync(join(tmpdir(), 'dgpu-gnutar-'));
    try {
      execFileSync('tar', ['czf', join(work, 'gnu.tgz'), '-C', root, '.']);
      const { dir, cleanup: done } = await openRoot(join(work, 'gnu.tgz'));
      expect(await readHost(dir)).toEqual(await readHost(root));
      done();
    } finally {
      cleanup();
      rmSync(work, { recursive: true, force: true });
    }
  });

  it('long paths and link targets survive (pax headers) and GNU tar agrees', () => {
    const deep = Array.from({ length: 25 }, (_, i) => `0000:${i.toString(16).padStart(2, '0')}:00.0`).join('/');
    const entries = [
      { type: 'file' as const, path: `sys/devices/pci0000:00/${deep}/vendor`, data: Buffer.from('0x1002\n') },
      { type: 'symlink' as const, path: 'sys/bus/pci/devices/0000:18:00.0', target: `../../../devices/pci0000:00/${deep}` },
      { type: 'dir' as const, path: 'sys/kernel/iommu_groups' },
    ];
    const tar = encodeTar(entries);
    expect(decodeTar(tar)).toEqual(entries);
    const work = mkdtempSync(join(tmpdir(), 'dgpu-pax-'));
    try {
      writeFileSync(join(work, 'a.tar'), tar);
      const listed = execFileSync('tar', ['tf', join(work, 'a.tar')], { encoding: 'utf8' }).trim().split('\n');
      expect(listed).toEqual([entries[0]!.path, entries[1]!.path, 'sys/kernel/iommu_groups/']);
      expect(execFileSync('tar', ['tvf', join(work, 'a.tar')], { encoding: 'utf8' })).toContain(`-> ${entries[1]!.target}`);
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });

  const bad = async (entries: Parameters<typeof encodeTar>[0] | Buffer) => {
    const work = mkdtempSync(join(tmpdir(), 'dgpu-bad-'));
    try {
      const file = join(work, 'bad.tar.gz');
      writeFileSync(file, Buffer.isBuffer(entries) ? entries : gzipSync(encodeTar(entries)));
      return await openRoot(file).then(() => null, (e: unknown) => e);
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  };

  it.each([
    ['a path escaping the root', [{ type: 'file' as const, path: '../evil', data: Buffer.from('x') }]],
    ['an absolute path', [{ type: 'file' as const, path: '/tmp/evil', data: Buffer.from('x') }]],
    ['a write through a symlink', [{ type: 'symlink' as const, path: 'sys', target: '/tmp' }, { type: 'file' as const, path: 'sys/evil', data: Buffer.from('x') }]],
  ])('refuses %s (exit 2, nothing written outside)', async (_name, entries) => {
    const err = await bad(entries);
    expect(err).toBeInstanceOf(UsageError);
    expect((err as UsageError).exitCode).toBe(2);
  });

  it('refuses garbage and truncated archives with a usage error', async () => {
    expect(await bad(Buffer.from('not a tarball'))).toBeInstanceOf(UsageError);
    const tar = encodeTar([{ type: 'file', path: 'proc/cmdline', data: Buffer.alloc(2000, 0x61) }]);
    expect(await bad(gzipSync(tar.subarray(0, 1024)))).toBeInstanceOf(UsageError);
    expect(await bad(gzipSync(Buffer.alloc(1024, 0x41)))).toBeInstanceOf(UsageError);
  });

  it('a missing path is an environment error; a directory is used in place', async () => {
    await expect(openRoot('/nonexistent/snap.tar.gz')).rejects.toMatchObject({ exitCode: 3 });
    const { dir } = await openRoot('test');
    expect(dir).toBe('test');
  });
});
