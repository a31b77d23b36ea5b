// One path per use case: the command (the built CLI) and the wizard's steps (src/cli/wizard/steps.ts over
// src/app) on the same tree give the same plan, the same refusals and the same exit codes; the cases that once took two paths
// (vm attach --gpu auto and the boot-GPU guard, verify and plan without --gpu after apply, --out always written,
// snapshots read-only) and "the host is read once per run".
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openContext } from '../../src/app/context.js';
import { planPassthroughUse } from '../../src/app/passthrough.js';
import { DgpuError } from '../../src/core/errors.js';
import { planToJson } from '../../src/core/plan/plan.js';
import { runWizard } from '../../src/cli/wizard/conversation.js';
import { plainUi } from '../../src/cli/wizard/plain-ui.js';
import { appSteps } from '../../src/cli/wizard/steps.js';
import { readHost } from '../../src/host/sysfs-reader.js';
import { tree } from '../support/tree.js';
import { dgpu, exampleRoot, tempDir } from '../core/plan/support.js';

const DOMAIN = readFileSync('test/fixtures/vm/libvirt-macos-04-ultmos-domainExample-in.xml', 'utf8');
const cleanups: Array<() => void> = [];
afterAll(() => cleanups.forEach((c) => c()));

function example(): string {
  const r = exampleRoot();
  cleanups.push(r.cleanup);
  return r.root;
}

/** examples/host with the IOMMU off: no groups at all. */
function iommuOff(): string {
  const root = example();
  rmSync(join(root, 'sys/kernel/iommu_groups'), { recursive: true, force: true });
  for (const link of execFileSync('find', [join(root, 'sys/devices'), '-name', 'iommu_group'], { encoding: 'utf8' }).split('\n').filter(Boolean)) rmSync(link);
  return root;
}

function scratch(): string {
  const d = tempDir('dgpu-app-');
  cleanups.push(() => rmSync(d, { recursive: true, force: true }));
  return d;
}

/** What the wizard's step throws: exit code and message, as the CLI boundary prints them. */
async function refusal(work: () => Promise<unknown>): Promise<{ status: number; message: string }> {
  try {
    await work();
  } catch (e) {
    if (e instanceof DgpuError) return { status: e.exitCode, message: e.message };
    throw e;
  }
  throw new Error('no refusal');
}

const cliRefusal = (args: string[]) => {
  const r = dgpu(args);
  return { status: r.status, message: /^dgpu: (.*)$/m.exec(r.stderr)?.[1] ?? r.stderr };
};

describe('the command and the wizard take one path', () => {
  it('plan: the same changes and commands', async () => {
    const root = example();
    const cli = JSON.parse(dgpu(['plan', '--gpu', '03:00.0', '--root', root, '--json']).stdout);
    const ctx = await openContext(root);
    const plan = await appSteps(ctx, 'test:///default').plan({ gpu: '0000:03:00.0', also: [], allowBootGpu: false, entries: [] });
    ctx.close();
    const own = planToJson(plan);
    expect(cli.changes).toEqual(own.changes);
    expect(cli.commands).toEqual(own.commands);
    expect(cli.changes.length).toBeGreaterThan(0);
  });

  it.each([
    ['the boot GPU without --allow-boot-gpu', example, '00:02.0', 2, /is the boot GPU/],
    ['a GPU the host does not have', example, '0a:00.0', 2, /not a GPU on this host/],
    ['the IOMMU off', iommuOff, '03:00.0', 3, /the IOMMU is off/],
  ])('refuses %s alike in plan, vm attach and both wizard steps', async (_what, make, gpu, status, message) => {
    const root = make();
    const dir = scratch();
    writeFileSync(join(dir, 'in.xml'), DOMAIN);
    const before = tree(root);
    const plan = cliRefusal(['plan', '--gpu', gpu, '--root', root]);
    const attach = cliRefusal(['vm', 'attach', '--xml', join(dir, 'in.xml'), '--out', join(dir, 'out.xml'), '--gpu', gpu, '--root', root, '--yes']);
    const ctx = await openContext(root);
    const steps = appSteps(ctx, 'test:///default');
    const full = `0000:${gpu}`;
    const wizPlan = await refusal(() => steps.plan({ gpu: full, also: [], allowBootGpu: false, entries: [] }));
    ctx.close();
    for (const r of [plan, attach, wizPlan]) {
      expect(r.status).toBe(status);
      expect(r.message).toMatch(message);
    }
    expect(attach.message).toBe(plan.message);
    expect(wizPlan.message).toBe(plan.message);
    expect(existsSync(join(dir, 'out.xml'))).toBe(false);
    expect(tree(root)).toEqual(before);
  });
});

