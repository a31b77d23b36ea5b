// One writer at a time per root: `apply`, `rollback`, `vm attach` and the wizard's writing steps hold
// <root>/var/lib/dgpu/lock for their whole run, planning included, so two runs can never interleave their plans
// and writes (two applies once bound one GPU in GRUB and the other in modprobe.d). The lock is a file created
// with O_EXCL holding the holder's pid and command; a lock whose pid is gone (a killed run) is taken over.
// A second run waits briefly, then stops with exit 4 naming the holder.
import { chmodSync, closeSync, constants, mkdirSync, openSync, readFileSync, rmdirSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { ConflictError, EnvironmentError } from '../core/errors.js';

export const LOCK_FILE = 'var/lib/dgpu/lock';

export interface LockOptions {
  /** How long to wait for the holder; default 3 s. */
  waitMs?: number;
  pollMs?: number;
}

interface Holder {
  pid: number;
  command: string;
  since: string;
}

function readHolder(path: string): Holder | null {
  try {
    const h = JSON.parse(readFileSync(path, 'utf8')) as Holder;
    return Number.isInteger(h.pid) ? h : null;
  } catch {
    return null; // being written, or not ours: treated as held until it can be read
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function tryCreate(path: string, command: string): boolean {
  let fd: number;
  try {
    fd = openSync(path, constants.O_CREAT | constants.O_EXCL | constants.O_WRONLY, 0o644);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw e;
  }
  try {
    writeSync(fd, JSON.stringify({ pid: process.pid, command, since: new Date().toISOString() }));
  } finally {
    closeSync(fd);
  }
  return true;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Takes the lock under `root`; the returned function releases it. */
export async function acquireLock(root: string, command: string, o: LockOptions = {}): Promise<() => void> {
  const path = join(root, LOCK_FILE);
  // Folders made for the lock alone go again with it, so that a refused run leaves the tree as it was.
  const made: string[] = [];
  try {
    for (const d of ['var', 'var/lib', 'var/lib/dgpu']) {
      // 0755 whatever the umask: the folders are the system's, not this run's
      if (mkdirSync(join(root, d), { recursive: true }) !== undefined) {
        chmodSync(join(root, d), 0o755);
        made.unshift(join(root, d));
      }
    }
  } catch (e) {
    throw new EnvironmentError(`cannot create ${join(root, 'var/lib/dgpu')}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`, 'run dgpu as root, on a writable root');
  }
  const deadline = Date.now() + (o.waitMs ?? 3000);
  for (;;) {
    let created: boolean;
    try {
      created = tryCreate(path, command);
    } catch (e) {
      throw new EnvironmentError(`cannot take the lock ${path}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`, 'run dgpu as root, on a writable root');
    }
    if (created) return () => release(path, made);
    const holder = readHolder(path);
    if (holder?.pid === process.pid) return () => {}; // this run holds it already (the wizard's VM step)
    if (holder !== null && !alive(holder.pid)) {
      // the holder was killed: nothing of its own is left half-done (every transaction is atomic), take over
      try {
        unlinkSync(path);
      } catch {
        // another waiter took it over first
      }
      continue;
    }
    if (Date.now() >= deadline) {
      const who = holder === null ? 'another dgpu run' : `\`dgpu ${holder.command}\` (pid ${holder.pid}, since ${holder.since})`;
      removeEmpty(made);
      throw new ConflictError(`${who} is changing this host (${path}); nothing was written`, 'wait for it to finish, then run this again');
    }
    await sleep(o.pollMs ?? 100);
  }
}

function release(path: string, made: string[]): void {
  try {
    const h = readHolder(path);
    if (h?.pid === process.pid) unlinkSync(path);
  } catch {
    // already gone
  }
  removeEmpty(made);
}

/** Innermost first; a folder that now holds something (the transactions) stays. */
function removeEmpty(dirs: string[]): void {
  for (const d of dirs) {
    try {
      rmdirSync(d);
    } catch {
      return;
    }
  }
}
