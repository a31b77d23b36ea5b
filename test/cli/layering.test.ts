// The layers of docs/architecture.md plus the application layer: src/cli parses flags, prints, asks and exits, and reaches the
// machine only through the use cases of src/app; src/app and src/host never reach back up; nothing imports in a
// circle (the wizard included).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cycles, importsOf, sources } from '../support/imports.js';

const layer = (dir: string) => sources(dir).map((f) => ({ f, imports: importsOf(f) }));

describe('layering', () => {
  const cli = layer('src/cli');

  it('src/cli has its commands and the wizard folder', () => {
    expect(cli.length).toBeGreaterThan(15);
    expect(cli.some(({ f }) => f.startsWith('src/cli/wizard/'))).toBe(true);
  });

  it('src/cli reads no file itself: no node:fs, node:child_process', () => {
    const offenders = cli.filter(({ imports }) => imports.some((i) => /^node:(fs|fs\/promises|child_process)$/.test(i.spec))).map(({ f }) => f);
    expect(offenders).toEqual([]);
  });

  it('src/cli reaches the host only through src/app', () => {
    const offenders = cli.flatMap(({ f, imports }) => imports.filter((i) => i.target?.startsWith('src/host/')).map((i) => `${f} → ${i.spec}`));
    expect(offenders).toEqual([]);
  });

  it.each([['src/app', /^src\/cli\//], ['src/host', /^src\/(cli|app)\//]])('%s does not import the layers above it', (dir, above) => {
    const offenders = layer(dir).flatMap(({ f, imports }) => imports.filter((i) => i.target !== null && above.test(i.target)).map((i) => `${f} → ${i.spec}`));
    expect(offenders).toEqual([]);
  });

  it('the cycle finder sees a cycle through a dynamic import, and not through a type-only one', () => {
    const d = mkdtempSync(join(tmpdir(), 'dgpu-cycles-'));
    writeFileSync(join(d, 'a.ts'), "import { b } from './b.js';\nimport type { C } from './c.js';\n");
    writeFileSync(join(d, 'b.ts'), "export const b = () => import('./a.js');\n");
    writeFileSync(join(d, 'c.ts'), "import './a.js';\n");
    expect(cycles(sources(d)).map((c) => c.map((f) => f.slice(d.length + 1)))).toEqual([['a.ts', 'b.ts', 'a.ts']]);
  });

  it('no import cycles in src', () => {
    expect(cycles(sources('src'))).toEqual([]);
  });
});
