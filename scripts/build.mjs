// dist/dgpu.mjs: one file, the bin, which also installs alone (README, "Install"). Each command's action imports
// its modules dynamically, so V8 compiles only what the command runs (lazy function compilation). Splitting into
// chunks was measured (scripts/build.mjs history, bench/scan.mjs with BENCH_BASELINE): a few ms less start on
// scan, more on plan and setup, and a bundle that no longer installs as one file; one file was kept. Then the
// man page and the shell completions, made by the bundle itself from its command tree (src/cli/man.ts,
// src/cli/completion.ts), so they match --help.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { build } from 'esbuild';

const pkg = JSON.parse(readFileSync('package.json', 'utf8'));

// commander requires node:child_process at load for executable subcommands, which dgpu has none of; loading that
// builtin is a measurable part of the start, so commander gets it on first use instead.
const lazyChildProcess = {
  name: 'lazy-child-process',
  setup(b) {
    b.onResolve({ filter: /^node:child_process$/ }, (a) => (/[\\/]commander[\\/]/.test(a.importer) ? { path: 'child_process', namespace: 'lazy' } : undefined));
    b.onLoad({ filter: /.*/, namespace: 'lazy' }, () => ({
      contents: "module.exports = new Proxy({}, { get: (_, k) => require('node:child_process')[k] });",
      loader: 'js',
    }));
  },
};

rmSync('dist', { recursive: true, force: true }); // nothing stale may ship
const result = await build({
  entryPoints: ['src/cli/main.ts'],
  outfile: 'dist/dgpu.mjs',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // the bundled CommonJS (commander) calls `require` for Node's builtins
  banner: { js: '#!/usr/bin/env node\nimport { createRequire as __dgpuCreateRequire } from "node:module"; const require = __dgpuCreateRequire(import.meta.url);' },
  define: { __DGPU_VERSION__: JSON.stringify(pkg.version) },
  plugins: [lazyChildProcess],
  legalComments: 'none',
  // Parsing is most of the start-up cost of a bundle; a minified one parses faster (see bench/).
  minify: true,
  logLevel: 'warning',
  metafile: process.env.BUILD_METAFILE !== undefined,
});
// which sources the bundle holds and their sizes
if (process.env.BUILD_METAFILE) writeFileSync(process.env.BUILD_METAFILE, JSON.stringify(result.metafile));

const run = (...args) => execFileSync(process.execPath, ['dist/dgpu.mjs', ...args], { encoding: 'utf8' });
writeFileSync('dist/dgpu.8', run('man'));
mkdirSync('dist/completions', { recursive: true });
writeFileSync('dist/completions/dgpu.bash', run('completion', 'bash'));
writeFileSync('dist/completions/_dgpu', run('completion', 'zsh'));
writeFileSync('dist/completions/dgpu.fish', run('completion', 'fish'));
