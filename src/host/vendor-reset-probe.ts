// Whether gnif/vendor-reset's module is installed for the running kernel. `dkms install` puts it under
// lib/modules/<release>/updates/dkms/ (Debian, Arch) or extra/ (Fedora, RHEL; dkms(8), DEST_MODULE_LOCATION),
// and depmod lists every installed module in modules.dep (depmod(8)); a hand `make install` goes to extra/ too
// (the kernel's Documentation/kbuild/modules.rst, "INSTALL_MOD_DIR").
import { join } from 'node:path';
import { listDir, readText } from './read-file.js';

const MODULE = /^vendor[-_]reset\.ko(?:\.(?:gz|xz|zst))?$/;

function walk(dir: string, rel: string, depth: number): string | null {
  if (depth < 0) return null;
  for (const name of listDir(dir) ?? []) {
    if (MODULE.test(name)) return `${rel}/${name}`;
    const found = walk(join(dir, name), `${rel}/${name}`, depth - 1);
    if (found !== null) return found;
  }
  return null;
}

/** Path of the module under lib/modules/<release> (as on the host), or false; null when the release is unknown. */
export function findVendorReset(root: string, release: string | null): string | false | null {
  if (release === null || release.includes('/')) return null;
  const base = join(root, 'lib/modules', release);
  const dep = readText(join(base, 'modules.dep'));
  const listed = dep === null ? null : /^([^:\s]*vendor[-_]reset\.ko(?:\.(?:gz|xz|zst))?):/m.exec(dep)?.[1];
  if (listed) return `/lib/modules/${release}/${listed}`;
  for (const top of ['updates', 'extra']) {
    const found = walk(join(base, top), `/lib/modules/${release}/${top}`, 3);
    if (found !== null) return found;
  }
  return false;
}
