// The names under <root>/dev/input/by-id (udev's persistent links), for `--input evdev`.
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';

export async function listInputById(root: string): Promise<string[]> {
  try {
    return (await readdir(join(root, 'dev/input/by-id'))).filter((n) => /-event-/.test(n));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw e;
  }
}
