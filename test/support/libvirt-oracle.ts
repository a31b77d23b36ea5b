// Real libvirt as the oracle for domain XML: `virt-xml-validate` (the RelaxNG schema of the installed libvirt)
// and `virsh -c test:///default` (libvirt's in-process test driver: parses, validates and formats back, with no
// daemon). Both run on a mended copy: the real domains use what Debian's libvirt 9.0 does not know yet, and the
// test driver cannot see host paths. dgpu itself leaves all of these alone; each mend says why.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const MENDS: Array<[RegExp, string, string]> = [
  // <topology clusters=...>: added in libvirt 10.1 (formatdomain.html#cpu-model-and-topology).
  [/\s+clusters=(['"])[^'"]*\1/g, '', 'topology clusters'],
  // <loader format=...>/<nvram format=...>: added in libvirt 9.2.
  [/(<(?:loader|nvram)\b[^>]*?)\s+format=(['"])raw\2/g, '$1', "firmware format='raw'"],
  // <watchdog model='itco'>: added in libvirt 9.1; i6300esb is the model 9.0 knows.
  [/(<watchdog\b[^>]*model=)(['"])itco\2/g, '$1$2i6300esb$2', 'itco watchdog'],
  // Relative file paths (ULTMOS ships paths relative to its own folder): the schema wants absolute ones.
  [/(<(?:loader|nvram)\b[^>]*>)(?!\/)([^<]+)</g, '$1/var/lib/libvirt/images/$2<', 'relative firmware path'],
  [/(<source file=)(['"])(?!\/)/g, '$1$2/var/lib/libvirt/images/', 'relative disk path'],
  // <os firmware='efi'> with <loader readonly=... type=...>: libvirt 9.0 refuses loader attributes next to firmware
  // autoselection ("loader attribute 'readonly' cannot be specified when firmware autoselection is enabled"); later
  // releases take the pair, which DarwinKVM's example domains and virt-manager 4.x write. The explicit loader stays.
  [/(<os\b[^>]*?)\s+firmware=(['"])efi\2(?=[\s\S]*?<loader\s+\w)/g, '$1', 'firmware autoselection with loader attributes'],
  // <audio type='pipewire'>: not in libvirt 9.0's schema (domaincommon.rng has no 'pipewire'); 'none' has its shape.
  [/<audio\b([^>]*?)\stype=(['"])pipewire\2[^>]*?(?:\/>|>[\s\S]*?<\/audio>)/g, '<audio$1 type=$2none$2/>', 'pipewire audio'],
  // A template's placeholder <uuid> (wz0un/KVM-single-GPU: UUIDvm-0000-...): libvirt makes one up when none is given.
  [/\s*<uuid>(?![0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}<)[^<]*<\/uuid>/g, '', 'placeholder uuid'],
];

/** The copy libvirt 9.0 accepts, and the names of the mends that changed something. */
export function mendForDebianLibvirt(xml: string): { xml: string; mends: string[] } {
  let out = xml;
  const mends: string[] = [];
  for (const [re, to, why] of MENDS) {
    const next = out.replace(re, to);
    if (next !== out) mends.push(why);
    out = next;
  }
  return { xml: out, mends };
}

export interface OracleResult {
  validateOk: boolean;
  validateOutput: string;
  virshOk: boolean;
  virshOutput: string;
  /** What libvirt formats back after `define --validate`. */
  dumped: string;
}

/** One virsh shell word: DarwinKVM's names hold spaces and parentheses ("DarwinKVM (MacPro7,1)"). */
function virshQuote(word: string): string {
  return `'${word.replace(/'/g, "'\\''")}'`;
}

/** Validates and defines `xml` (already mended) in one test-driver connection, dumping domain `name` back. */
export function libvirtAccepts(xml: string, name: string): OracleResult {
  const dir = mkdtempSync(join(tmpdir(), 'dgpu-virsh-'));
  try {
    const file = join(dir, 'domain.xml');
    writeFileSync(file, xml);
    const v = spawnSync('virt-xml-validate', [file, 'domain'], { encoding: 'utf8' });
    // One virsh process: the test driver's state lives only as long as its connection.
    const d = spawnSync('virsh', ['-q', '-c', 'test:///default', `define --validate ${file}; dumpxml ${virshQuote(name)}`], { encoding: 'utf8' });
    const dumpStart = d.stdout.indexOf('<domain');
    return {
      validateOk: v.status === 0,
      validateOutput: v.stdout + v.stderr,
      virshOk: d.status === 0 && dumpStart >= 0,
      virshOutput: d.stdout + d.stderr,
      dumped: dumpStart >= 0 ? d.stdout.slice(dumpStart) : '',
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Rules of libvirt's QEMU driver that the test driver does not check, read with xmllint (not dgpu's own parser):
 * - PCI controller index 0 is the root, pcie-root on q35 ("The PCI controller with index='0' must be
 *   model='pcie-root' for this machine type", qemu_domain_address.c), pci-root on i440fx;
 * - <audio type='spice'> needs SPICE graphics ("Spice audio is not supported without spice graphics", qemu_validate.c);
 * - so does every spicevmc or spiceport chardev: agent channel, USB redirection, serial, smartcard, rng egd backend
 *   ("chardev 'spicevmc' not supported without spice graphics", qemuValidateDomainChrSourceDef in qemu_validate.c);
 * - no device at guest 0000:00:00.0 (the host bridge's; libvirt reads that address as none).
 */
export function qemuDriverProblems(xml: string): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'dgpu-xpath-'));
  try {
    const file = join(dir, 'domain.xml');
    writeFileSync(file, xml);
    const count = (xpath: string) => Number(spawnSync('xmllint', ['--xpath', `count(${xpath})`, file], { encoding: 'utf8' }).stdout.trim());
    const zero = (a: string) => `(${['0', '0x0', '0x00', '0x0000'].map((z) => `@${a}='${z}'`).join(' or ')})`; // XPath 1.0 number() reads no hex
    const problems: string[] = [];
    const q35 = count("/domain/os/type[contains(@machine, 'q35')]") > 0;
    const root = q35 ? 'pcie-root' : 'pci-root';
    if (count(`/domain/devices/controller[@type='pci'][${zero('index')}][not(@model='${root}')]`) > 0) problems.push(`PCI controller index 0 is not ${root}`);
    if (count("/domain/devices/audio[@type='spice']") > 0 && count("/domain/devices/graphics[@type='spice']") === 0) problems.push('SPICE audio without SPICE graphics');
    const spiceChardev = "/domain/devices/*[@type='spicevmc' or @type='spiceport'] | /domain/devices/rng/backend[@type='spicevmc' or @type='spiceport']";
    if (count(spiceChardev) > 0 && count("/domain/devices/graphics[@type='spice']") === 0) problems.push('a SPICE chardev without SPICE graphics');
    if (count(`/domain/devices/*/address[@type='pci'][${zero('bus')}][${zero('slot')}]`) > 0) problems.push('a device at guest 0000:00:00.0');
    return problems;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
