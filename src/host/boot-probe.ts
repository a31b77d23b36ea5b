// Looks up the bootloader and initramfs evidence paths under a root; src/core/analysis/boot-detect.ts decides.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { BOOT_PROBE_DIRS, BOOT_PROBE_PATHS, detectBoot } from '../core/analysis/boot-detect.js';
import type { BootSetup } from '../core/host.js';
import { listDir } from './read-file.js';

/** Paths (as on the host) of the evidence that exists under `root`. */
export function presentBootPaths(root: string): string[] {
  const present = BOOT_PROBE_PATHS.filter((p) => existsSync(join(root, p)));
  for (const { dir, suffix } of BOOT_PROBE_DIRS) {
    for (const name of listDir(join(root, dir)) ?? []) {
      if (name.endsWith(suffix)) present.push(`${dir}/${name}`);
    }
  }
  return present;
}

export function probeBoot(root: string): BootSetup {
  return detectBoot(presentBootPaths(root));
}
