// `--root` for every command: a directory, or a `dgpu snapshot` .tar.gz. Apart from src/host/snapshot.ts so that
// a command on a directory loads neither the tar codec nor zlib.
import { readFileSync, statSync } from 'node:fs';
import { EnvironmentError, UsageError } from '../core/errors.js';

// A snapshot is under a few hundred KB packed: this bound stops the wrong file before it is read.
const MAX_PACKED = 16 * 1024 * 1024;

/**
 * A directory is used as is; a .tar.gz snapshot is unpacked into a temporary directory that `cleanup`
 * removes. readHost itself stays directory-based.
 */
export async function openRoot(path: string): Promise<{ dir: string; cleanup: () => void }> {
  let st;
  try {
    st = statSync(path);
  } catch {
    throw new EnvironmentError(`root ${path} does not exist`, 'pass an existing directory or a `dgpu snapshot` .tar.gz to --root (default /)');
  }
  if (st.isDirectory()) return { dir: path, cleanup: () => {} };
  const hint = 'make one with `dgpu snapshot OUT.tar.gz`, or pass a directory';
  // a FIFO or a device would block the read or never end
  if (!st.isFile()) throw new UsageError(`${path} is neither a directory nor a .tar.gz snapshot (not a regular file)`, hint);
  if (st.size > MAX_PACKED) throw new UsageError(`${path} is ${st.size} bytes: too big for a dgpu snapshot (at most ${MAX_PACKED})`, hint);
  const gz = readFileSync(path);
  if (gz[0] !== 0x1f || gz[1] !== 0x8b) {
    throw new UsageError(`${path} is neither a directory nor a .tar.gz snapshot`, hint);
  }
  const { unpackSnapshot } = await import('./snapshot.js');
  try {
    return unpackSnapshot(gz);
  } catch (e) {
    throw new UsageError(`${path}: not a usable snapshot (${(e as Error).message})`, 'make one with `dgpu snapshot OUT.tar.gz`');
  }
}
