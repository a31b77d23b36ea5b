// dist/ is the installable artefact (package.json "files" and "bin"): the bundle dist/dgpu.cjs, its man page and
// completions. The packed package, unpacked elsewhere, must run every command path from its own files: anything
// left out of "files" or loaded from outside dist/ fails here.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BIN } from '../support/cli.js';

const work = mkdtempSync(join(tmpdir(), 'dgpu-pack-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function unpacked(): string {
  const [packed] = JSON.parse(execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', work], { encoding: 'utf8' })) as Array<{ filename: string }>;
  execFileSync('tar', ['-xzf', join(work, packed!.filename), '-C', work]);
  return join(work, 'package');
}

describe('the packed package', () => {
  const pkg = unpacked();
  const bin = join(pkg, (JSON.parse(readFileSync(join(pkg, 'package.json'), 'utf8')) as { bin: { dgpu: string } }).bin.dgpu);
  const run = (file: string, args: string[]) => spawnSync('node', [file, ...args], { cwd: resolve('.'), encoding: 'utf8' });

  it('holds dist/ as built: the bundle, the man page and the completions', () => {
    const list = (dir: string) => readdirSync(dir, { recursive: true }).map(String).sort();
    expect(list(join(pkg, 'dist'))).toEqual(list('dist'));
    expect(list('dist').length).toBeGreaterThan(1);
  });

  it.each([
    [['scan', '--json', '--root', 'examples/host']],
    [['plan', '--gpu', 'auto', '--root', 'examples/host']],
    [['vm', 'attach', '--xml', 'test/fixtures/vm/libvirt-macos-04-ultmos-domainExample-in.xml', '--gpu', '03:00.0', '--dry-run', '--root', 'examples/host']],
    [['setup', '--dry-run', '--root', 'examples/host']],
    [['report', '--out', '-', '--root', 'examples/host']],
  ])('runs dgpu %j from its own files, as the built bin does', (args) => {
    const fromPack = run(bin, args);
    expect(fromPack.stderr).toBe(run(BIN, args).stderr);
    expect(fromPack.status).toBe(0);
    expect(fromPack.stdout).toBe(run(BIN, args).stdout);
  });
});
