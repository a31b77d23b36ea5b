// One ESM file with a shebang; heavy command modules stay as dynamic imports inside it,
// so `dgpu scan` never parses the XML editor (issue 2: "one bundled file that starts fast").
import { build } from 'esbuild';

await build({
  entryPoints: ['src/cli/main.ts'],
  outfile: 'dist/dgpu.mjs',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  banner: { js: '#!/usr/bin/env node\nimport { createRequire as __dgpuCreateRequire } from "node:module"; const require = __dgpuCreateRequire(import.meta.url);' },
  legalComments: 'none',
  // Parsing is most of the start-up cost of a 500 KB bundle; a minified one parses faster (see bench/).
  minify: true,
  logLevel: 'warning',
});
