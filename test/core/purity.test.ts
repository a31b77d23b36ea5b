// docs/architecture.md: src/core is pure — no filesystem, no child processes, no `process`, no clock. Side effects live in
// src/host (each taking `root`) and src/cli. This keeps the planner a function of the Host it is given.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []);
}

const FORBIDDEN: Array<[string, RegExp]> = [
  ['a node: module other than node:path', /from ['"]node:(?!path['"])[^'"]+['"]|import\(['"]node:(?!path['"])/],
  ['process', /\bprocess\./],
  ['the clock', /\bDate\.now\(|\bnew Date\(\s*\)|performance\.now\(/],
  ['src/host, src/app or src/cli', /from ['"](\.\.\/)+(host|app|cli)\//],
];

describe('src/core is pure', () => {
  const files = sources('src/core');

  it('has modules to check', () => {
    expect(files.length).toBeGreaterThan(40);
  });

  it.each(FORBIDDEN)('no file uses %s', (_what, pattern) => {
    const offenders = files.filter((f) => pattern.test(readFileSync(f, 'utf8')));
    expect(offenders).toEqual([]);
  });
});
