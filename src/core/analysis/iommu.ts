// IOMMU group viability (docs/domain.md, "IOMMU group viability"): everything in a group goes to the guest together,
// so every member that is not passed must be something vfio tolerates staying behind.
import type { Host } from '../host.js';
import { deviceAt } from '../host.js';
import { baseSub, CLASS } from '../pci-class.js';

export interface Blocker {
  address: string;
  class: string | null;
  name: string | null;
  /** The host driver holding it; null when unbound or when the source does not say (Host.known.drivers). */
  driver: string | null;
}

export interface Viability {
  /** null: the groups are unknown (a plain lspci dump, IOMMU off, a function without a group). */
  viable: boolean | null;
  blockers: Blocker[];
  groups: number[];
}

// Bridges are not passed and stay with the host; non-essential instrumentation (AMD's 1300 functions) is
// ignored by the guide. Everything else must be passed too, or already held by a stub driver.
const STAYS = new Set<string>([CLASS.hostBridge, CLASS.pciBridge, CLASS.instrumentation]);
/** Drivers that hold a function for passthrough; a group member bound to one of them is no blocker. */
export const STUB_DRIVERS: ReadonlySet<string> = new Set(['vfio-pci', 'pci-stub']);

/**
 * Whether the IOMMU is on: sysfs shows groups or none (off); a dump that lists groups says on, one that lists
 * none says nothing (null), as does a source without groups at all.
 */
export function iommuEnabled(host: Host): boolean | null {
  if (host.iommuGroups === null) return null;
  const any = Object.keys(host.iommuGroups).length > 0;
  return host.source === 'sysfs' ? any : any ? true : null;
}

export function staysWithHost(cls: string | null): boolean {
  const b = baseSub(cls);
  return b !== null && STAYS.has(b);
}

/** Whether the functions in `passed` (a GPU's, plus anything chosen with --also) can go to a guest together. */
export function groupViability(host: Host, passed: string[]): Viability {
  const fns = passed.map((a) => deviceAt(host, a));
  const groups = [...new Set(fns.map((d) => d?.iommuGroup ?? null).filter((g): g is number => g !== null))].sort((a, b) => a - b);
  if (host.iommuGroups === null || fns.some((d) => d === undefined || d.iommuGroup === null)) {
    return { viable: null, blockers: [], groups };
  }
  const blockers: Blocker[] = [];
  for (const g of groups) {
    for (const address of host.iommuGroups[g] ?? []) {
      if (passed.includes(address)) continue;
      const d = deviceAt(host, address);
      if (d && (staysWithHost(d.class) || (d.driver !== null && STUB_DRIVERS.has(d.driver)))) continue;
      blockers.push({ address, class: d?.class ?? null, name: d?.name ?? null, driver: d?.driver ?? null });
    }
  }
  return { viable: blockers.length === 0, blockers, groups };
}
