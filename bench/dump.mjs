// `npm run bench` (second part): reading a posted dump of BENCH_DUMP_FUNCTIONS (default 60,000) functions in
// every format, in-process (importDump) and end to end (`dgpu scan --json --from FILE`). Issue 15's target:
// every posted-dump format read in linear time, 60,000 functions in under a second.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importTs } from './ts-lib.mjs';

const N = Number(process.env.BENCH_DUMP_FUNCTIONS ?? 60000);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const work = mkdtempSync(join(tmpdir(), 'dgpu-bench-dump-'));
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

try {
  const lib = await importTs(work, [
    "export { BIG_DUMP_FORMATS, bigDump } from './test/support/big-dump.ts';",
    "export { importDump } from './src/core/dump/parse-dump.ts';",
  ]);
  console.log(`\ndump reading, ${N} functions, ${RUNS} runs each; medians (target < 1000 ms end to end):`);
  let met = true;
  for (const format of lib.BIG_DUMP_FORMATS) {
    const text = lib.bigDump(format, N);
    const file = join(work, `${format}.txt`);
    writeFileSync(file, text);
    const inProcess = [];
    const endToEnd = [];
    for (let i = 0; i < RUNS; i++) {
      let t = performance.now();
      lib.importDump(text);
      inProcess.push(performance.now() - t);
      t = performance.now();
      const r = spawnSync(process.execPath, ['dist/dgpu.cjs', 'scan', '--json', '--from', file], { stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 256 * 1024 * 1024 });
      endToEnd.push(performance.now() - t);
      if (r.status !== 0) throw new Error(`dgpu scan --from ${format} failed: ${r.stderr}`);
    }
    met &&= median(endToEnd) < 1000;
    const kb = (text.length / 1024).toFixed(0);
    console.log(`  ${format.padEnd(10)} ${kb.padStart(6)} KiB  importDump ${median(inProcess).toFixed(0).padStart(5)} ms   dgpu scan --json --from ${median(endToEnd).toFixed(0).padStart(5)} ms`);
  }
  console.log(`every format under a second end to end: ${met ? 'met' : 'MISSED'}`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
