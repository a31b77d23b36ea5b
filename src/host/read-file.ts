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
/** Tab, newline, vertical tab, form feed, carriage return, space. */
const isSpace = (byte: number) => byte === 0x20 || (byte >= 0x09 && byte <= 0x0d);

/**
 * A sysfs attribute: content without surrounding whitespace; null when absent or unreadable.
 * Attributes are at most a page, so one read into a shared buffer does (cheaper than readFileSync's
 * fstat and allocation: ~12 µs against ~15 µs a file here, times thousands of files).
 */
export function readAttr(path: string): string | null {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return null;
  }
  try {
    const n = readSync(fd, shared, 0, shared.length, 0);
    if (n === shared.length) return readText(path)?.trim() ?? null; // not a sysfs attribute: read it whole
    // ASCII whitespace (the newline every attribute ends with) is left out before decoding, so the common case
    // makes one string, not two; trim() then finds nothing and returns that same string
    let start = 0;
    let end = n;
    while (end > start && isSpace(shared[end - 1]!)) end--;
    while (start < end && isSpace(shared[start]!)) start++;
    return shared.toString('utf8', start, end).trim();
  } catch {
    return null;
  } finally {
    closeSync(fd);
  }
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
