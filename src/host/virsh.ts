// The libvirt adapter: virsh with argv arrays (never a shell string). `dumpxml --inactive` is the persistent
// definition, the one `define` replaces (virsh(1)); `define --validate` checks it against libvirt's schema first.
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApplyError, EnvironmentError, UsageError } from '../core/errors.js';

/** The virsh binary; tests point it at a stand-in with DGPU_VIRSH. */
const virshBin = () => process.env.DGPU_VIRSH ?? 'virsh';

interface Run { code: number; stdout: string; stderr: string }

function virsh(args: string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    execFile(virshBin(), args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
      const e = err as (NodeJS.ErrnoException & { code?: number | string }) | null;
      if (e && e.code === 'ENOENT') {
        reject(new EnvironmentError('virsh is not installed', 'install libvirt-clients (Debian/Ubuntu) or libvirt (Arch, Fedora), or use --xml FILE'));
        return;
      }
      resolve({ code: e ? (typeof e.code === 'number' ? e.code : 1) : 0, stdout, stderr });
    });
  });
}

const firstError = (r: Run) => (r.stderr.split('\n').find((l) => l.trim() !== '') ?? `virsh exited with ${r.code}`).replace(/^error:\s*/, '');

export async function dumpInactiveXml(uri: string, name: string): Promise<string> {
  // `--` ends virsh's options: a domain named `--help` or `-c` is a name, not an option (virsh(1))
  const r = await virsh(['-c', uri, 'dumpxml', '--inactive', '--', name]);
  if (r.code === 0) return r.stdout;
  if (/failed to get domain|Domain not found/i.test(r.stderr)) {
    throw new UsageError(`no domain '${name}' on ${uri}`, `list them with: virsh -c ${uri} list --all`);
  }
  throw new EnvironmentError(`virsh -c ${uri} dumpxml ${name}: ${firstError(r)}`, 'check that libvirtd is running and that you may use this connection (root, or the libvirt group)');
}

/**
 * Defines a domain from `xml`; ApplyError with libvirt's message when it refuses. `validate` adds
 * `--validate` (libvirt's RNG schema check before parsing, virsh(1)).
 */
export async function defineXml(uri: string, xml: string, validate = true): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'dgpu-define-'));
  try {
    const file = join(dir, 'domain.xml');
    await writeFile(file, xml, { mode: 0o600 });
    const r = await virsh(['-c', uri, 'define', ...(validate ? ['--validate'] : []), file]);
    if (r.code !== 0) throw new ApplyError(`libvirt refused the new definition: ${firstError(r)}`, 'run with --xml FILE --out NEW to inspect the XML');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** What libvirt lost of the change, read from the definition it gives back; null when it kept everything. */
export type KeptCheck = (readBack: string) => string | null;

/**
 * The transaction's `defineDomain` (src/host/transaction.ts): `define --validate`, then read the definition
 * back with `dumpxml --inactive` and check that libvirt kept the change, as virt-xml does. Throwing makes the
 * transaction define the old XML again.
 */
export async function defineDomain(connect: string, name: string, xml: string, kept?: KeptCheck): Promise<void> {
  await defineXml(connect, xml);
  const back = await dumpInactiveXml(connect, name);
  const problem = kept?.(back) ?? null;
  if (problem !== null) {
    throw new ApplyError(`libvirt did not keep the change to domain '${name}': ${problem}`, 'please report this with the domain XML');
  }
}

/**
 * `dgpu rollback`'s `restoreDomain` (src/host/rollback.ts): defines the XML from before the transaction. Without
 * `--validate`: that XML is libvirt's own `dumpxml --inactive` output, which it parsed before, and a schema
 * newer than the domain must not stand in the way of putting it back.
 */
export async function restoreDomain(connect: string, name: string, xml: string): Promise<void> {
  await defineXml(connect, xml, false);
  await dumpInactiveXml(connect, name); // the name in the XML is the domain's: check it is defined again
}
