// The bin's loader (scripts/loader.cjs, put in front of the bundled program by scripts/build.mjs): it runs the
// program with V8's code cache when the cache fits, and the same program without it when the cache is missing,
// from another build, refused by V8 or turned off; stack traces keep the file's own line numbers.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN } from '../support/cli.js';
import { exampleRoot, tempDir, treesForThisFile } from '../core/plan/support.js';

const { cleanups } = treesForThisFile();
const CACHE = `${BIN}.v8cache`;
const MARKER = '//@@program';

function run(bin: string, args: string[], env: Record<string, string> = {}) {
  return spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', env: { ...process.env, ...env } });
}

/** The bin copied alone into a fresh directory, under `name`. */
function copied(name = 'dgpu.cjs'): string {
  const dir = tempDir('dgpu-loader-');
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  const bin = join(dir, name);
  copyFileSync(BIN, bin);
  return bin;
}

describe('the code cache', () => {
  const root = exampleRoot();
  cleanups.push(root.cleanup);
  const scan = ['scan', '--json', '--root', root.root];
  const reference = run(BIN, scan, { DGPU_CODE_CACHE: 'off' });

  it('the build made one, and the bin uses it', () => {
    expect(existsSync(CACHE)).toBe(true);
    const r = run(BIN, scan, { DGPU_CODE_CACHE: 'report' });
    expect(r.stderr).toBe('dgpu: code cache used\n');
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(reference.stdout);
    expect(reference.status).toBe(0);
    expect(JSON.parse(reference.stdout).devices.length).toBeGreaterThan(0);
  });

  it.each<[string, (bin: string) => void, string]>([
    ['missing', () => {}, 'absent'],
    ['from another build', (bin) => writeFileSync(`${bin}.v8cache`, Buffer.concat([Buffer.from('dgpu v8cache 0000000000000000\n'), readFileSync(CACHE).subarray(30)])), 'from another build'],
    ['of this build but damaged', (bin) => {
      const bytes = readFileSync(CACHE);
      const tag = bytes.indexOf(10) + 1;
      writeFileSync(`${bin}.v8cache`, Buffer.concat([bytes.subarray(0, tag), Buffer.alloc(4096, 0xa5)]));
    }, 'rejected by this V8'],
  ])('a cache %s: the program runs without it, with the same output', (_name, setup, state) => {
    const bin = copied();
    setup(bin);
    const r = run(bin, scan, { DGPU_CODE_CACHE: 'report' });
    expect(r.stderr).toBe(`dgpu: code cache ${state}\n`);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(reference.stdout);
  });

  it('DGPU_CODE_CACHE=off leaves it unread; =write makes one that the next run uses', () => {
    expect(run(BIN, ['--version'], { DGPU_CODE_CACHE: 'report' }).stderr).toBe('dgpu: code cache used\n');
    expect(run(BIN, ['--version'], { DGPU_CODE_CACHE: 'off' }).stderr).toBe('');
    const bin = copied();
    expect(run(bin, scan, { DGPU_CODE_CACHE: 'write' }).status).toBe(0);
    expect(readFileSync(`${bin}.v8cache`).subarray(0, 30)).toEqual(readFileSync(CACHE).subarray(0, 30)); // same build's tag
    const r = run(bin, scan, { DGPU_CODE_CACHE: 'report' });
    expect(r.stderr).toBe('dgpu: code cache used\n');
    expect(r.stdout).toBe(reference.stdout);
  });
});

describe('the bin file', () => {
  const text = readFileSync(BIN, 'latin1');
  const lines = text.split('\n');
  const at = lines.indexOf(MARKER);

  it('is the loader, then a function whose body is one marker line and the program with every line behind //; all ASCII', () => {
    expect(lines[0]).toBe('#!/usr/bin/env node');
    expect(lines.filter((l) => l === MARKER)).toHaveLength(1);
    expect(at).toBeGreaterThan(5);
    expect(at).toBeLessThan(100); // the loader is a few lines; the program is the rest
    expect(lines[at - 1]).toBe('function program() {');
    expect(lines.slice(at + 1, -2).every((l) => l.startsWith('//'))).toBe(true);
    expect(lines.slice(-2)).toEqual(['}', '']);
    expect(/^[\x00-\x7f]*$/.test(text)).toBe(true);
  });

  it.each<[string, (l: string[]) => string[], RegExp]>([
    ['without its marker line', (l) => l.filter((x) => x !== MARKER), /has no program after its loader: the file is damaged; reinstall dgpu/],
    // no longer valid JavaScript: Node.js says so before the loader runs
    ['cut short (no closing brace)', (l) => l.slice(0, -2).concat(''), /SyntaxError/],
  ])('a damaged file, %s, stops with a message, not a wrong program', (_name, damage, message) => {
    const bin = copied();
    writeFileSync(bin, damage(lines).join('\n'));
    const r = run(bin, ['--version'], { DGPU_CODE_CACHE: 'off' });
    expect(r.status).not.toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(message);
  });

  it("a stack trace names the file's own line", () => {
    // a copy whose program throws on its first line: the trace must point at that line of the file
    const bin = copied();
    writeFileSync(bin, [...lines.slice(0, at + 1), '//throw new Error("probe");', ...lines.slice(at + 1)].join('\n'));
    const r = run(bin, ['--version'], { DGPU_CODE_CACHE: 'off' });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain('Error: probe');
    expect(r.stderr).toContain(`${bin}:${at + 2}`);
  });

  it('runs installed alone under a name without an extension, as README "Install" does', () => {
    const bin = copied('dgpu');
    const r = spawnSync(bin, ['--version'], { encoding: 'utf8', env: { ...process.env, PATH: `${join(process.execPath, '..')}:/usr/bin:/bin` } });
    expect(r.stderr).toBe('');
    expect(r.stdout.trim()).toBe(JSON.parse(readFileSync('package.json', 'utf8')).version);
  });
});