describe('vm attach follows plan', () => {
  it('--gpu auto is the proposed GPU; the boot GPU passes only with --allow-boot-gpu', () => {
    const root = example();
    const dir = scratch();
    writeFileSync(join(dir, 'in.xml'), DOMAIN);
    const auto = dgpu(['vm', 'attach', '--xml', join(dir, 'in.xml'), '--out', join(dir, 'auto.xml'), '--gpu', 'auto', '--root', root]);
    expect(auto.status, auto.stderr).toBe(0);
    expect(readFileSync(join(dir, 'auto.xml'), 'utf8')).toMatch(/<source>\s*<address domain=.0x0000. bus=.0x03. slot=.0x00. function=.0x0.\/>/);
    const boot = dgpu(['vm', 'attach', '--xml', join(dir, 'in.xml'), '--out', join(dir, 'boot.xml'), '--gpu', '00:02.0', '--allow-boot-gpu', '--root', root]);
    expect(boot.status, boot.stderr).toBe(0);
    expect(boot.stderr).toMatch(/0000:00:02.0 is the BOOT GPU/);
  });

  it('--out is always written, identical when nothing changes', () => {
    const root = example();
    const dir = scratch();
    writeFileSync(join(dir, 'in.xml'), DOMAIN);
    expect(dgpu(['vm', 'attach', '--xml', join(dir, 'in.xml'), '--out', join(dir, 'a.xml'), '--gpu', '03:00.0', '--root', root]).status).toBe(0);
    const again = dgpu(['vm', 'attach', '--xml', join(dir, 'a.xml'), '--out', join(dir, 'b.xml'), '--gpu', '03:00.0', '--root', root]);
    expect(again.status, again.stderr).toBe(0);
    expect(again.stdout).toMatch(/nothing to do/);
    expect(readFileSync(join(dir, 'b.xml'), 'utf8')).toBe(readFileSync(join(dir, 'a.xml'), 'utf8'));
  });
});

describe('after apply, the GPU is remembered', () => {
  it('verify and plan need no --gpu once apply recorded it; before, they say so (exit 2)', () => {
    const root = example();
    const before = dgpu(['verify', '--root', root]);
    expect(before.status).toBe(2);
    expect(before.stderr).toMatch(/verify needs --gpu: no earlier `dgpu apply`/);
    const applied = dgpu(['apply', '--gpu', '03:00.0', '--root', root, '--yes']);
    expect(applied.status, applied.stderr).toBe(0);
    expect(applied.stdout).toContain(`reboot, then \`dgpu verify --gpu 03:00.0 --root ${root}\``);
    const v = dgpu(['verify', '--root', root, '--json']);
    expect(v.status).toBe(1); // not rebooted: the command line is not in /proc/cmdline yet
    expect(JSON.parse(v.stdout)).toMatchObject({ schema: 1, gpu: '0000:03:00.0', functions: ['0000:03:00.0', '0000:03:00.1'] });
    expect(dgpu(['plan', '--root', root]).stdout).toMatch(/nothing to do/);
  });
});

describe('a snapshot is for reading', () => {
  it('plan reads it and says its diff is against empty files; apply, rollback and vm attach refuse it', () => {
    const root = example();
    const dir = scratch();
    const snap = join(dir, 'host.tar.gz');
    expect(dgpu(['snapshot', snap, '--root', root]).status).toBe(0);
    const plan = dgpu(['plan', '--gpu', '03:00.0', '--root', snap, '--json']);
    expect(plan.status, plan.stderr).toBe(0);
    const json = JSON.parse(plan.stdout);
    expect(json.fromSnapshot).toBe(true);
    expect(json.warnings[0]).toMatch(/planned from a snapshot: it holds no file contents/);
    writeFileSync(join(dir, 'in.xml'), DOMAIN);
    const snapBytes = readFileSync(snap);
    for (const args of [['apply', '--gpu', '03:00.0', '--yes'], ['rollback'], ['vm', 'attach', '--xml', join(dir, 'in.xml'), '--gpu', '03:00.0', '--yes']]) {
      const r = dgpu([...args, '--root', snap]);
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(/is a snapshot archive: it is for reading/);
    }
    expect(readFileSync(snap).equals(snapBytes)).toBe(true);
    expect(readFileSync(join(dir, 'in.xml'), 'utf8')).toBe(DOMAIN);
  });
});

describe('one read of the host per run', () => {
  it('the wizard (scan, plan and the rest of the walk-through) reads sysfs once', async () => {
    let reads = 0;
    const reader: typeof readHost = (root, o) => (reads++, readHost(root, o));
    const ctx = await openContext('examples/host', { reader });
    const sink = { write: () => true } as unknown as NodeJS.WritableStream;
    const outcome = await runWizard(plainUi(sink as never), appSteps(ctx, 'test:///default'), { rootArg: 'examples/host', dryRun: true, connect: 'test:///default' });
    ctx.close();
    expect(outcome.exitCode).toBe(0);
    expect(reads).toBe(1);
  });
});

describe('a file that is not UTF-8, then converted', () => {
  it('is refused while it is Latin-1, and planned once it is UTF-8, in one process', async () => {
    const root = example();
    const grub = join(root, 'etc/default/grub');
    const text = readFileSync(grub, 'utf8');
    writeFileSync(grub, Buffer.concat([Buffer.from('# d\xe9marrage\n', 'latin1'), Buffer.from(text)]));
    const plan = async () => {
      const ctx = await openContext(root);
      try {
        return await planPassthroughUse(ctx, { gpu: '03:00.0' });
      } finally {
        ctx.close();
      }
    };
    await expect(plan()).rejects.toThrow(/\/etc\/default\/grub is not UTF-8 text/);
    writeFileSync(grub, `# démarrage\n${text}`);
    expect((await plan()).plan.changes.map((c) => c.path)).toContain('/etc/default/grub');
  });
});
