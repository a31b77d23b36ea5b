// The reading use cases: scan, groups and the host part of report, from the machine under --root (a folder or
// a snapshot archive) or from a posted text dump (--from).
import type { GroupTable } from '../core/analysis/group-table.js';
import { groupTable } from '../core/analysis/group-table.js';
import { type ScanJson, scanReport } from '../core/analysis/scan-report.js';
import { UsageError } from '../core/errors.js';
import { pciFilter } from '../core/analysis/pci-filter.js';
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
    // the dump readers load only for --from
    const [{ importDump }, { readDumpFile }] = await Promise.all([import('../core/dump/parse-dump.js'), import('../host/dump-file.js')]);
    return importDump(await readDumpFile(src.from));
  }
  return { host: await withContext(src.root, { hostOnly: true }, (ctx) => ctx.host()), notes: [] };
}

/** lspci's -s and -d (src/core/analysis/pci-filter.ts): they narrow what is listed, not what is judged. */
export interface Selection {
  slot?: string;
  ids?: string;
}

export async function scanUse(src: HostSource, sel: Selection = {}): Promise<LoadedHost & { report: ScanJson }> {
  const filter = pciFilter(sel);
  const loaded = await loadHostUse(src);
  const report = scanReport(loaded.host);
  if (filter === null) return { ...loaded, report };
  const byAddress = new Map(report.devices.map((d) => [d.address, d]));
  const selected = (address: string) => filter(byAddress.get(address)!);
  const gpus = report.gpus.filter((g) => g.functions.some(selected));
  const shown = new Set(gpus.flatMap((g) => g.functions));
  return {
    ...loaded,
    report: {
      ...report,
      gpus,
      devices: report.devices.filter((d) => filter(d) || shown.has(d.address)),
      usbControllers: report.usbControllers.filter((u) => selected(u.address)),
    },
  };
}

export async function groupsUse(src: HostSource, sel: Selection = {}): Promise<LoadedHost & { table: GroupTable }> {
  const filter = pciFilter(sel);
  const loaded = await loadHostUse(src);
  const table = groupTable(loaded.host);
  if (filter === null) return { ...loaded, table };
  const groups = table.groups?.map((g) => ({ ...g, devices: g.devices.filter(filter) })).filter((g) => g.devices.length > 0) ?? null;
  return { ...loaded, table: { ...table, groups, ungrouped: table.ungrouped.filter(filter) } };
}
