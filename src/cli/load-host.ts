// The Host for `scan` and `groups`: from a dump (--from) or from the machine under --root.
import type { Command } from 'commander';
import { UsageError } from '../core/errors.js';
import type { Host } from '../core/host.js';
import { resolveRoot } from './common.js';
import { warn } from './io.js';

export interface HostOptions {
  root?: string;
  from?: string;
}

export async function loadHost(opts: HostOptions, cmd: Command): Promise<Host> {
  if (opts.from !== undefined) {
    if (cmd.getOptionValueSource('root') === 'cli') {
      throw new UsageError('--from and --root both name the host', 'give one: a dump file or a root tree');
    }
    const [{ readDumpFile }, { importDump }] = await Promise.all([import('../host/dump-file.js'), import('../core/dump/parse-dump.js')]);
    const { host, notes } = importDump(await readDumpFile(opts.from));
    for (const n of notes) warn(n);
    return host;
  }
  const { readHost } = await import('../host/sysfs-reader.js');
  return readHost(resolveRoot(opts.root));
}
