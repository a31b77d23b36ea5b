// Regenerates examples/host (the tree `npm start` scans) from test/support/example-host.ts.
// The spec is TypeScript, so it is bundled with esbuild to a temporary module first.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const tmp = mkdtempSync(join(tmpdir(), 'dgpu-make-example-'));
try {
  const outfile = join(tmp, 'example.mjs');
  await build({
    stdin: {
      contents: "export { EXAMPLE_HOST } from './test/support/example-host.ts'; export { writeSysroot } from './test/support/sysroot.ts';",
      resolveDir: process.cwd(),
      loader: 'ts',
    },
    outfile, bundle: true, platform: 'node', format: 'esm', logLevel: 'warning',
  });
  const { EXAMPLE_HOST, writeSysroot } = await import(pathToFileURL(outfile).href);
  rmSync('examples/host', { recursive: true, force: true });
  writeSysroot('examples/host', EXAMPLE_HOST);
  console.log(`wrote examples/host (${EXAMPLE_HOST.devices.length} PCI functions)`);
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
