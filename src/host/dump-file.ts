// Reads the text dump given to `--from`. The file is the user's input, so any failure to read it is a usage
// error (exit 2), like a bad flag.
import { readFile } from 'node:fs/promises';
import { UsageError } from '../core/errors.js';

const MAX_BYTES = 16 * 1024 * 1024; // a dump is a few kB; anything this big is the wrong file

export async function readDumpFile(path: string): Promise<string> {
  let data: Buffer;
  try {
    data = await readFile(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : code === 'EACCES' ? 'permission denied' : (code ?? 'unreadable');
    throw new UsageError(`--from ${path}: ${why}`, 'give the text file holding your IOMMU group listing or lspci -nn output');
  }
  if (data.length > MAX_BYTES) throw new UsageError(`--from ${path}: ${data.length} bytes is too big for a dump`, 'give the text file holding your IOMMU group listing');
  return data.toString('utf8');
}
