// Looks up the bootloader and initramfs evidence paths under a root; src/core/analysis/boot-detect.ts decides.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { BOOT_FACT_DIRS, BOOT_FACT_PATHS, BOOT_PROBE_DIRS, BOOT_PROBE_PATHS, detectBoot, MODULE_DIRS, type DirProbe } from '../core/analysis/boot-detect.js';
import type { BootSetup } from '../core/host.js';
import { listDir } from './read-file.js';

function present(root: string, paths: readonly string[], dirs: readonly DirProbe[]): string[] {
  const found = paths.filter((p) => existsSync(join(root, p)));
  for (const { dir, suffix, prefix } of dirs) {
    for (const name of listDir(join(root, dir)) ?? []) {
      if (name.endsWith(suffix) && name.startsWith(prefix ?? '')) found.push(`${dir}/${name}`);
    }
  }
  return found;
}

/** Paths (as on the host) of the evidence that exists under `root`. */
export function presentBootPaths(root: string): string[] {
  return present(root, BOOT_PROBE_PATHS, BOOT_PROBE_DIRS);
}

/** BOOT_FACT_PATHS and BOOT_FACT_DIRS present under `root`, and each `MODULE_DIRS/VERSION/vmlinuz`. */
export function presentBootFacts(root: string): string[] {
  const facts = present(root, BOOT_FACT_PATHS, BOOT_FACT_DIRS);
  for (const dir of MODULE_DIRS) {
    for (const v of listDir(join(root, dir)) ?? []) {
      if (existsSync(join(root, dir, v, 'vmlinuz'))) facts.push(`${dir}/${v}/vmlinuz`);
    }
  }
  return facts;
}

export function probeBoot(root: string): BootSetup {
  return detectBoot(presentBootPaths(root), presentBootFacts(root));
}
