// `dgpu groups`: every IOMMU group and its members, like the classic listing script, bridges marked.
import { Command } from 'commander';
import type { GroupRow, GroupTable } from '../core/analysis/group-table.js';
import { type ListingFlags, listingOptions } from './common.js';
import { examples } from './help.js';

export function groupsCommand(): Command {
  return examples(listingOptions(new Command('groups')
    .description('list every IOMMU group and its members (bridges marked)')
    .action(async (opts: ListingFlags) => {
      const [{ groupsUse }, io] = await Promise.all([import('../app/scan.js'), import('./io.js')]);
      const { host, table, notes } = await groupsUse(opts, { slot: opts.s, ids: opts.d });
      notes.forEach(io.warn);
      if (opts.json) return io.printJson(table);
      const { nameOfClass } = await import('../core/dump/class-names.js');
      io.out(groupsView(table, nameOfClass, host.known.drivers).join('\n'));
    })));
}

export function groupsView(t: GroupTable, className: (c: string | null) => string | null, drivers: boolean): string[] {
  const line = (r: GroupRow) => {
    const cls = r.class === null ? '' : ` [${r.class.slice(0, 4)}]`;
    const ids = `[${r.vendor ?? '????'}:${r.device ?? '????'}]`;
    const mark = r.bridge ? '  (bridge: stays with the host)' : r.staysWithHost ? '  (stays with the host)' : '';
    const drv = drivers ? `  driver: ${r.driver ?? 'none'}` : '';
    return `\t${r.address} ${className(r.class) ?? 'Unknown class'}${cls}: ${r.name ?? ''} ${ids}${drv}${mark}`;
  };
  const out: string[] = [];
  if (t.groups === null) out.push('IOMMU groups: not in the source');
  else if (t.groups.length === 0) out.push('IOMMU groups: none (the IOMMU is off)');
  for (const g of t.groups ?? []) out.push(`IOMMU Group ${g.group}:`, ...g.devices.map(line));
  if (t.ungrouped.length > 0) out.push('Without a group:', ...t.ungrouped.map(line));
  return out;
}
