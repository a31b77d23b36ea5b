// `npm run bench`: how far dgpu is above Node's own start, the floor of any dgpu command.
// Alternating in one run, BENCH_RUNS (default 15) rounds: `dgpu scan --json`, `node -e 0` and `lspci -nnk` on a
// real host laid out as a sysroot (BENCH_HOST, default host-01: 148 functions, the largest of
// test/fixtures/real-hosts) and on BENCH_FUNCTIONS (default 1,000) functions, and the wizard's first screen
// (`dgpu setup --root examples/host --dry-run` in a pipe, until its first question). Then `dgpu scan --from` on
// a BENCH_FROM_FUNCTIONS (default 60,000) function IOMMU group listing, the peak RSS of each scan, and what of the
// one-file bundle scan, plan, vm attach and setup compile: each run once with DGPU_CODE_CACHE=write on a copy of
// the bin, the size of the code cache it leaves is the bytecode of the functions that command ran.
// Medians (min); the ratios to `node -e 0` are the figures the targets are set in. bench/floor.cjs makes the same
// system calls with no analysis: how much of the time above Node's start the host's calls take.
// BENCH_BASELINE=FILE adds another build's bin (an older dist/dgpu.cjs) to the same rounds, for before/after on
// equal terms. Not timed in CI.
import { spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { importTs } from './ts-lib.mjs';

const N = Number(process.env.BENCH_FUNCTIONS ?? 1000);
const RUNS = Number(process.env.BENCH_RUNS ?? 15);
const HOST = process.env.BENCH_HOST ?? 'host-01';
const FROM_N = Number(process.env.BENCH_FROM_FUNCTIONS ?? 60000);
const FROM_RUNS = Number(process.env.BENCH_FROM_RUNS ?? 3);
const FROM_LIMIT_MS = 120_000;
const work = mkdtempSync(join(tmpdir(), 'dgpu-bench-'));
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = (x) => `${x.toFixed(1)} ms`;
const load = () => loadavg().map((x) => x.toFixed(2)).join(' ');
const RSS_HOOK = pathToFileURL(resolve('bench/rss-hook.mjs')).href;

/**
 * Runs `cmd` and resolves with its wall time (ms) to exit, or to the first stdout chunk containing `until`;
 * with `rss`, a node child reports its peak RSS (KiB) through bench/rss-hook.mjs on fd 3.
 */
function timed(cmd, args, { until, rss = false, limitMs, env = {} } = {}) {
  return new Promise((done) => {
    const t = process.hrtime.bigint();
    const elapsed = () => Number(process.hrtime.bigint() - t) / 1e6;
    const child = spawn(cmd, rss ? ['--import', RSS_HOOK, ...args] : args, {
      stdio: ['ignore', 'pipe', 'pipe', ...(rss ? ['pipe'] : [])],
      env: { ...process.env, ...env, ...(rss ? { DGPU_BENCH_RSS_FD: '3' } : {}) },
    });
    let stdout = '';
    let stderr = '';
    let rssOut = '';
    let wall = null;
    const timer = limitMs ? setTimeout(() => child.kill('SIGKILL'), limitMs) : null;
    child.stdout.on('data', (b) => {
      if (until === undefined || wall !== null) return;
      stdout += b;
      if (stdout.includes(until)) wall = elapsed();
    });
    child.stderr.on('data', (b) => (stderr += b));
    child.stdio[3]?.on('data', (b) => (rssOut += b));
    child.on('error', (error) => done({ ok: false, wall: elapsed(), stderr: error.message }));
    child.on('close', (code, signal) => {
      if (timer) clearTimeout(timer);
      const end = elapsed();
      const ok = code === 0 && (until === undefined || wall !== null);
      done({ ok, wall: until === undefined ? end : wall ?? end, killed: signal !== null, stderr, rssKiB: Number(rssOut.trim()) || null });
    });
  });
}


try {
  const lib = await importTs(work, [
    "export { benchHostSpec, realHostSpec } from './bench/host-spec.ts';",
    "export { bigDump } from './test/support/big-dump.ts';",
    "export { writeSysroot } from './test/support/sysroot.ts';",
    "export { parsedHost } from './test/support/real-hosts.ts';",
  ]);
  const real = lib.writeSysroot(join(work, 'real'), lib.realHostSpec(lib.parsedHost(HOST)));
  const big = lib.writeSysroot(join(work, 'big'), lib.benchHostSpec(N));
  const realN = lib.parsedHost(HOST).devices.length;
  console.log(`trees: ${HOST} (${realN} functions), ${N} functions; load average at start ${load()}`);

  const dgpu = (...a) => [process.execPath, ['dist/dgpu.cjs', ...a]];
  const lspci = (root) => ['lspci', ['-nnk', '-O', `sysfs.path=${root}/sys/bus/pci`]];
  const candidates = {
    [`dgpu scan --json, ${realN}`]: dgpu('scan', '--json', '--root', real),
    [`lspci -nnk, ${realN}`]: lspci(real),
    [`dgpu scan --json, ${N}`]: dgpu('scan', '--json', '--root', big),
    [`lspci -nnk, ${N}`]: lspci(big),
    [`syscall floor, ${realN}`]: [process.execPath, ['bench/floor.cjs', real]],
    [`syscall floor, ${N}`]: [process.execPath, ['bench/floor.cjs', big]],
    "node -e 0 (Node's start)": [process.execPath, ['-e', '0']],
    ...(process.env.BENCH_BASELINE ? {
      [`baseline scan --json, ${realN}`]: [process.execPath, [process.env.BENCH_BASELINE, 'scan', '--json', '--root', real]],
      [`baseline scan --json, ${N}`]: [process.execPath, [process.env.BENCH_BASELINE, 'scan', '--json', '--root', big]],
      'baseline setup, 1st screen': [process.execPath, [process.env.BENCH_BASELINE, 'setup', '--root', 'examples/host', '--dry-run'], { until: '\n? ' }],
    } : {}),
    'dgpu setup, 1st screen': [...dgpu('setup', '--root', 'examples/host', '--dry-run'), { until: '\n? ' }],
  };
  const active = {};
  for (const [name, [cmd, args, opts]] of Object.entries(candidates)) {
    const r = await timed(cmd, args, opts);
    if (r.ok) active[name] = { cmd, args, opts, walls: [] };
    else console.log(`skipped ${name}: ${r.stderr.trim().split('\n').pop()}`);
  }
  for (let i = 0; i < RUNS; i++) {
    for (const c of Object.values(active)) c.walls.push((await timed(c.cmd, c.args, c.opts)).wall); // alternating
  }

  const floor = active["node -e 0 (Node's start)"];
  if (!floor) throw new Error('node -e 0 failed');
  const base = median(floor.walls);
  console.log(`\n${RUNS} rounds, alternating; wall time median (min), and median / node -e 0:`);
  for (const [name, c] of Object.entries(active)) {
    console.log(`  ${name.padEnd(26)} ${ms(median(c.walls)).padStart(10)}  (${ms(Math.min(...c.walls))})  ${(median(c.walls) / base).toFixed(2)}×`);
  }
  const verdict = (ok) => (ok ? 'met' : 'MISSED');
  const check = (name, limit) => {
    const c = active[name];
    if (c) console.log(`  ${name}: ${(median(c.walls) / base).toFixed(2)}× Node's start (target ≤ ${limit}×: ${verdict(median(c.walls) / base <= limit)})`);
    else console.log(`  ${name}: did not run`);
  };
  console.log('\ntargets:');
  check(`dgpu scan --json, ${realN}`, 1.3);
  check(`dgpu scan --json, ${N}`, 1.6);
  const wizard = active['dgpu setup, 1st screen'];
  if (wizard) console.log(`  wizard's first screen: ${ms(median(wizard.walls))} (target ≤ 300 ms: ${verdict(median(wizard.walls) <= 300)})`);

  const bins = [['dgpu', 'dist/dgpu.cjs'], ...(process.env.BENCH_BASELINE ? [['baseline', process.env.BENCH_BASELINE]] : [])];
  for (const [who, bin] of bins) {
    for (const [name, root] of [[realN, real], [N, big]]) {
      const r = await timed(process.execPath, [bin, 'scan', '--json', '--root', root], { rss: true });
      const mb = r.rssKiB === null ? null : (r.rssKiB * 1024) / 1e6;
      const target = name === N && who === 'dgpu' ? ` (target < 80 MB: ${verdict(mb !== null && mb < 80)})` : '';
      console.log(`  peak RSS of ${who} scan --json, ${name} functions: ${mb === null ? 'unknown' : `${mb.toFixed(1)} MB`}${target}`);
    }
  }

  const listing = join(work, 'iommu-groups.txt');
  writeFileSync(listing, lib.bigDump('classic', FROM_N)); // the classic script's listing (bench/dump.mjs times every format)
  const from = [];
  let fromRss = null;
  for (let i = 0; i < FROM_RUNS; i++) {
    const r = await timed(process.execPath, ['dist/dgpu.cjs', 'scan', '--json', '--from', listing], { rss: true, limitMs: FROM_LIMIT_MS });
    if (!r.ok) {
      console.log(`  dgpu scan --from, ${FROM_N} functions: ${r.killed ? `over ${FROM_LIMIT_MS / 1000} s (stopped)` : `failed: ${r.stderr.trim().split('\n').pop()}`}`);
      break;
    }
    from.push(r.wall);
    fromRss = r.rssKiB;
  }
  if (from.length > 0) {
    const rss = fromRss === null ? '' : `, peak RSS ${((fromRss * 1024) / 1e6).toFixed(1)} MB`;
    console.log(`  dgpu scan --json --from, ${FROM_N}-function IOMMU group listing: ${ms(median(from))} (${from.length} runs${rss})`);
  }

  const bin = statSync('dist/dgpu.cjs').size;
  const cache = statSync('dist/dgpu.cjs.v8cache').size;
  const state = (await timed(process.execPath, ['dist/dgpu.cjs', '--version'], { env: { DGPU_CODE_CACHE: 'report' } })).stderr.trim();
  console.log(`\nthe bundle: dist/dgpu.cjs ${bin} B, its code cache ${cache} B (${state}); bytecode each command compiles, on examples/host:`);
  const attachXml = 'test/fixtures/vm/libvirt-macos-04-ultmos-domainExample-in.xml';
  for (const args of [['--version'], ['scan', '--json'], ['plan', '--gpu', 'auto'], ['vm', 'attach', '--xml', attachXml, '--gpu', '03:00.0', '--dry-run'], ['setup', '--dry-run']]) {
    const copy = join(work, `bin-${args[0]}`, 'dgpu.cjs');
    mkdirSync(join(copy, '..'));
    copyFileSync('dist/dgpu.cjs', copy);
    const r = await timed(process.execPath, [copy, ...args, ...(args[0] === '--version' ? [] : ['--root', 'examples/host'])], { env: { DGPU_CODE_CACHE: 'write' } });
    const size = r.ok ? statSync(`${copy}.v8cache`).size : null;
    console.log(`  dgpu ${args.slice(0, args[0] === 'vm' ? 2 : 1).join(' ').padEnd(10)} ${size === null ? 'failed' : `${String(size).padStart(7)} B`}`);
  }
  console.log(`\nload average at end ${load()}`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
