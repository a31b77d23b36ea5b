// The Host for `scan` and `groups`: from a dump (--from) or from the machine under --root.
import type { Command } from 'commander';
import { UsageError } from '../core/errors.js';
import type { Host } from '../core/host.js';
import { resolveRoot } from './common.js';
import { warn } from './io.js';

export interface HostOptions {
  root?: string;
  from?: string;
  /** Also read the kernel's modules.alias (the planner needs it; scan does not). */
  modulesAlias?: boolean;
}

export async function loadHost(opts: HostOptions, cmd: Command): Promise<Host> {
  if (opts.from !== undefined && cmd.getOptionValueSource('root') === 'cli') {
    throw new UsageError('--from and --root both name the host', 'give one: a dump file or a root tree');
  }
  return loadHostFrom(opts);
}

/** A dump when `from` is given, else the tree under `root`. */
export async function loadHostFrom(opts: HostOptions): Promise<Host> {
  if (opts.from !== undefined) {
    const [{ readDumpFile }, { importDump }] = await Promise.all([import('../host/dump-file.js'), import('../core/dump/parse-dump.js')]);
    const { host, notes } = importDump(await readDumpFile(opts.from));
    for (const n of notes) warn(n);
    return host;
  }
  // --root may also be a `dgpu snapshot` .tar.gz (issue 2: "--root can read it back")
  const [{ readHost }, { openRoot }] = await Promise.all([import('../host/sysfs-reader.js'), import('../host/snapshot.js')]);
  const { dir, cleanup } = await openRoot(resolveRoot(opts.root));
  try {
    return await readHost(dir, opts.modulesAlias ? { modulesAlias: true } : undefined);
  } finally {
    cleanup();
  }
}
