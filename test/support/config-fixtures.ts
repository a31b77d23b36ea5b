// The real bootloader files of test/fixtures/configs, copied to test/fixtures/configs.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cmdlineParams, sameKey, type CmdlineEdit } from '../../src/core/cmdline/cmdline.js';

export const CONFIG_DIR = join(import.meta.dirname, '../fixtures/configs');
const MARKER = '----- verbatim file content follows -----\n';

/** [name, text] of every fixture whose name starts with `prefix`; provenance headers stripped where marked. */
export function configFixtures(prefix: string): Array<[string, string]> {
  return readdirSync(CONFIG_DIR)
    .filter((f) => f.startsWith(prefix))
    .sort()
    .map((f) => [f, verbatim(readFileSync(join(CONFIG_DIR, f), 'utf8'))]);
}

/** A file in a format without comments carries a header ending at the marker line; the real file follows. */
export function verbatim(text: string): string {
  const at = text.indexOf(MARKER);
  return at < 0 ? text : text.slice(at + MARKER.length);
}

// What dgpu adds, and the edit that takes it back.
export const DGPU: CmdlineEdit = {
  set: [
    { key: 'vfio-pci.ids', value: '10de:1b81,10de:10f0' },
    { key: 'intel_iommu', value: 'on' },
    { key: 'iommu', value: 'pt', mode: 'add' },
    { key: 'video', value: 'efifb:off', mode: 'add' },
  ],
  remove: [],
};
export const UNDO: CmdlineEdit = { set: [], remove: ['vfio-pci.ids', 'intel_iommu', 'iommu=pt', 'video=efifb:off'] };

/** True when `line` holds none of what DGPU sets, so that DGPU then UNDO must give it back byte for byte. */
export function lacksDgpu(line: string): boolean {
  return cmdlineParams(line).every(
    (p) => !sameKey(p.key, 'vfio-pci.ids') && !sameKey(p.key, 'intel_iommu') && !['iommu=pt', 'video=efifb:off'].includes(`${p.key}=${p.value}`),
  );
}

/** Indices of the lines that differ between two texts of the same line count. */
export function changedLines(a: string, b: string): number[] {
  const la = a.split('\n');
  const lb = b.split('\n');
  if (la.length !== lb.length) throw new Error(`line count changed: ${la.length} → ${lb.length}`);
  return la.flatMap((l, i) => (l === lb[i] ? [] : [i]));
}
