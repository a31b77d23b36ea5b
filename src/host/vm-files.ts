// `vm attach --xml FILE`: the user's own file, named as given (often relative, not under --root), so it stays
// out of the transaction, whose paths are host paths under the root. It is written atomically
// (fs-ops.ts atomicWrite: temp file, fsync, rename, fsync of the folder) with a `FILE.dgpu-bak` copy of what
// was there, as virt-xml's `--edit` users expect of a file tool; `--out NEW` writes elsewhere, keeping FILE.
import { realpathSync } from 'node:fs';
import { resolve } from 'node:path';
import { atomicWrite, realFsOps, type FsOps } from './fs-ops.js';
import { encodeXml, type XmlEncoding } from '../core/vm/xml-encoding.js';

export function writeXmlFile(path: string, text: string, backup: boolean, ops: FsOps = realFsOps, encoding: XmlEncoding = 'utf8'): void {
  const target = followLink(resolve(path));
  const info = ops.lstat(target);
  // Root editing someone's file keeps it theirs; anyone else cannot chown and need not.
  const owner = info && process.getuid?.() === 0 ? { uid: info.uid, gid: info.gid } : null;
  const attrs = { mode: info?.kind === 'file' ? info.mode : 0o644, owner };
  const tag = `vm-${process.pid}`;
  if (backup && info?.kind === 'file') atomicWrite(ops, `${target}.dgpu-bak`, ops.readFile(target), attrs, tag);
  atomicWrite(ops, target, Buffer.from(encodeXml(text, encoding, path)), attrs, tag);
}

/** A link (~/macOS.xml -> /etc/libvirt/qemu/macOS.xml) is edited where it points, not replaced by a file. */
function followLink(path: string): string {
  try {
    return realpathSync(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return path; // --out NEW
    throw e;
  }
}
