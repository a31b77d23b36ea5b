// Every posted-dump format reads in time linear in its size: 60,000 functions take about
// ten times as long as 6,000, not a hundred. Measured as a ratio, so a slow shared 2-core machine passes the
// same; the absolute figure is `npm run bench` (bench/dump.mjs).
import { describe, expect, it } from 'vitest';
import { importDump } from '../../../src/core/dump/parse-dump.js';
import { BIG_DUMP_FORMATS, bigDump } from '../../support/big-dump.js';

function fastest(text: string, runs: number): number {
  let best = Infinity;
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    importDump(text);
    best = Math.min(best, performance.now() - t);
  }
  return best;
}

describe('dump reading time', () => {
  it.each(BIG_DUMP_FORMATS)('%s: 60,000 functions within 40 times the time of 6,000', (format) => {
    const small = bigDump(format, 6_000);
    const large = bigDump(format, 60_000);
    expect(importDump(large).host.devices).toHaveLength(60_000); // also warms the JIT
    const ratio = fastest(large, 2) / fastest(small, 5);
    // linear gives ~10, the old quadratic listing reader ~100 (6,000 in 1.1 s, 24,000 in 25 s); 40 leaves room for
    // garbage collection and for the other test files running beside this one on a 2-core machine
    expect(ratio).toBeLessThan(40);
  }, 90_000);
});
