// Putting a file back as the journal recorded it; shared by the undo of a failed apply and by `dgpu rollback`.
import { dirname, join } from 'node:path';
import { atomicWrite, durableUnlink, fsyncDir, type FsOps, makeDirs, sha256, tempPathFor } from './fs-ops.js';
import type { Journal, JournalFile } from './journal.js';
import type { DefineDomain } from './transaction.js';

/**
 * Makes `f.path` what it was before the transaction: the backup's bytes with the old mode and owner, or
 * no file. Idempotent: a file already as before is left alone. Returns whether it changed anything.
 * A temporary file the transaction left (crash, or a failure during cleanup) is removed first.
 */
export function restoreFile(ops: FsOps, root: string, txId: string, f: JournalFile, backup: Buffer | null): boolean {
  const target = join(root, f.path);
  const tmp = tempPathFor(target, txId);
  if (ops.lstat(tmp) !== null) ops.unlink(tmp); // not quietly: a half-written leftover must not stay unreported
  const info = ops.lstat(target);
  if (!f.existed) {
    if (info === null) return false;
    durableUnlink(ops, target);
    return true;
  }
  if (backup === null) throw new Error(`journal: no backup for ${f.path}`);
  const same = info?.kind === 'file' && info.mode === f.mode && info.uid === f.uid && info.gid === f.gid &&
    sha256(ops.readFile(target)) === f.beforeSha256;
  if (same) return false;
  // The folder may be gone if the file was deleted and its folder removed since.
  makeDirs(ops, dirname(target));
  atomicWrite(ops, target, backup, { mode: f.mode!, owner: { uid: f.uid!, gid: f.gid! } }, txId);
  return true;
}

/**
 * Removes a folder the transaction created, unless something else was put in it since (then it stays, and
 * that is no error). Other errors are thrown: the rollback is not finished.
 */
export function rmdirIfEmpty(ops: FsOps, dir: string): void {
  if (ops.lstat(dir)?.kind !== 'dir' || ops.readdir(dir).length > 0) return;
  ops.rmdir(dir);
  fsyncDir(ops, dirname(dir));
}

/** rmdirIfEmpty for cleanup paths that are already reporting another error. */
export function rmdirQuietly(ops: FsOps, dir: string): void {
  try {
    rmdirIfEmpty(ops, dir);
  } catch {
    // the error being reported matters more than an empty folder
  }
}

/** Best-effort `rm -r` of a journal folder that was never completed. */
export function removeTreeQuietly(ops: FsOps, dir: string): void {
  try {
    const info = ops.lstat(dir);
    if (info === null) return;
    if (info.kind === 'dir') {
      for (const name of ops.readdir(dir)) removeTreeQuietly(ops, join(dir, name));
      ops.rmdir(dir);
    } else {
      ops.unlink(dir);
    }
  } catch {
    // a leftover journal folder without journal.json is ignored by listTransactions
  }
}

/** The message of an I/O error, short: `EIO: i/o error, rename '...' -> '...'` becomes the code and syscall. */
export function ioError(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  if (err?.code && err.syscall) return `${err.code} in ${err.syscall}`;
  return err?.message ?? String(e);
}

/**
 * What follows the files when a transaction is undone, by an apply that failed half-way or by rollback: the
 * domains' old definitions back, newest first, then the folders the transaction made, if empty. Failures are
 * collected in `failed`, never thrown, so every step is tried.
 */
export async function restoreDomainsAndDirs(
  ops: FsOps, root: string, journal: Journal, domains: Array<{ connect: string; name: string; xml: () => string }>,
  restore: DefineDomain | undefined, failed: string[],
): Promise<string[]> {
  const restored: string[] = [];
  for (const d of [...domains].reverse()) {
    try {
      await restore!(d.connect, d.name, d.xml());
      restored.push(`domain ${d.name}`);
    } catch (e) {
      failed.push(`domain ${d.name} (${ioError(e)})`);
    }
  }
  for (const d of [...journal.createdDirs].reverse()) {
    try {
      rmdirIfEmpty(ops, join(root, d));
    } catch (e) {
      failed.push(`folder ${d} (${ioError(e)})`);
    }
  }
  return restored;
}
