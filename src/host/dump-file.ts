// Reads the text dump given to `--from` (bounded-read.ts: type and size checked before anything is read). The
// file is the user's input, so any failure to read it is a usage error (exit 2), like a bad flag.
import { UsageError } from '../core/errors.js';
import { BoundedReadError, readBounded } from './bounded-read.js';

export const MAX_DUMP_BYTES = 16 * 1024 * 1024; // a dump is a few kB; anything this big is the wrong file
const HINT = 'give the text file holding your IOMMU group listing or lspci -nn output';

export async function readDumpFile(path: string): Promise<string> {
  try {
    return readBounded(path, MAX_DUMP_BYTES).toString('utf8');
  } catch (e) {
    if (!(e instanceof BoundedReadError)) throw e;
    const r = e.refusal;
    if (r.why === 'type') throw new UsageError(`--from ${path}: ${r.kind}, not a regular file`, HINT);
    if (r.why === 'size') throw new UsageError(`--from ${path}: ${r.size} bytes is too big for a dump (limit ${MAX_DUMP_BYTES})`, HINT);
    if (r.why === 'grew') throw new UsageError(`--from ${path}: the file grew while it was read`, 'read it again once nothing writes to it');
    throw new UsageError(`--from ${path}: ${reason(r.code)}`, HINT);
  }
}

function reason(code: string | undefined): string {
  const known: Record<string, string> = { ENOENT: 'no such file', EISDIR: 'is a directory', EACCES: 'permission denied', ELOOP: 'too many symbolic links', ENOTDIR: 'a part of the path is not a directory' };
  return (code && known[code]) ?? code ?? 'unreadable';
}
