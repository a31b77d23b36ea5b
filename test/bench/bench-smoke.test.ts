// `npm run bench` stays runnable: both scripts, on small trees, once each. Nothing here is timed (the figures
// are for the bench's own output); what is checked is that every row ran and the bin used its code cache.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

const small = { BENCH_RUNS: '1', BENCH_FUNCTIONS: '50', BENCH_FROM_FUNCTIONS: '500', BENCH_FROM_RUNS: '1', BENCH_DUMP_FUNCTIONS: '500' };
const bench = (script: string) => spawnSync(process.execPath, [script], { encoding: 'utf8', env: { ...process.env, ...small } });

describe('npm run bench, small', () => {
  it('bench/scan.mjs: every row ran, every target was judged, the bundle used its cache', () => {
    const r = bench('bench/scan.mjs');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).not.toMatch(/skipped|failed|did not run|unknown/);
    for (const row of ['dgpu scan --json, 148', 'dgpu scan --json, 50', 'lspci -nnk, 148', 'syscall floor, 50', "node -e 0 (Node's start)", 'dgpu setup, 1st screen']) {
      expect(r.stdout).toMatch(new RegExp(`\\n  ${row.replace(/[()]/g, '\\$&')} +[\\d.]+ ms`));
    }
    expect(r.stdout.match(/target [^)]*: (met|MISSED)\)/g)).toHaveLength(4);
    expect(r.stdout).toContain('(dgpu: code cache used)');
    for (const cmd of ['--version', 'scan', 'plan', 'vm attach', 'setup']) expect(r.stdout).toMatch(new RegExp(`dgpu ${cmd} +\\d+ B`));
    expect(r.stdout).toMatch(/--from, 500-function IOMMU group listing: [\d.]+ ms/);
  });

  it('bench/dump.mjs: every format read, in-process and end to end', () => {
    const r = bench('bench/dump.mjs');
    expect(r.status).toBe(0);
    expect(r.stdout.match(/importDump +\d+ ms +dgpu scan --json --from +\d+ ms/g)).toHaveLength(6);
  });
});
