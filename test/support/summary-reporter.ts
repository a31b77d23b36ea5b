// Prints one plain closing line, `vitest: N passed, N failed[, N skipped]`, after vitest's own summary, so a
// CI that reads closing lines (not vitest's coloured table) sees how many tests ran.
import type { Reporter, TestModule } from 'vitest/node';

export class SummaryReporter implements Reporter {
  onTestRunEnd(modules: ReadonlyArray<TestModule>): void {
    const count = { passed: 0, failed: 0, skipped: 0 };
    for (const m of modules) {
      for (const t of m.children.allTests()) {
        const state = t.result().state;
        if (state === 'passed') count.passed++;
        else if (state === 'failed') count.failed++;
        else count.skipped++;
      }
    }
    const skipped = count.skipped > 0 ? `, ${count.skipped} skipped` : '';
    process.stdout.write(`\nvitest: ${count.passed} passed, ${count.failed} failed${skipped}\n`);
  }
}
