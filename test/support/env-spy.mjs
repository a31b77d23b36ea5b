// Preloaded with `node --import`: records every environment variable the process reads and prints the names on
// exit (stderr, `ENVREAD a,b,c`). @clack/prompts reads TERM when its module is evaluated; dgpu's own code does not,
// so TERM in the list means clack was evaluated.
const seen = new Set();
process.env = new Proxy(process.env, {
  get(target, key) {
    if (typeof key === 'string') seen.add(key);
    return Reflect.get(target, key);
  },
});
process.on('exit', () => process.stderr.write(`ENVREAD ${[...seen].sort().join(',')}\n`));
