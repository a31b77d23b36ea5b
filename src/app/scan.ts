// The reading use cases: scan, groups and the host part of report, from the machine under --root (a folder or
// a snapshot archive) or from a posted text dump (--from).
import type { GroupTable } from '../core/analysis/group-table.js';
import { groupTable } from '../core/analysis/group-table.js';
import { type ScanJson, scanReport } from '../core/analysis/scan-report.js';
import { UsageError } from '../core/errors.js';
import type { Host } from '../core/host.js';
import { withContext } from './context.js';

export interface HostSource {
  root?: string;
  /** A text dump instead of the machine. */
  from?: string;
}

export interface LoadedHost {
  host: Host;
  /** What the dump reader skipped or found odd (empty for a root). */
  notes: string[];
}

export async function loadHostUse(src: HostSource): Promise<LoadedHost> {
  if (src.from !== undefined) {
    if (src.root !== undefined) throw new UsageError('--from and --root both name the host', 'give one: a dump file or a root tree');
    // the dump readers load only for --from (issue 15)
    const [{ importDump }, { readDumpFile }] = await Promise.all([import('../core/dump/parse-dump.js'), import('../host/dump-file.js')]);
    return importDump(await readDumpFile(src.from));
  }
  return { host: await withContext(src.root, { hostOnly: true }, (ctx) => ctx.host()), notes: [] };
}

export async function scanUse(src: HostSource): Promise<LoadedHost & { report: ScanJson }> {
  const loaded = await loadHostUse(src);
  return { ...loaded, report: scanReport(loaded.host) };
}

export async function groupsUse(src: HostSource): Promise<LoadedHost & { table: GroupTable }> {
  const loaded = await loadHostUse(src);
  return { ...loaded, table: groupTable(loaded.host) };
}
