// One ESM file with a shebang; heavy command modules stay as dynamic imports inside it,
// so `dgpu scan` never parses the XML editor. Then the man page and the shell completions, made by the
// bundle itself from its command tree (src/cli/man.ts, src/cli/completion.ts), so they match --help.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { build } from 'esbuild';

const pkg = JSON.parse(readFileSync('package.json', 'utf8'));

await build({
  entryPoints: ['src/cli/main.ts'],
  outfile: 'dist/dgpu.mjs',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  banner: { js: '#!/usr/bin/env node\nimport { createRequire as __dgpuCreateRequire } from "node:module"; const require = __dgpuCreateRequire(import.meta.url);' },
  define: { __DGPU_VERSION__: JSON.stringify(pkg.version) },
  legalComments: 'none',
  // Parsing is most of the start-up cost of a 500 KB bundle; a minified one parses faster (see bench/).
  minify: true,
  logLevel: 'warning',
});

const run = (...args) => execFileSync(process.execPath, ['dist/dgpu.mjs', ...args], { encoding: 'utf8' });
writeFileSync('dist/dgpu.8', run('man'));
mkdirSync('dist/completions', { recursive: true });
writeFileSync('dist/completions/dgpu.bash', run('completion', 'bash'));
writeFileSync('dist/completions/_dgpu', run('completion', 'zsh'));
writeFileSync('dist/completions/dgpu.fish', run('completion', 'fish'));
