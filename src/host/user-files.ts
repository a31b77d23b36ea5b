// Files the user names on the command line, outside --root: inputs (`vm attach --xml`, `report --scan/--plan`)
// and outputs (`snapshot OUT`, `report --out`, `vm attach --out`). An output is never written through a link
// at the destination nor into a folder: a regular file is replaced by rename (temp file in the same folder,
// fsync, rename), while a character device or FIFO (`/dev/null`, `/dev/stdout`, a pipe) is written to as it
// is, never replaced (rename(2) over /dev/null would turn the machine's /dev/null into a plain file).
import { closeSync, constants, fsyncSync, lstatSync, openSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { EnvironmentError, UsageError } from '../core/errors.js';
import { BoundedReadError, readBounded } from './bounded-read.js';

/** Larger inputs are refused before they are read: a domain XML or a scan JSON is kilobytes. */
export const MAX_USER_FILE = 16 * 1024 * 1024;

export function readUserFile(path: string, what: string, hint?: string): Buffer {
  try {
    return readBounded(path, MAX_USER_FILE);
  } catch (e) {
    if (!(e instanceof BoundedReadError)) throw e;
    const r = e.refusal;
    if (r.why === 'type') throw new UsageError(`${what} ${path} is not a regular file (it ${r.kind})`, hint);
    if (r.why === 'size') throw new UsageError(`${what} ${path} is ${r.size} bytes: more than the ${MAX_USER_FILE} a ${what} can be`, hint);
    if (r.why === 'grew') throw new UsageError(`${what} ${path} grew while it was read`, 'read it again once nothing writes to it');
    throw new UsageError(`cannot read ${what} ${path}: ${r.code ?? 'unreadable'}`, hint);
  }
}

function kindAt(path: string, follow: boolean): 'file' | 'dir' | 'stream' | 'link' | 'other' | null {
  try {
    const s = follow ? statSync(path) : lstatSync(path);
    if (s.isSymbolicLink()) return 'link';
    if (s.isFile()) return 'file';
    if (s.isDirectory()) return 'dir';
    return s.isCharacterDevice() || s.isFIFO() ? 'stream' : 'other';
  } catch {
    return null;
  }
}

/** Writes `data` to the user's output path as described at the top of this file. */
export function writeUserFile(path: string, data: Buffer | string): void {
  const full = resolve(path);
  const target = kindAt(full, true);
  if (target === 'stream') return writeStream(full, data);
  if (target === 'dir') throw new UsageError(`${path} is a folder`, 'give a file name for the output');
  if (target === 'other') throw new UsageError(`${path} is neither a file nor a stream`, 'give a file name for the output');
  const dir = dirname(full);
  if (kindAt(dir, true) !== 'dir') throw new EnvironmentError(`cannot write ${path}: the folder ${dir} does not exist`, 'create it first, or name another file');
  const tmp = join(dir, `.${basename(full)}.dgpu-${process.pid}.tmp`);
  const mode = kindAt(full, false) === 'file' ? statSync(full).mode & 0o777 : 0o644;
  let fd: number | undefined;
  try {
    fd = openSync(tmp, constants.O_CREAT | constants.O_EXCL | constants.O_WRONLY | constants.O_NOFOLLOW, mode);
    writeAll(fd, data);
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    renameSync(tmp, full);
  } catch (e) {
    if (fd !== undefined) closeSync(fd);
    try {
      unlinkSync(tmp);
    } catch {
      // never created, or already renamed
    }
    const err = e as NodeJS.ErrnoException;
    throw new EnvironmentError(`cannot write ${path}: ${err.code ?? err.message}`, 'check the folder is writable and has space');
  }
}

function writeStream(path: string, data: Buffer | string): void {
  let fd: number | undefined;
  try {
    fd = openSync(path, constants.O_WRONLY | constants.O_APPEND);
    writeAll(fd, data);
  } catch (e) {
    throw new EnvironmentError(`cannot write ${path}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

function writeAll(fd: number, data: Buffer | string): void {
  const buf = typeof data === 'string' ? Buffer.from(data) : data;
  for (let done = 0; done < buf.length; ) done += writeSync(fd, buf, done, buf.length - done);
}
