// The whole IOMMU group table, as the classic listing script prints it (`dgpu groups`), with bridges
// and the other functions that stay with the host marked.
import { deviceAt, type Host } from '../host.js';
import { isBridge } from '../pci-class.js';
import { staysWithHost } from './iommu.js';

export interface GroupRow {
  address: string;
  vendor: string | null;
  device: string | null;
  class: string | null;
  name: string | null;
  driver: string | null;
  bridge: boolean;
  /** Bridges and non-essential instrumentation: not passed, do not block (docs/domain.md). */
  staysWithHost: boolean;
}

export interface GroupTable {
  schema: 1;
  source: Host['source'];
  /** null: the source has no groups (a plain lspci dump); [] with the IOMMU off. */
  groups: Array<{ group: number; devices: GroupRow[] }> | null;
  /** Functions without a group (all of them when groups are unknown or the IOMMU is off). */
  ungrouped: GroupRow[];
}

export function groupTable(host: Host): GroupTable {
  const row = (address: string): GroupRow => {
    const d = deviceAt(host, address);
    return {
      address,
      vendor: d?.vendor ?? null,
      device: d?.device ?? null,
      class: d?.class ?? null,
      name: d?.name ?? null,
      driver: d?.driver ?? null,
      bridge: isBridge(d?.class ?? null),
      staysWithHost: staysWithHost(d?.class ?? null),
    };
  };
  const groups = host.iommuGroups === null
    ? null
    : Object.entries(host.iommuGroups)
      .map(([g, members]) => ({ group: Number(g), devices: [...members].sort().map(row) }))
      .sort((a, b) => a.group - b.group);
  const ungrouped = host.devices.filter((d) => d.iommuGroup === null).map((d) => row(d.address));
  return { schema: 1, source: host.source, groups, ungrouped };
}
