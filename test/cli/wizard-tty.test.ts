// `dgpu setup` end to end in a real pseudo-terminal (tmux): each screen appears, the keys pick and confirm, and
// the tree ends exactly as `dgpu apply --gpu 03:00.0 --yes` leaves it; Ctrl-C writes nothing. Without a terminal:
// the refusal with the equivalent commands, and `npm start`'s dry-run walk-through.
import { execFile, execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { hasTmux, openPane as open, type Pane } from '../support/tmux.js';
import { tree } from '../support/tree.js';
import { BIN, dgpuAsync } from '../support/cli.js';


/** A pane closed when the test ends (each on a tmux server of its own, so tests run side by side). */
function openPane(...args: Parameters<typeof open>): Pane {
  const pane = open(...args);
  onTestFinished(() => pane.close());
  return pane;
}

function copyOfExample(): string {
  const dir = mkdtempSync(join(tmpdir(), 'dgpu-wizard-'));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  const root = join(dir, 'host');
  cpSync('examples/host', root, { recursive: true, verbatimSymlinks: true });
  return root;
}

const run = (args: string[], cwd?: string) => dgpuAsync(args, { cwd });

const tty = describe.skipIf(!hasTmux());

tty('dgpu setup on a terminal (tmux)', () => {
  it('walks the screens and leaves the tree as `dgpu apply --gpu 03:00.0 --yes` does', async () => {
    const root = copyOfExample();
    const pane = openPane(`node ${BIN} setup --root ${root}`);
    await pane.waitFor('proposed guest GPU: 03:00.0');
    const choice = await pane.waitFor(/Which GPU goes to the guest\?[\s\S]*↑\/↓/);
    expect(choice).toMatch(/○ 00:02\.0 {2}Intel Corporation AlderLake-S GT1 {2}\[boot GPU\]/); // names as lspci prints them
    expect(choice).toMatch(/● 03:00\.0 {2}Advanced Micro Devices, Inc\. \[AMD\/ATI\] Navi 21/); // preselected
    pane.send('Enter');
    await pane.waitFor('macOS: Navi 21: macOS 11 – 26');
    const plan = await pane.waitFor(/Apply these changes\?/);
    expect(plan).toMatch(/^│ *\+\+\+ b\/etc\//m);
    pane.send('y');
    expect(await pane.exitCode()).toBe(0);
    const screen = pane.screen();
    const id = /transaction (\d{8}T\d{9}Z-[0-9a-f]{6})/.exec(screen)?.[1];
    expect(id, screen).toBeDefined();
    expect(screen).toContain(`dgpu rollback ${id} --root ${root}`);
    expect(screen).toContain(`dgpu verify --gpu 03:00.0 --root ${root}`);
    expect(readdirSync(join(root, 'var/lib/dgpu/transactions'))).toEqual([id]);

    const byCli = copyOfExample();
    execFileSync('node', [BIN, 'apply', '--gpu', '03:00.0', '--yes', '--root', byCli], { stdio: 'pipe' });
    expect(tree(join(root, 'etc'))).toEqual(tree(join(byCli, 'etc')));
    expect(tree(root, ['var/lib/dgpu'])).toEqual(tree(byCli, ['var/lib/dgpu']));
    expect(tree(join(root, 'etc'))).not.toEqual(tree('examples/host/etc'));
  });

  const GPU_SCREEN = /Which GPU goes to the guest\?[\s\S]*↑\/↓/;
  it.each<[string, RegExp[]]>([
    ['the GPU choice', [GPU_SCREEN]],
    ['the apply confirm', [GPU_SCREEN, /Apply these changes\?/]],
  ])('Ctrl-C at %s: "cancelled, nothing written", exit 130, tree unchanged', async (_, screens) => {
    const root = copyOfExample();
    const before = tree(root);
    const pane = openPane(`node ${BIN} setup --root ${root}`);
    for (const [i, screen] of screens.entries()) {
      await pane.waitFor(screen);
      pane.send(i === screens.length - 1 ? 'C-c' : 'Enter');
    }
    expect(await pane.exitCode()).toBe(130);
    expect(pane.screen()).toContain('cancelled, nothing written');
    expect(tree(root)).toEqual(before);
  });

  it('the bundle evaluates @clack/prompts for setup only, never for scan', async () => {
    const spy = resolve('test/support/env-spy.mjs');
    const pane = openPane(`node --import ${spy} ${BIN} setup --root examples/host --dry-run`, { cwd: resolve('.') });
    await pane.waitFor(/Which GPU goes to the guest\?[\s\S]*↑\/↓/);
    pane.send('C-c');
    const withClack = await pane.waitFor(/ENVREAD .*/);
    expect(/ENVREAD (.*)/.exec(withClack)![1]!.split(',')).toContain('TERM'); // the marker works
    const r = await new Promise<string>((done) =>
      execFile('node', ['--import', spy, BIN, 'scan', '--root', 'examples/host'], { encoding: 'utf8' }, (_e, _o, stderr) => done(stderr)));
    expect(/ENVREAD (.*)/.exec(r)![1]!.split(',')).not.toContain('TERM');
  });
});

describe('dgpu setup without a terminal', () => {
  it('refuses with exit 2 and prints the equivalent commands, writing nothing', async () => {
    const root = copyOfExample();
    const before = tree(root);
    const r = await run(['setup', '--root', root]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/dgpu setup needs a terminal/);
    for (const c of [`dgpu plan --gpu 03:00.0 --root ${root}`, `dgpu apply --gpu 03:00.0 --yes --root ${root}`,
      `dgpu verify --gpu 03:00.0 --root ${root}`, `dgpu vm attach NAME --gpu 03:00.0 --yes --root ${root}`]) {
      expect(r.stdout).toContain(c);
    }
    expect(tree(root)).toEqual(before);
  });

  it('`npm start` (setup --dry-run on examples/host) prints the walk-through and exits 0', async () => {
    const start = (JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: { start: string } }).scripts.start;
    const m = /^npm run build --silent && node dist\/dgpu\.cjs (.*)$/.exec(start);
    expect(m, start).not.toBeNull();
    const before = tree('examples/host');
    const r = await run(m![1]!.split(' ')); // the command after the build, not the build: other tests run the bundle
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('proposed guest GPU: 03:00.0');
    expect(r.stdout).toContain('macOS: Navi 21: macOS 11 – 26');
    expect(r.stdout).toMatch(/^ *\+\+\+ b\/etc\//m);
    expect(r.stdout).toMatch(/dry run: would write \d+ files?/);
    expect(r.stdout).toContain('dgpu apply --gpu 03:00.0 --yes --root examples/host');
    expect(r.stdout).toContain('dgpu vm attach NAME --gpu 03:00.0 --yes --root examples/host');
    expect(tree('examples/host')).toEqual(before);
  });
});
