// The command-line contract and the package: a cancelled question is 130 and writes nothing, every
// command's --help has examples, the man page renders, the completions complete, and `npm pack` gives a package
// that installs and runs from PATH with no node_modules beside it.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tree } from '../support/tree.js';
import { BIN, dgpu } from '../support/cli.js';
import { hasTmux, openPane } from '../support/tmux.js';
import { exampleRoot, tempDir, treesForThisFile } from '../core/plan/support.js';

const { cleanups } = treesForThisFile();
const example = () => {
  const r = exampleRoot();
  cleanups.push(r.cleanup);
  return r.root;
};
const DOMAIN = readFileSync('test/fixtures/vm/libvirt-macos-04-ultmos-domainExample-in.xml', 'utf8');

describe.runIf(hasTmux())('a question answered by Ctrl-C, Esc or a closed stdin', () => {
  const cases: Array<[string, (dir: string, root: string) => string]> = [
    ['apply', (_d, r) => `node ${BIN} apply --gpu 03:00.0 --root ${r}`],
    ['vm attach', (d, r) => `node ${BIN} vm attach --xml ${join(d, 'in.xml')} --gpu 03:00.0 --root ${r}`],
  ];
  it.each(cases)('%s: Ctrl-C at the y/N question exits 130 with "cancelled", nothing written', async (_name, command) => {
    const r = example();
    const d = tempDir('dgpu-cancel-');
    writeFileSync(join(d, 'in.xml'), DOMAIN);
    const before = { root: tree(r), dir: tree(d) };
    const pane = openPane(command(d, r));
    try {
      await pane.waitFor('[y/N]');
      pane.send('C-c');
      expect(await pane.exitCode()).toBe(130);
      expect(pane.screen()).toMatch(/dgpu: cancelled; nothing was changed/);
      expect(pane.screen()).not.toMatch(/internal error/);
    } finally {
      pane.close();
    }
    expect({ root: tree(r), dir: tree(d) }).toEqual(before);
  });

  it('apply: Ctrl-D (stdin closed) at the question is a cancel too', async () => {
    const r = example();
    const before = tree(r);
    const pane = openPane(`node ${BIN} apply --gpu 03:00.0 --root ${r}`);
    try {
      await pane.waitFor('[y/N]');
      pane.send('C-d');
      expect(await pane.exitCode()).toBe(130);
    } finally {
      pane.close();
    }
    expect(tree(r)).toEqual(before);
  });
});

