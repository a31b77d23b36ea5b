// Reads the text dump given to `--from`. The file is the user's input, so any failure to read it is a usage
// error (exit 2), like a bad flag. Size and type are checked on the open descriptor before anything is read
// (`--from /dev/zero` grew to 6.5 GB when the limit was checked after reading; a FIFO would block),
// and the read itself stops one byte past the limit, so a file that grows after the check is still bounded.
import { constants } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { UsageError } from '../core/errors.js';

export const MAX_DUMP_BYTES = 16 * 1024 * 1024; // a dump is a few kB; anything this big is the wrong file
const HINT = 'give the text file holding your IOMMU group listing or lspci -nn output';

export async function readDumpFile(path: string): Promise<string> {
  let file: FileHandle;
  try {
    // O_NONBLOCK: opening a FIFO with no writer must not wait; the type check below then refuses it.
    file = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (e) {
    throw new UsageError(`--from ${path}: ${reason(e)}`, HINT);
  }
  try {
    const st = await file.stat();
    if (!st.isFile()) throw new UsageError(`--from ${path}: ${kind(st)}, not a regular file`, HINT);
    if (st.size > MAX_DUMP_BYTES) throw new UsageError(`--from ${path}: ${st.size} bytes is too big for a dump (limit ${MAX_DUMP_BYTES})`, HINT);
    const buf = Buffer.alloc(Math.min(st.size, MAX_DUMP_BYTES) + 1);
    let got = 0;
    for (let n = -1; n !== 0 && got < buf.length; got += n) n = (await file.read(buf, got, buf.length - got, got)).bytesRead;
    if (got > MAX_DUMP_BYTES) throw new UsageError(`--from ${path}: more than ${MAX_DUMP_BYTES} bytes is too big for a dump`, HINT);
    if (got > st.size) throw new UsageError(`--from ${path}: the file grew while it was read`, 'read it again once nothing writes to it');
    return buf.subarray(0, got).toString('utf8');
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw new UsageError(`--from ${path}: ${reason(e)}`, HINT);
  } finally {
    await file.close();
  }
}

function reason(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  const known: Record<string, string> = { ENOENT: 'no such file', EISDIR: 'is a directory', EACCES: 'permission denied', ELOOP: 'too many symbolic links', ENOTDIR: 'a part of the path is not a directory' };
  return (code && known[code]) ?? code ?? 'unreadable';
}

function kind(st: { isDirectory(): boolean; isFIFO(): boolean; isCharacterDevice(): boolean; isBlockDevice(): boolean; isSocket(): boolean }): string {
  if (st.isDirectory()) return 'is a directory';
  if (st.isFIFO()) return 'is a pipe (FIFO)';
  if (st.isCharacterDevice()) return 'is a character device';
  if (st.isBlockDevice()) return 'is a block device';
  if (st.isSocket()) return 'is a socket';
  return 'is a special file';
}
