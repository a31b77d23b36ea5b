// `dgpu vm attach DOMAIN` end to end: the built CLI on a fake root (test/support/sysroot.ts) with a stand-in
// virsh (test/support/fake-virsh.sh, chosen with DGPU_VIRSH) whose `define --validate` runs the real
// virt-xml-validate. What the CLI defines is compared with the golden outputs of attach-golden.test.ts, and the
// transaction it prints is rolled back through src/host/rollback.ts with the virsh adapter's restoreDomain.
import { existsSync, lstatSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { rollback } from '../../src/host/rollback.js';
import { restoreDomain } from '../../src/host/virsh.js';
import { type FakeHostSpec, makeSysroot } from '../support/sysroot.js';
import { mendForDebianLibvirt } from '../support/libvirt-oracle.js';
import { dgpuAsync } from '../support/cli.js';

const VIRSH = resolve('test/support/fake-virsh.sh');
const FIX = 'test/fixtures/vm';
// 01 (ozzyhelix, host-11) uses a topology attribute Debian's schema does not know: mended like the golden test does.
const OZZY_IN = mendForDebianLibvirt(readFileSync(`${FIX}/libvirt-macos-01-ozzyhelix-usb-controller-hostdev-in.xml`, 'utf8')).xml;
const OZZY_OUT = mendForDebianLibvirt(readFileSync(`${FIX}/libvirt-macos-01-ozzyhelix-usb-controller-hostdev-out.xml`, 'utf8')).xml;
const CATALINA_IN = readFileSync(`${FIX}/libvirt-macos-03-osx-kvm-catalina-commented-hostdev-in.xml`, 'utf8');
const CATALINA_OUT = readFileSync(`${FIX}/libvirt-macos-03-osx-kvm-catalina-commented-hostdev-out.xml`, 'utf8');
const KBD = 'usb-Logitech_USB_Keyboard-event-kbd';
const MOUSE = 'usb-Logitech_USB_Optical_Mouse-event-mouse';
const QEMU_CONF = '# Master configuration file for the QEMU driver.\n#user = "root"\n#cgroup_device_acl = [\n#    "/dev/null", "/dev/full", "/dev/zero",\n#]\n';

// The GPUs of the golden cases on one host: host-11's Turing card at 05:00 (4 functions), the AMD card of the
// OSX-KVM domain at 2d:00, the host's own boot GPU; a Renesas xHCI with the keyboard on it; a chipset xHCI
// sharing its group with a SATA controller.
function spec(cpuVendor: FakeHostSpec['cpuVendor']): FakeHostSpec {
  const d = (address: string, vendor: string, device: string, cls: string, group: number, driver: string | null, bootVga = false) =>
    ({ address, vendor, device, class: cls, group, driver, bootVga });
  return {
    cpuVendor,
    devices: [
      d('0000:00:01.1', '1022', '1483', '060400', 2, 'pcieport'),
      d('0000:05:00.0', '10de', '1e84', '030000', 14, 'nouveau'), d('0000:05:00.1', '10de', '10f8', '040300', 14, 'snd_hda_intel'),
      d('0000:05:00.2', '10de', '1ad8', '0c0330', 14, 'xhci_hcd'), d('0000:05:00.3', '10de', '1ad9', '0c8000', 14, null),
      d('0000:0c:00.0', '1002', '164e', '030000', 30, 'amdgpu', true),
      d('0000:14:00.0', '1912', '0015', '0c0330', 21, 'xhci_hcd'),
      d('0000:15:00.0', '1022', '43ee', '0c0330', 20, 'xhci_hcd'), d('0000:15:00.1', '1022', '43eb', '010601', 20, 'ahci'),
      d('0000:2d:00.0', '1002', '73ff', '030000', 40, 'amdgpu'), d('0000:2d:00.1', '1002', 'ab28', '040300', 40, 'snd_hda_intel'),
    ],
    usb: [{ controller: '0000:14:00.0', port: '3-1', vendor: '046d', product: 'c31c', productName: 'USB Keyboard', hidProtocols: [1] }],
    files: { [`dev/input/by-id/${KBD}`]: '', [`dev/input/by-id/${MOUSE}`]: '', 'dev/input/by-id/usb-Logitech_USB_Keyboard-if01-event-mouse': '',
      'etc/libvirt/qemu.conf': QEMU_CONF },
  };
}

interface Env { root: string; virshDir: string }
const cleanups: Array<() => void> = [];
afterAll(() => cleanups.splice(0).forEach((c) => c()));

function setup(domainXml: string | null, cpu: FakeHostSpec['cpuVendor'] = 'AuthenticAMD'): Env {
  const { root, cleanup } = makeSysroot(spec(cpu));
  const virshDir = mkdtempSync(join(tmpdir(), 'dgpu-fake-virsh-'));
  cleanups.push(cleanup, () => rmSync(virshDir, { recursive: true, force: true }));
  if (domainXml !== null) writeFileSync(join(virshDir, 'macOS.xml'), domainXml);
  return { root, virshDir };
}

const dgpuCli = (e: Env, argv: string[], extraEnv: Record<string, string> = {}) =>
  dgpuAsync(argv, { env: { DGPU_VIRSH: VIRSH, FAKE_VIRSH_DIR: e.virshDir, ...extraEnv } });

const dgpu = (e: Env, args: string[], extraEnv: Record<string, string> = {}) => dgpuCli(e, ['vm', 'attach', ...args, '--root', e.root], extraEnv);

const stored = (e: Env) => readFileSync(join(e.virshDir, 'macOS.xml'), 'utf8');
const defines = (e: Env) => (existsSync(join(e.virshDir, 'calls.log')) ? readFileSync(join(e.virshDir, 'calls.log'), 'utf8') : '')
  .split('\n').filter((l) => / define /.test(l));
const transactions = (e: Env) => {
  const dir = join(e.root, 'var/lib/dgpu/transactions');
  return existsSync(dir) ? readdirSync(dir) : [];
};
const txId = (stdout: string) => /^transaction (\S+): undo it with `dgpu rollback \1 --root \S+`$/m.exec(stdout)?.[1];
const journal = (e: Env, id: string) => JSON.parse(readFileSync(join(e.root, 'var/lib/dgpu/transactions', id, 'journal.json'), 'utf8'));

/** The adapter reads DGPU_VIRSH when it runs; rollback is called in this process, so point it at the stand-in here. */
async function rollbackWithFakeVirsh(e: Env, id: string) {
  const saved = { v: process.env.DGPU_VIRSH, d: process.env.FAKE_VIRSH_DIR };
  process.env.DGPU_VIRSH = VIRSH;
  process.env.FAKE_VIRSH_DIR = e.virshDir;
  try {
    return await rollback(e.root, id, { restoreDomain });
  } finally {
    if (saved.v === undefined) delete process.env.DGPU_VIRSH; else process.env.DGPU_VIRSH = saved.v;
    if (saved.d === undefined) delete process.env.FAKE_VIRSH_DIR; else process.env.FAKE_VIRSH_DIR = saved.d;
  }
}

const OZZY_ARGS = ['macOS', '--gpu', '05:00.0', '--also', '14:00.0', '--connect', 'qemu:///system'];

// Each test has its own root and virsh folder, so the CLI runs side by side; the tests that call rollback in
// this process set DGPU_VIRSH here, and run one at a time (below).
describe.concurrent('dgpu vm attach DOMAIN, end to end', () => {

  it('warns that the keyboard goes with the USB controller given away', async () => {
    const e = setup(OZZY_IN);
    const r = await dgpu(e, [...OZZY_ARGS, '--yes']);
    expect(r.stderr).toContain('warning: the keyboard USB Keyboard (USB 3-1) is plugged into 0000:14:00.0, which goes to the guest');
  });

  it('changes nothing the second time', async () => {
    const e = setup(OZZY_IN);
    expect((await dgpu(e, [...OZZY_ARGS, '--yes'])).status).toBe(0);
    const r = await dgpu(e, [...OZZY_ARGS, '--yes']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toBe("nothing to do: domain 'macOS' already passes 0000:05:00.0 as asked\n");
    expect(defines(e)).toHaveLength(1);
    expect(transactions(e)).toHaveLength(1);
  });

  it('asks before defining, and without a terminal and --yes exits 2 having defined nothing', async () => {
    const e = setup(OZZY_IN);
    const r = await dgpu(e, OZZY_ARGS);
    expect(r.status).toBe(2);
    expect(r.stdout).toContain('+++ b/domain/macOS.xml'); // the diff is shown before the question
    expect(r.stderr).toContain('not writing anything without confirmation');
    expect(defines(e)).toEqual([]);
    expect(stored(e)).toBe(OZZY_IN);
    expect(existsSync(join(e.root, 'var'))).toBe(false);
  });

  it.each([
    ['a domain that does not exist', null, 2, /no domain 'macOS' on qemu:\/\/\/system/],
    ['a definition that does not parse', '<domain type="kvm"><name>macOS</name><devices>\n', 2, /domain 'macOS': not well-formed XML/],
  ])('refuses %s, defining and writing nothing', async (_, xml, code, message) => {
    const e = setup(xml);
    const r = await dgpu(e, [...OZZY_ARGS, '--yes']);
    expect(r.stderr).toMatch(message);
    expect(r.status).toBe(code);
    expect(defines(e)).toEqual([]);
    expect(existsSync(join(e.root, 'var'))).toBe(false);
  });


  it('undoes the transaction when libvirt does not keep the placement', async () => {
    const e = setup(OZZY_IN);
    const r = await dgpu(e, [...OZZY_ARGS, '--yes'], { FAKE_VIRSH_DROP: " multifunction='on'" });
    expect(r.status).toBe(5);
    expect(r.stderr).toMatch(/libvirt did not keep the change to domain 'macOS': 0000:05:00.0 is not multifunction='on'/);
    expect(r.stderr).toContain('rolled back: domain macOS');
    // the old definition, defined again (the stand-in drops the attribute there too, as libvirt would)
    expect(stored(e)).toBe(OZZY_IN.replaceAll(" multifunction='on'", ''));
    expect(defines(e)).toHaveLength(2);
    const [id] = transactions(e);
    expect(journal(e, id!).state).toBe('undone');
  });

  it('adds no topoext on an Intel host', async () => {
    const e = setup(OZZY_IN, 'GenuineIntel');
    const r = await dgpu(e, [...OZZY_ARGS, '--yes']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).not.toMatch(/^\+.*topoext/m);
    expect(stored(e)).not.toContain('topoext');
  });

  it('says so when libvirt refuses the new XML, and leaves the old definition', async () => {
    const e = setup(OZZY_IN);
    const r = await dgpu(e, [...OZZY_ARGS, '--yes'], { FAKE_VIRSH_REFUSE: "name='topoext'" });
    expect(r.status).toBe(5);
    expect(r.stderr).toMatch(/libvirt refused the new definition: unsupported configuration: topoext/);
    expect(stored(e)).toBe(OZZY_IN);
    expect(journal(e, transactions(e)[0]!).state).toBe('undone');
  });
});

describe.concurrent('dgpu vm attach --xml FILE, end to end', () => {
  it('edits the file in place through a link only after a yes, keeping FILE.dgpu-bak, without a transaction', async () => {
    const e = setup(null);
    const real = join(e.virshDir, 'real.xml');
    writeFileSync(real, OZZY_IN, { mode: 0o640 });
    symlinkSync(real, join(e.virshDir, 'link.xml'));
    const args = ['--xml', join(e.virshDir, 'link.xml'), '--gpu', '05:00.0', '--also', '14:00.0'];
    const refused = await dgpu(e, args);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain('not writing anything without confirmation');
    expect(readFileSync(real, 'utf8')).toBe(OZZY_IN);
    expect(existsSync(`${real}.dgpu-bak`)).toBe(false);
    const dry = await dgpu(e, [...args, '--dry-run']);
    expect(dry.status, dry.stderr).toBe(0);
    expect(dry.stdout).toContain('+++ b/');
    expect(readFileSync(real, 'utf8')).toBe(OZZY_IN);
    const r = await dgpu(e, [...args, '--yes']);
    expect(r.status, r.stderr).toBe(0);
    expect(lstatSync(join(e.virshDir, 'link.xml')).isSymbolicLink()).toBe(true);
    expect(readFileSync(real, 'utf8')).toBe(OZZY_OUT);
    expect(statSync(real).mode & 0o777).toBe(0o640);
    expect(readFileSync(`${real}.dgpu-bak`, 'utf8')).toBe(OZZY_IN);
    expect(r.stdout).not.toMatch(/^transaction /m);
    expect(transactions(e)).toEqual([]);
    expect(defines(e)).toEqual([]);
  });

  it('--out NEW leaves FILE alone; --input evdev puts qemu.conf through a transaction, asked for', async () => {
    const e = setup(null);
    const file = join(e.virshDir, 'in.xml');
    const outFile = join(e.virshDir, 'out.xml');
    writeFileSync(file, CATALINA_IN);
    const args = ['--xml', file, '--out', outFile, '--gpu', '2d:00.0', '--input', 'evdev'];
    const refused = await dgpu(e, args);
    expect(refused.status).toBe(2);
    expect(existsSync(outFile)).toBe(false);
    expect(readFileSync(join(e.root, 'etc/libvirt/qemu.conf'), 'utf8')).toBe(QEMU_CONF);

    const r = await dgpu(e, [...args, '--yes']);
    expect(r.status, r.stderr).toBe(0);
    expect(readFileSync(outFile, 'utf8')).toBe(CATALINA_OUT);
    expect(readFileSync(file, 'utf8')).toBe(CATALINA_IN);
    expect(existsSync(`${file}.dgpu-bak`)).toBe(false);
    const id = txId(r.stdout)!;
    expect(journal(e, id).files.map((f: { path: string }) => f.path)).toEqual(['/etc/libvirt/qemu.conf']);
    expect(journal(e, id).domains).toEqual([]);
    expect(readFileSync(join(e.root, 'etc/libvirt/qemu.conf'), 'utf8')).toContain(`"/dev/input/by-id/${MOUSE}"`);
  });
});

// Issue 11: the user's file keeps its bytes. CATALINA_IN with a Latin-1 <description> ("für", byte 0xFC).
const LATIN1 = (decl: string) => Buffer.from(CATALINA_IN.replace("<?xml version='1.0' encoding='UTF-8'?>", decl)
  .replace('  <title>macOS</title>', '  <title>macOS</title>\n  <description>Rechner f\u00fcr Spiele</description>'), 'latin1');

describe.concurrent('dgpu vm attach --xml FILE with bytes that are not UTF-8', () => {
  it("ISO-8859-1 declared: written back in ISO-8859-1, every byte outside dgpu's edits kept", async () => {
    const e = setup(null);
    const file = join(e.virshDir, 'latin1.xml');
    const before = LATIN1("<?xml version='1.0' encoding='ISO-8859-1'?>");
    writeFileSync(file, before);
    const r = await dgpu(e, ['--xml', file, '--gpu', '2d:00.0', '--input', 'evdev', '--yes']); // as CATALINA_OUT was made
    expect(r.status, r.stderr).toBe(0);
    const after = readFileSync(file);
    expect(after.includes(Buffer.from('Rechner f\xfcr Spiele', 'latin1'))).toBe(true);
    expect(after.includes(Buffer.from([0xef, 0xbf, 0xbd]))).toBe(false);
    expect(after.toString('latin1')).toBe(CATALINA_OUT.replace("<?xml version='1.0' encoding='UTF-8'?>", "<?xml version='1.0' encoding='ISO-8859-1'?>")
      .replace('  <title>macOS</title>', '  <title>macOS</title>\n  <description>Rechner f\u00fcr Spiele</description>'));
    expect(readFileSync(`${file}.dgpu-bak`).equals(before)).toBe(true);
  });

  it.each([
    ['Latin-1 bytes with no declaration', LATIN1(''), /byte 0xfc on line \d+ is not UTF-8, and the XML declaration names no other encoding/],
    ['a NUL byte', Buffer.from(CATALINA_IN.replace('<title>macOS', '<title>mac\u0000OS')), /not well-formed XML at line \d+, column \d+: character U\+0000/],
    ["'--' inside a comment", Buffer.from(CATALINA_IN.replace('<!-- SOURCE:', '<!-- SOURCE -- :')), /'--' inside a comment/],
  ])('%s: one clear line, exit 2, the file untouched', async (_what, bytes, message) => {
    const e = setup(null);
    const file = join(e.virshDir, 'bad.xml');
    writeFileSync(file, bytes);
    const r = await dgpu(e, ['--xml', file, '--gpu', '2d:00.0', '--yes']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/internal|\n\s+at /);
    expect(readFileSync(file).equals(bytes)).toBe(true);
    expect(existsSync(`${file}.dgpu-bak`)).toBe(false);
  });
});

describe.concurrent('dgpu vm attach --xml FILE with odd but well-formed XML', () => {
  it.each([
    ['a domain nested 20,000 deep', CATALINA_IN.replace('  <title>macOS</title>', `  <title>macOS</title>\n  <metadata>${'<x>'.repeat(20_000)}${'</x>'.repeat(20_000)}</metadata>`)],
    ['a self-closing <devices/>', CATALINA_IN.replace(/<devices>[\s\S]*<\/devices>/, '<devices/>')],
  ])('%s: planned and written, exit 0', async (_what, xml) => {
    const e = setup(null);
    const file = join(e.virshDir, 'odd.xml');
    writeFileSync(file, xml);
    const r = await dgpu(e, ['--xml', file, '--gpu', '2d:00.0', '--yes']);
    expect(r.status, r.stderr).toBe(0);
    expect(readFileSync(file, 'utf8')).toMatch(/<hostdev mode='subsystem' type='pci' managed='yes'>/);
  });
});

describe('dgpu vm attach DOMAIN, then rollback', () => {
  it('shows the diff, defines the domain through a journaled transaction, reads it back, and rollback restores it', async () => {
    const e = setup(OZZY_IN);
    const r = await dgpu(e, [...OZZY_ARGS, '--yes']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('--- a/domain/macOS.xml\n+++ b/domain/macOS.xml\n@@ ');
    expect(r.stdout).toMatch(/^\+ {4}<feature policy='require' name='topoext'\/>$/m); // AMD host
    expect(stored(e)).toBe(OZZY_OUT); // what attach-golden.test.ts expects of this domain
    // define --validate first, then the read-back
    const log = readFileSync(join(e.virshDir, 'calls.log'), 'utf8').split('\n').filter(Boolean);
    expect(log.slice(-2).map((l) => l.replace(/ \/\S+$/, ''))).toEqual(['-c qemu:///system define --validate', '-c qemu:///system dumpxml --inactive -- macOS']);
    const id = txId(r.stdout)!;
    expect(transactions(e)).toEqual([id]);
    const j = journal(e, id);
    expect(j.state).toBe('committed');
    expect(j.files).toEqual([]);
    expect(j.domains).toMatchObject([{ kind: 'domain', connect: 'qemu:///system', name: 'macOS' }]);
    expect(readFileSync(join(e.root, 'var/lib/dgpu/transactions', id, j.domains[0].beforeFile), 'utf8')).toBe(OZZY_IN);

    // `dgpu rollback` itself (src/cli/rollback.ts) puts the old definition back through the virsh adapter
    const rb = await dgpuCli(e, ['rollback', id, '--root', e.root]);
    expect(rb.status, rb.stderr).toBe(0);
    expect(rb.stdout).toContain(`rolled back transaction ${id}\n  redefined domain macOS (qemu:///system)`);
    expect(stored(e)).toBe(OZZY_IN);
    expect(journal(e, id).state).toBe('rolled-back');
  });

  it('--input evdev: evdev inputs in the domain and cgroup_device_acl in qemu.conf, one transaction, one rollback', async () => {
    const e = setup(CATALINA_IN);
    const r = await dgpu(e, ['macOS', '--gpu', '2d:00.0', '--input', 'evdev', '--yes']);
    expect(r.status, r.stderr).toBe(0);
    expect(stored(e)).toBe(CATALINA_OUT);
    const conf = readFileSync(join(e.root, 'etc/libvirt/qemu.conf'), 'utf8');
    expect(conf.startsWith(QEMU_CONF)).toBe(true);
    expect(conf).toContain(`    "/dev/input/by-id/${KBD}",\n    "/dev/input/by-id/${MOUSE}"\n]\n`);
    expect(r.stdout).toContain('--- a/etc/libvirt/qemu.conf\n+++ b/etc/libvirt/qemu.conf\n');
    expect(r.stdout).toContain('/etc/libvirt/qemu.conf changed: restart libvirtd');
    const id = txId(r.stdout)!;
    expect(journal(e, id).files.map((f: { path: string }) => f.path)).toEqual(['/etc/libvirt/qemu.conf']);

    await rollbackWithFakeVirsh(e, id);
    expect(stored(e)).toBe(CATALINA_IN);
    expect(readFileSync(join(e.root, 'etc/libvirt/qemu.conf'), 'utf8')).toBe(QEMU_CONF);
  });
});