describe('help, man page and completions from one source', () => {
  const commands = [['scan'], ['groups'], ['snapshot'], ['plan'], ['apply'], ['verify'], ['rollback'], ['vm', 'attach'], ['report'], ['setup'], ['completion']];
  it.each(commands)('dgpu %s --help has examples and states no empty default', (...words) => {
    const r = dgpu([...words, '--help']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/\nExamples:\n {2}\$ (sudo )?dgpu /);
    expect(r.stdout).not.toContain('(default: [])');
  });

  it('dgpu --help lists the exit statuses; --version is package.json\'s', () => {
    const r = dgpu(['--help']);
    expect(r.stdout).toMatch(/Exit status:\n\s+0 {2}success/);
    expect(r.stdout).toMatch(/130 {2}cancelled/);
    expect(dgpu(['--version']).stdout.trim()).toBe(JSON.parse(readFileSync('package.json', 'utf8')).version);
  });

  it('man -l renders dgpu(8) with its commands, EXAMPLES, EXIT STATUS, ENVIRONMENT and FILES', () => {
    const text = execFileSync('man', ['-l', '-P', 'cat', 'dist/dgpu.8'], { encoding: 'utf8', env: { ...process.env, MANWIDTH: '100' } });
    for (const heading of ['NAME', 'SYNOPSIS', 'COMMANDS', 'EXAMPLES', 'EXIT STATUS', 'ENVIRONMENT', 'FILES']) expect(text).toMatch(new RegExp(`^${heading}$`, 'm'));
    for (const name of ['NO_COLOR', 'DGPU_PROGRESS', 'DGPU_DEBUG', 'DGPU_CODE_CACHE']) expect(text).toContain(name);
    expect(text).toContain('dgpu vm attach [domain]');
    expect(text).toContain('--allow-boot-gpu');
  });

  it('bash completion completes commands, vm attach, options and --input choices', () => {
    const complete = (words: string[]) => execFileSync('bash', ['-c',
      `. dist/completions/dgpu.bash; COMP_WORDS=(${words.map((w) => `'${w}'`).join(' ')}); COMP_CWORD=${words.length - 1}; _dgpu; printf '%s\\n' "\${COMPREPLY[@]}"`], { encoding: 'utf8' }).trim().split('\n');
    expect(complete(['dgpu', 'sc'])).toEqual(['scan']);
    expect(complete(['dgpu', 'vm', ''])).toEqual(['attach']);
    expect(complete(['dgpu', 'vm', 'attach', '--in'])).toEqual(['--input']);
    expect(complete(['dgpu', 'vm', 'attach', '--input', ''])).toEqual(['usb', 'evdev', 'keep']);
    expect(complete(['dgpu', 'plan', '--allow'])).toEqual(['--allow-boot-gpu']);
  });

  it('the zsh script loads in zsh, the fish script names every command', () => {
    const fish = readFileSync('dist/completions/dgpu.fish', 'utf8');
    for (const c of ['scan', 'groups', 'plan', 'apply', 'verify', 'rollback', 'vm', 'report', 'setup', 'snapshot']) expect(fish).toContain(`-a ${c} `);
    const zsh = spawnSync('zsh', ['-c', '. dist/completions/_dgpu && whence -w _dgpu'], { encoding: 'utf8' });
    if (zsh.error === undefined) expect(zsh.stdout).toContain('_dgpu: function');
  });
});

describe('the package', () => {
  it('npm pack holds the bundle, the man page, the completions, the schemas and the licence; no sources, no runtime dependencies', () => {
    const [info] = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { encoding: 'utf8' })) as Array<{ files: Array<{ path: string }> }>;
    const files = info!.files.map((f) => f.path).sort();
    for (const f of ['dist/dgpu.cjs', 'dist/dgpu.cjs.v8cache', 'dist/dgpu.8', 'dist/completions/dgpu.bash', 'dist/completions/_dgpu', 'dist/completions/dgpu.fish', 'LICENSE', 'README.md', 'package.json', 'schemas/scan.schema.json']) {
      expect(files).toContain(f);
    }
    expect(files.filter((f) => f.startsWith('src/') || f.startsWith('test/'))).toEqual([]);
    // one JavaScript file, which also installs alone (README, "Install"), and its code cache
    expect(files.filter((f) => /\.(m?js|cjs)$/.test(f))).toEqual(['dist/dgpu.cjs']);
    expect(JSON.parse(readFileSync('package.json', 'utf8')).dependencies ?? {}).toEqual({});
  });

  it('installs globally into a prefix and runs from PATH with no node_modules beside it', () => {
    const d = tempDir('dgpu-pack-');
    execFileSync('npm', ['pack', '--ignore-scripts', '--pack-destination', d], { stdio: 'ignore' });
    const tgz = readdirSync(d).find((f) => f.endsWith('.tgz'))!;
    execFileSync('npm', ['install', '-g', '--prefix', join(d, 'prefix'), '--offline', '--no-audit', '--no-fund', join(d, tgz)], { stdio: 'ignore' });
    const env = { ...process.env, PATH: `${join(d, 'prefix/bin')}:/usr/bin:/bin` };
    const version = execFileSync('dgpu', ['--version'], { env, encoding: 'utf8', cwd: d });
    expect(version.trim()).toBe(JSON.parse(readFileSync('package.json', 'utf8')).version);
    expect(execFileSync('dgpu', ['--help'], { env, encoding: 'utf8', cwd: d })).toContain('Usage: dgpu');
    expect(existsSync(join(d, 'prefix/lib/node_modules/dgpu/node_modules'))).toBe(false);
    expect(existsSync(join(d, 'prefix/share/man/man8/dgpu.8'))).toBe(true);
  });
});
