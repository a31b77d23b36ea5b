// Names as lspci prints them: lspci itself, reading the same real sysfs trees (test/fixtures/
// qemu-sysfs) with the same database (`-i`), is the oracle. Three databases cover the three wordings: the pinned
// full pci.ids (known names, and `Device 1234:1111` for QEMU's unregistered vendor), an empty one (what a host
// without pci.ids gives: every name numeric), and the pinned one with every device line removed (known vendor,
// unknown device: `Intel Corporation Device 29c0`).
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { lspciName } from '../../src/core/analysis/pci-ids.js';
import { nameDevices } from '../../src/host/pci-names.js';
import { readHost } from '../../src/host/sysfs-reader.js';
import { makeSysroot } from '../support/sysroot.js';

const fixtures = join(import.meta.dirname, '../fixtures');
const PCI_IDS = gunzipSync(readFileSync(join(fixtures, 'pci-ids/pci.ids.gz'))).toString('latin1');
const hasLspci = spawnSync('lspci', ['--version']).status === 0;
const work = mkdtempSync(join(tmpdir(), 'dgpu-pci-names-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const DATABASES: Record<string, string> = {
  full: PCI_IDS,
  empty: '',
  'vendors only': PCI_IDS.split('\n').filter((l) => !l.startsWith('\t')).join('\n'),
};

/** `0000:00:1f.3 SMBus: Intel Corporation 82801I ... (rev 02)` → address and name, as `lspci -D` prints them. */
function lspciNames(sysfs: string, db: string): Map<string, string> {
  const r = spawnSync('lspci', ['-D', '-i', db, '-O', 'hwdb.disable=1', '-O', `sysfs.path=${sysfs}`], { encoding: 'latin1' });
  expect(r.status, r.stderr).toBe(0);
  return new Map(r.stdout.trim().split('\n').map((line) => {
    const address = line.slice(0, 12);
    const name = line.slice(line.indexOf(': ', 13) + 2).replace(/ \(rev [0-9a-f]{2}\)$/, '').replace(/ \(prog-if [^)]*\)$/, '');
    return [address, Buffer.from(name, 'latin1').toString('utf8')];
  }));
}

describe.skipIf(!hasLspci)('device names against lspci', () => {
  for (const tree of ['distinct', 'identical']) {
    for (const [dbName, text] of Object.entries(DATABASES)) {
      it(`${tree} tree, ${dbName} database`, async () => {
        const root = join(work, `${tree}-${dbName.replace(' ', '-')}`);
        cpSync(join(fixtures, 'qemu-sysfs', tree, 'root'), root, { recursive: true, verbatimSymlinks: true });
        mkdirSync(join(root, 'usr/share/misc'), { recursive: true });
        writeFileSync(join(root, 'usr/share/misc/pci.ids'), text, 'latin1');
        const host = await readHost(root);
        const oracle = lspciNames(join(root, 'sys/bus/pci'), join(root, 'usr/share/misc/pci.ids'));
        expect(new Map(host.devices.map((d) => [d.address, d.name]))).toEqual(oracle);
      });
    }
  }

  it('the trees hold all three wordings', () => {
    const names = [...lspciNames(join(fixtures, 'qemu-sysfs/distinct/root/sys/bus/pci'), join(work, 'distinct-vendors-only/usr/share/misc/pci.ids')).values()];
    expect(names).toContain('Intel Corporation Device 29c0');
    expect(names).toContain('Device 1234:1111');
  });
});

describe('lspciName', () => {
  it.each([
    ['8086', '7aba', 'Intel Corporation', null, 'Intel Corporation Device 7aba'],
    ['1af4', '1045', null, null, 'Device 1af4:1045'],
    ['10de', '2206', 'NVIDIA Corporation', 'GA102 [GeForce RTX 3080]', 'NVIDIA Corporation GA102 [GeForce RTX 3080]'],
  ])('%s:%s', (v, d, vn, dn, want) => expect(lspciName(v, d, vn, dn)).toBe(want));

  it('names every device even with no database at all, and escapes control characters from the database', () => {
    const dev = { vendor: '8086', device: '7aba' } as Parameters<typeof nameDevices>[0][number];
    expect(nameDevices([dev], null)[0]).toMatchObject({ name: 'Device 8086:7aba', vendorName: null });
    const hostile = '8086  Intel\u001b[2J Corporation\n\t7aba  Bridge\u0007\n';
    expect(nameDevices([dev], hostile)[0]).toMatchObject({ name: 'Intel\\e[2J Corporation Bridge\\x07', vendorName: 'Intel\\e[2J Corporation' });
  });
});

describe('the database read from the root, searched as bytes', () => {
  it("a UTF-8 name comes out decoded, as lspci prints it; the root's file before the system's", async () => {
    const { root, cleanup } = makeSysroot({ devices: [{ address: '0000:01:00.0', vendor: '1af4', device: '1041', class: '020000', group: 1 }] });
    try {
      mkdirSync(join(root, 'usr/share/hwdata'), { recursive: true }); // the second place looked at
      writeFileSync(join(root, 'usr/share/hwdata/pci.ids'), '# test\n1af4  Red Hat, Inc. \u2014 Société\n\t1041  Virtio 1.0 network device «net»\n', 'utf8');
      const host = await readHost(root);
      expect(host.devices[0]!.name).toBe('Red Hat, Inc. \u2014 Société Virtio 1.0 network device «net»');
      if (hasLspci) expect(lspciNames(join(root, 'sys/bus/pci'), join(root, 'usr/share/hwdata/pci.ids')).get('0000:01:00.0')).toBe(host.devices[0]!.name);
    } finally {
      cleanup();
    }
  });
});
