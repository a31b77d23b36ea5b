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

/** Validates and defines `xml` (already mended) in one test-driver connection, dumping domain `name` back. */
export function libvirtAccepts(xml: string, name: string): OracleResult {
  const dir = mkdtempSync(join(tmpdir(), 'dgpu-virsh-'));
  try {
    const file = join(dir, 'domain.xml');
    writeFileSync(file, xml);
    const v = spawnSync('virt-xml-validate', [file, 'domain'], { encoding: 'utf8' });
    // One virsh process: the test driver's state lives only as long as its connection.
    const d = spawnSync('virsh', ['-q', '-c', 'test:///default', `define --validate ${file}; dumpxml ${name}`], { encoding: 'utf8' });
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
