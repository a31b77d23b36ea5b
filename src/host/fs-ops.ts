// Every filesystem call the transaction makes goes through FsOps, so that tests can fail the Nth one
// (test/host/transaction-faults.test.ts). The calls are synchronous on purpose: one process, a handful of
// small files, and a fixed order of operations that fault injection can enumerate.
import * as fs from 'node:fs';
import { createHash } from 'node:crypto';
import { basename, dirname, join } from 'node:path';

export interface FileInfo {
  kind: 'file' | 'dir' | 'symlink' | 'other';
  /** Permission bits only (`mode & 0o7777`). */
  mode: number;
  uid: number;
  gid: number;
}

export interface FsOps {
  /** Does not follow a final symlink; null when nothing is there. */
  lstat(path: string): FileInfo | null;
  readFile(path: string): Buffer;
  readdir(path: string): string[];
  /** `create`: a new file (O_CREAT|O_EXCL|O_WRONLY) with `mode` before umask; `read`: a directory, to fsync it. */
  open(path: string, how: 'create' | 'read', mode?: number): number;
  /** Writes all of data. */
  write(fd: number, data: Buffer): void;
  fsync(fd: number): void;
  close(fd: number): void;
  rename(from: string, to: string): void;
  unlink(path: string): void;
  /** One level, not recursive, mode 0755 whatever the umask. */
  mkdir(path: string): void;
  rmdir(path: string): void;
  chmod(path: string, mode: number): void;
  chown(path: string, uid: number, gid: number): void;
}

export const realFsOps: FsOps = {
  lstat(path) {
    let s: fs.Stats;
    try {
      s = fs.lstatSync(path);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw e;
    }
    const kind = s.isFile() ? 'file' : s.isDirectory() ? 'dir' : s.isSymbolicLink() ? 'symlink' : 'other';
    return { kind, mode: s.mode & 0o7777, uid: s.uid, gid: s.gid };
  },
  readFile: (path) => fs.readFileSync(path),
  readdir: (path) => fs.readdirSync(path),
  open: (path, how, mode = 0o644) =>
    how === 'create'
      ? fs.openSync(path, fs.constants.O_CREAT | fs.constants.O_EXCL | fs.constants.O_WRONLY, mode)
      : fs.openSync(path, fs.constants.O_RDONLY | fs.constants.O_DIRECTORY),
  write(fd, data) {
    let done = 0;
    while (done < data.length) done += fs.writeSync(fd, data, done, data.length - done);
  },
  fsync: (fd) => fs.fsyncSync(fd),
  close: (fd) => fs.closeSync(fd),
  rename: (from, to) => fs.renameSync(from, to),
  unlink: (path) => fs.unlinkSync(path),
  mkdir(path) {
    fs.mkdirSync(path, { mode: 0o755 });
    fs.chmodSync(path, 0o755); // mkdir's mode went through the umask (under umask 077 it would be 0700)
  },
  rmdir: (path) => fs.rmdirSync(path),
  chmod: (path, mode) => fs.chmodSync(path, mode),
  chown: (path, uid, gid) => fs.chownSync(path, uid, gid),
};

export function sha256(data: Buffer | string): string {
  return createHash('sha256').update(data).digest('hex');
}

/** The temporary name a transaction uses next to `target`; hidden, and naming the transaction for cleanup. */
export function tempPathFor(target: string, txId: string): string {
  return join(dirname(target), `.${basename(target)}.dgpu-${txId}.tmp`);
}

/** fsync a directory so that a rename or unlink in it is on disk (rename(2) alone is not durable). */
export function fsyncDir(ops: FsOps, dir: string): void {
  withFd(ops, ops.open(dir, 'read'), (fd) => ops.fsync(fd));
}

/** Runs `use(fd)` then closes fd; an error of close does not hide the error of `use`, which came first. */
export function withFd(ops: FsOps, fd: number, use: (fd: number) => void): void {
  try {
    use(fd);
  } catch (e) {
    try {
      ops.close(fd);
    } catch {
      // reported: the error of use
    }
    throw e;
  }
  ops.close(fd);
}

export interface WriteAttrs {
  mode: number;
  /** Owner to set; null: leave the creating process's (root when dgpu runs for real). */
  owner: { uid: number; gid: number } | null;
}

/**
 * Writes `data` to a temporary file in the target's folder, fsyncs it, sets mode and owner, renames it
 * over `target` and fsyncs the folder: a reader sees the old file or the new one, never a part
 * (rename(2): "If newpath already exists, it will be atomically replaced"). The temporary file is removed
 * on failure before the rename. Returns whether the rename happened, by throwing only before it.
 */
export function atomicWrite(ops: FsOps, target: string, data: Buffer, attrs: WriteAttrs, txId: string): void {
  const tmp = tempPathFor(target, txId);
  // A leftover of this same transaction (an earlier failure whose cleanup failed too) would make O_EXCL fail.
  if (ops.lstat(tmp) !== null) ops.unlink(tmp);
  let renamed = false;
  try {
    withFd(ops, ops.open(tmp, 'create', attrs.mode), (fd) => {
      ops.write(fd, data);
      ops.fsync(fd);
    });
    ops.chmod(tmp, attrs.mode); // open's mode went through the umask
    if (attrs.owner) ops.chown(tmp, attrs.owner.uid, attrs.owner.gid);
    ops.rename(tmp, target);
    renamed = true;
  } finally {
    if (!renamed) removeQuietly(ops, tmp);
  }
  fsyncDir(ops, dirname(target));
}

/** Unlinks `target` and fsyncs its folder. */
export function durableUnlink(ops: FsOps, target: string): void {
  ops.unlink(target);
  fsyncDir(ops, dirname(target));
}

/** Best effort, for cleanup paths that must not hide the error being reported. */
export function removeQuietly(ops: FsOps, path: string): void {
  try {
    if (ops.lstat(path) !== null) ops.unlink(path);
  } catch {
    // the caller is already reporting a failure; a leftover temporary file is named in that report's hint
  }
}

/** mkdir -p that returns the folders it created, outermost first, so that a rollback can remove them. */
export function makeDirs(ops: FsOps, dir: string): string[] {
  const missing: string[] = [];
  let d = dir;
  for (;;) {
    const info = ops.lstat(d);
    if (info !== null) {
      if (info.kind !== 'dir') throw Object.assign(new Error(`${d} is not a directory`), { code: 'ENOTDIR' });
      break;
    }
    missing.unshift(d);
    const parent = dirname(d);
    if (parent === d) break;
    d = parent;
  }
  for (const m of missing) {
    ops.mkdir(m);
    fsyncDir(ops, dirname(m));
  }
  return missing;
}
