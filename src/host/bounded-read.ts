// One careful read of a file the user names (`--from`, `--xml`, `--scan`, `--plan`): opened without blocking (a
// FIFO with no writer must not hang), its type and size checked on the open descriptor before anything is read,
// and the read stopping one byte past the limit, so a file that grows after the check is still bounded
// (`--from /dev/zero` once grew to 6.5 GB when the limit was checked after reading).
import { closeSync, constants, fstatSync, openSync, readSync, type Stats } from 'node:fs';

/** Why a read was refused; each caller words it for its own flag. */
export type ReadRefusal =
  | { why: 'open'; code: string | undefined }
  | { why: 'type'; kind: string }
  | { why: 'size'; size: number }
  | { why: 'grew' };

export class BoundedReadError extends Error {
  constructor(readonly refusal: ReadRefusal) {
    super(refusal.why);
  }
}

export function readBounded(path: string, max: number): Buffer {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (e) {
    throw new BoundedReadError({ why: 'open', code: (e as NodeJS.ErrnoException).code });
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) throw new BoundedReadError({ why: 'type', kind: fileKind(st) });
    if (st.size > max) throw new BoundedReadError({ why: 'size', size: st.size });
    const buf = Buffer.alloc(Math.min(st.size, max) + 1);
    let got = 0;
    for (let n = -1; n !== 0 && got < buf.length; got += n) n = readSync(fd, buf, got, buf.length - got, got);
    if (got > st.size) throw new BoundedReadError(got > max ? { why: 'size', size: got } : { why: 'grew' });
    return buf.subarray(0, got);
  } catch (e) {
    if (e instanceof BoundedReadError) throw e;
    throw new BoundedReadError({ why: 'open', code: (e as NodeJS.ErrnoException).code });
  } finally {
    closeSync(fd);
  }
}

function fileKind(st: Stats): string {
  if (st.isDirectory()) return 'is a directory';
  if (st.isFIFO()) return 'is a pipe (FIFO)';
  if (st.isCharacterDevice()) return 'is a character device';
  if (st.isBlockDevice()) return 'is a block device';
  if (st.isSocket()) return 'is a socket';
  return 'is a special file';
}
