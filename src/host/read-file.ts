// Small synchronous readers where a missing or unreadable file is null, never an exception.
// Synchronous on purpose: sysfs attributes are tiny, and for 1,000 functions sync reads measured faster than
// Promise.all over the libuv pool (bench/scan.mjs).
import { closeSync, lstatSync, openSync, readFileSync, readdirSync, readlinkSync, readSync } from 'node:fs';

export function readText(path: string, encoding: 'utf8' | 'latin1' = 'utf8'): string | null {
  try {
    return readFileSync(path, encoding);
  } catch {
    return null;
  }
}

const shared = Buffer.alloc(8192);

/**
 * A sysfs attribute: content without surrounding whitespace; null when absent or unreadable.
 * Attributes are at most a page, so one read into a shared buffer does: no allocation, and no second read to find
 * the end of the file as readFileSync makes (which measured no faster over a whole run, docs/architecture.md). No
 * try/finally: in a fresh process, where this code runs interpreted, one cost about 2 ms over the 1,400 reads of
 * 1,000 functions.
 */
export function readAttr(path: string): string | null {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return null;
  }
  let n: number;
  try {
    n = readSync(fd, shared, 0, shared.length, 0);
  } catch {
    n = -1;
  }
  closeSync(fd);
  if (n < 0) return null;
  if (n === shared.length) return readText(path)?.trim() ?? null; // not a sysfs attribute: read it whole
  // the newline every attribute ends with is left out before decoding, so the common case makes one string, not
  // two: trim() then finds nothing and returns that same string
  return shared.toString('utf8', 0, n > 0 && shared[n - 1] === 0x0a ? n - 1 : n).trim();
}

/** The first `bytes` of a file (for /proc/cpuinfo, which is long on many-core machines). */
export function readHead(path: string, bytes: number): string | null {
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    const buf = Buffer.alloc(bytes);
    const n = readSync(fd, buf, 0, bytes, null);
    return buf.subarray(0, n).toString('utf8');
  } catch {
    return null;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** Basename of a symlink's target (`driver` → `amdgpu`); null when it is not a link. */
export function linkName(path: string): string | null {
  let target: string;
  try {
    target = readlinkSync(path);
  } catch {
    return null;
  }
  // lastIndexOf, not path.basename: basename walks the string in JS, a third of reading 1,000 functions cold
  while (target.endsWith('/')) target = target.slice(0, -1);
  return target.slice(target.lastIndexOf('/') + 1);
}

/**
 * linkName for a link that is often missing (an unbound function's `driver`): a failed readlink throws, and an
 * exception costs several times the lstat that finds nothing.
 */
export function linkNameIfAny(path: string): string | null {
  return lstatSync(path, { throwIfNoEntry: false })?.isSymbolicLink() === true ? linkName(path) : null;
}

export function listDir(path: string): string[] | null {
  try {
    return readdirSync(path);
  } catch {
    return null;
  }
}
