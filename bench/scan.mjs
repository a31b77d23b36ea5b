// `npm run bench`: a 1,000-function sysfs tree, then `dgpu scan --json --root TREE` against
// `lspci -nnk -O sysfs.path=TREE/sys/bus/pci`, alternating, BENCH_RUNS (default 15) runs each; medians,
// ratio and dgpu's peak RSS (issue 2: target dgpu ≤ lspci, under 100 MB). For reference it also times Node's
// start alone (`node -e 0`, the floor of any dgpu command) and readHost in-process (the reader without it).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const N = Number(process.env.BENCH_FUNCTIONS ?? 1000);
const RUNS = Number(process.env.BENCH_RUNS ?? 15);
const work = mkdtempSync(join(tmpdir(), 'dgpu-bench-'));
const tree = join(work, 'root');
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = (x) => `${x.toFixed(1)} ms`;

function timed(cmd, args, env = process.env) {
  const t = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], env, maxBuffer: 64 * 1024 * 1024 });
  const wall = Number(process.hrtime.bigint() - t) / 1e6;
  return { wall, ok: r.status === 0, stderr: r.stderr?.toString() ?? '', error: r.error };
}

/** Peak RSS (KiB) of a node child, reported by bench/rss-hook.mjs through a pipe on fd 3. */
function peakRss(args) {
  const r = spawnSync(process.execPath, ['--import', pathToFileURL(resolve('bench/rss-hook.mjs')).href, ...args], {
    stdio: ['ignore', 'ignore', 'ignore', 'pipe'],
    env: { ...process.env, DGPU_BENCH_RSS_FD: '3' },
  });
  return Number(String(r.output[3] ?? '').trim()) || null;
}

try {
  const bundle = join(work, 'bench-lib.mjs');
  await build({
    stdin: {
      contents: [
        "export { benchHostSpec } from './bench/host-spec.ts';",
        "export { writeSysroot } from './test/support/sysroot.ts';",
        "export { readHost } from './src/host/sysfs-reader.ts';",
      ].join('\n'),
      resolveDir: process.cwd(),
      loader: 'ts',
    },
    outfile: bundle, bundle: true, platform: 'node', format: 'esm', logLevel: 'warning',
  });
  const lib = await import(pathToFileURL(bundle).href);
  const t0 = performance.now();
  lib.writeSysroot(tree, lib.benchHostSpec(N));
  console.log(`tree: ${N} PCI functions in ${ms(performance.now() - t0)} (${tree})`);

  const candidates = {
    'dgpu scan --json': [process.execPath, ['dist/dgpu.mjs', 'scan', '--json', '--root', tree]],
    "node -e 0 (Node's start)": [process.execPath, ['-e', '0']],
    'lspci -nnk': ['lspci', ['-nnk', '-O', `sysfs.path=${tree}/sys/bus/pci`]],
  };
  const active = {};
  for (const [name, [cmd, args]] of Object.entries(candidates)) {
    const r = timed(cmd, args);
    if (r.ok) active[name] = { cmd, args, walls: [] };
    else console.log(`skipped ${name}: ${r.error ? r.error.message : r.stderr.trim().split('\n').pop()}`);
  }
  for (let i = 0; i < RUNS; i++) {
    for (const c of Object.values(active)) c.walls.push(timed(c.cmd, c.args).wall); // alternating
  }

  const warm = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    await lib.readHost(tree);
    warm.push(performance.now() - t);
  }

  console.log(`\n${RUNS} runs each, alternating; wall time medians (min):`);
  for (const [name, c] of Object.entries(active)) console.log(`  ${name.padEnd(24)} ${ms(median(c.walls)).padStart(10)}  (${ms(Math.min(...c.walls))})`);
  console.log(`  ${'readHost in-process'.padEnd(24)} ${ms(median(warm)).padStart(10)}  (${ms(Math.min(...warm))})`);

  const lspci = active['lspci -nnk'];
  const ours = active['dgpu scan --json'];
  const oursName = 'dgpu scan --json';
  if (!ours) throw new Error('dgpu scan --json failed on the bench tree; run `npm run build` and try it by hand');
  const rss = peakRss(ours.args);
  if (lspci) {
    const ratio = median(ours.walls) / median(lspci.walls);
    console.log(`\nratio ${oursName} / lspci: ${ratio.toFixed(2)} (target ≤ 1.00: ${ratio <= 1 ? 'met' : 'MISSED'})`);
  }
  if (rss !== null) console.log(`peak RSS of ${oursName}: ${(rss / 1024).toFixed(1)} MiB (target < 100 MB: ${rss * 1024 < 100e6 ? 'met' : 'MISSED'})`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
