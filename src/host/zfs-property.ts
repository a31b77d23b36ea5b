// ZFSBootMenu's command line lives in a dataset property, not a file (zfsbootmenu(7), "Properties"): on the live
// system (root /) it is read with `zfs get`; under another root there is no pool to ask, and null says so.
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';

/** The property's local or inherited value ('' when unset), or null when it cannot be read. */
export function readZfsProperty(root: string, dataset: string, property: string): string | null {
  if (resolve(root) !== '/') return null;
  try {
    const out = execFileSync('zfs', ['get', '-H', '-o', 'value', property, dataset], { encoding: 'utf8', timeout: 10_000, stdio: ['ignore', 'pipe', 'ignore'] });
    const value = out.replace(/\n$/, '');
    return value === '-' ? '' : value;
  } catch {
    return null;
  }
}
