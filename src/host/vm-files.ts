// Writes for `vm attach` on files: atomic (temp file + rename in the same directory) with a `.dgpu-bak` copy of
// what was there. Stand-in until the shared transaction module (journal, rollback) lands.
import { copyFile, rename, writeFile, stat, chmod } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

export async function writeWithBackup(path: string, text: string, backup: boolean): Promise<void> {
  const mode = await stat(path).then((s) => s.mode & 0o7777, () => 0o644);
  if (backup) await copyFile(path, `${path}.dgpu-bak`).catch((e: NodeJS.ErrnoException) => { if (e.code !== 'ENOENT') throw e; });
  const tmp = join(dirname(path), `.${basename(path)}.dgpu-tmp-${process.pid}`);
  await writeFile(tmp, text, { mode });
  await chmod(tmp, mode);
  await rename(tmp, path);
}
