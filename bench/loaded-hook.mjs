// Loaded with `node --import` into a measured child: registers a module hook that appends the URL of every
// module the child loads to $DGPU_BENCH_LOADED, so the benchmark can sum the bytes of dist/ each command loads.
import { register } from 'node:module';

if (process.env.DGPU_BENCH_LOADED) register('./loaded-hook.mjs', import.meta.url);

export async function load(url, context, next) {
  if (url.startsWith('file:')) (await import('node:fs')).appendFileSync(process.env.DGPU_BENCH_LOADED, `${url}\n`);
  return next(url, context);
}
