// Loaded with `node --import` into a measured child: reports its peak resident set (KiB) on exit, so the
// benchmark needs no /usr/bin/time.
import { writeSync } from 'node:fs';
process.on('exit', () => {
  if (process.env.DGPU_BENCH_RSS_FD) writeSync(Number(process.env.DGPU_BENCH_RSS_FD), `${process.resourceUsage().maxRSS}\n`);
});
