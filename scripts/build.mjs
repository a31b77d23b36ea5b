// dist/dgpu.cjs: one file, the bin, which also installs alone (README, "Install"): scripts/loader.cjs, then the
// bundled program with each line behind `//` in the body of a function, which the loader compiles with V8's code
// cache (dist/dgpu.cjs.v8cache, made here by running the bin once). Parsing a 380 kB bundle was most of the cost of a
// command above Node's own start; with the cache it is a deserialisation (bench/scan.mjs, docs/architecture.md
// "Start-up"). Splitting the bundle into chunks was measured before the cache: a few ms less on scan, more on
// plan and setup, and no longer one file. Then the man page and the shell completions, made by the bundle itself
// from its command tree (src/cli/man.ts, src/cli/completion.ts), so they match --help.
import { createHash } from 'node:crypto';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { build } from 'esbuild';

const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
const BIN = 'dist/dgpu.cjs';

// Builtins that cost a measurable part of the start to load and that most runs never call get a stand-in that
// loads them on first use. commander requires node:child_process at load, for executable subcommands, which dgpu
// has none of: it gets a Proxy. src/ imports node:tty for isatty alone (src/host/stdio.ts), and tty loads Node's
// net and stream modules: it gets a function that forwards (a name src/ imports that is not listed here fails
// the build, "No matching export").
const LAZY_FOR_SRC = { 'node:tty': ['isatty'] };
const lazyBuiltins = {
  name: 'lazy-builtins',
  setup(b) {
    b.onResolve({ filter: /^node:(child_process|tty)$/ }, (a) => {
      if (a.namespace === 'lazy') return undefined;
      if (a.path === 'node:child_process' && /[\\/]commander[\\/]/.test(a.importer)) return { path: a.path, namespace: 'lazy', pluginData: 'proxy' };
      if (LAZY_FOR_SRC[a.path] && /[\\/]src[\\/]/.test(a.importer)) return { path: a.path, namespace: 'lazy', pluginData: 'functions' };
      return undefined;
    });
    b.onLoad({ filter: /.*/, namespace: 'lazy' }, (a) => {
      const load = `let m; const load = () => (m ??= require(${JSON.stringify(a.path)}));\n`;
      const contents = a.pluginData === 'proxy'
        ? `${load}module.exports = new Proxy({}, { get: (_, k) => load()[k] });`
        : load + LAZY_FOR_SRC[a.path].map((f) => `export function ${f}(...args) { return load().${f}(...args); }`).join('\n');
      return { contents, loader: 'js' };
    });
  },
};

rmSync('dist', { recursive: true, force: true }); // nothing stale may ship
const result = await build({
  entryPoints: ['src/cli/main.ts'],
  bundle: true,
  write: false,
  outfile: 'program.cjs', // not written: the loader's file holds it
  platform: 'node',
  // a script, not a module: V8 takes a code cache for vm.Script; the loader runs it in the CommonJS wrapper
  format: 'cjs',
  target: 'node20',
  // import() inside a vm.Script needs a callback the loader has none of; every import is bundled or a builtin
  supported: { 'dynamic-import': false },
  define: { __DGPU_VERSION__: JSON.stringify(pkg.version) },
  plugins: [lazyBuiltins],
  legalComments: 'none',
  // a smaller program is a smaller cache to read, and the compile when there is none
  minify: true,
  logLevel: 'warning',
  metafile: process.env.BUILD_METAFILE !== undefined,
});
// which sources the bundle holds and their sizes
if (process.env.BUILD_METAFILE) writeFileSync(process.env.BUILD_METAFILE, JSON.stringify(result.metafile));

const program = result.outputFiles[0].text.replace(/\n$/, '');
// each program line goes behind `//`, which ends at any line terminator (ECMA-262 LineTerminator)
// ASCII, so the loader reads this file as latin1, a copy, and V8 keeps it in one byte a character
if (/[^\x00-\x7f]/.test(program)) throw new Error('the bundle is not ASCII: write a non-ASCII character in a regular expression as \\uXXXX');
if (/[\r\u2028\u2029]/.test(program)) throw new Error('the bundle has a line terminator other than \\n: it cannot sit behind //');
if (/\bimport\(/.test(program.replace(/"(?:[^"\\\n]|\\.)*"/g, ''))) throw new Error('the bundle has an import() the loader cannot run');
const id = createHash('sha256').update(program).digest('hex').slice(0, 16);
const loader = readFileSync('scripts/loader.cjs', 'utf8').replaceAll('@VERSION@', pkg.version).replaceAll('@BUILD@', id);
// the program is the body of a function the loader reads with Function.prototype.toString; `program` is hoisted
const open = 'function program() {\n//@@program\n';
const head = loader.replace("Number('@LINES@')", String(`${loader}${open}`.split('\n').length - 1));
mkdirSync('dist', { recursive: true });
writeFileSync(BIN, `${head}${open}${program.split('\n').map((l) => `//${l}`).join('\n')}\n}\n`, { mode: 0o755 });

const run = (args, env = {}) => execFileSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: { ...process.env, ...env } });
// The code cache: V8 serialises what it compiled in this run, so a run of `scan` gives the top level, commander
// and what every command shares, and scan's own functions; a command's other functions compile as they run.
run(['scan', '--json', '--root', 'examples/host'], { DGPU_CODE_CACHE: 'write' });
const check = spawnSync(process.execPath, [BIN, '--version'], { encoding: 'utf8', env: { ...process.env, DGPU_CODE_CACHE: 'report' } });
if (!check.stderr.includes('code cache used')) {
  // only slower without it: ship none rather than one this Node refuses
  rmSync(`${BIN}.v8cache`, { force: true });
  process.stderr.write(`warning: the code cache just made is not used (${check.stderr.trim()}); dist/ ships without one\n`);
}
writeFileSync('dist/dgpu.8', run(['man']));
mkdirSync('dist/completions', { recursive: true });
writeFileSync('dist/completions/dgpu.bash', run(['completion', 'bash']));
writeFileSync('dist/completions/_dgpu', run(['completion', 'zsh']));
writeFileSync('dist/completions/dgpu.fish', run(['completion', 'fish']));
