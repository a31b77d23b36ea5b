// The TypeScript a benchmark needs (the tree builders, the dump reader), bundled into `dir` and imported: the
// benchmarks are plain Node scripts, and the sources are TypeScript.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';

/** `lines` are `export ... from './path.ts';` lines, relative to the repository root. */
export async function importTs(dir, lines) {
  const outfile = join(dir, 'bench-lib.mjs');
  await build({
    stdin: { contents: lines.join('\n'), resolveDir: process.cwd(), loader: 'ts' },
    outfile, bundle: true, platform: 'node', format: 'esm', logLevel: 'warning',
  });
  return import(pathToFileURL(outfile).href);
}
