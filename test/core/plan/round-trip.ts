// The round trip every scenario must pass: a non-empty, sound plan; apply (through the CLI
// binary or through applyPlan); plan again is empty (and the CLI says "nothing to do"); rollback restores every
// byte, mode and owner.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { isEmptyPlan, planProblems, type Plan } from '../../../src/core/plan/plan.js';
import { applyPlan } from '../../../src/host/transaction.js';
import { treeState } from '../../host/tx-tree.js';
import { dgpu, planAt, read } from './support.js';

export interface Req {
  gpu: string;
  also?: string[];
  allowBootGpu?: boolean;
  entries?: string[];
  vendorReset?: boolean;
}

function cliArgs(req: Req): string[] {
  return [
    '--gpu', req.gpu,
    ...(req.also ?? []).flatMap((a) => ['--also', a]),
    ...(req.allowBootGpu ? ['--allow-boot-gpu'] : []),
    ...(req.entries ?? []).flatMap((e) => ['--entry', e]),
    ...(req.vendorReset ? ['--vendor-reset'] : []),
  ];
}

/**
 * The round trip every scenario must pass: a non-empty, sound plan; apply; plan again is empty (and the CLI
 * says "nothing to do"); rollback restores every byte, mode and owner. Returns the plan and the tree after apply.
 */
export async function roundTrip(r: string, req: Req, via: 'cli' | 'api'): Promise<{ plan: Plan; after: (p: string) => string }> {
  const before = treeState(r);
  const { plan } = await planAt(r, req);
  expect(isEmptyPlan(plan)).toBe(false);
  expect(planProblems(plan)).toEqual([]);
  for (const c of plan.changes) expect(c.reason).not.toContain('\n');
  if (via === 'cli') {
    const a = dgpu(['apply', ...cliArgs(req), '--root', r, '--yes']);
    expect(a.stderr).not.toContain('dgpu:');
    expect(a.status).toBe(0);
    expect(a.stdout).toMatch(/transaction \d{8}T\d{9}Z-[0-9a-f]{6}/);
    // the next step names the same devices and root as the apply: verify must check the --also ones too
    const also = (req.also ?? []).length > 0 ? ` --also ${req.also!.join(' ')}` : '';
    expect(a.stdout).toMatch(new RegExp(`reboot, then \`dgpu verify --gpu [0-9a-f:.]+${also} --root ${r}\``));
    for (const c of plan.commands) expect(a.stdout).toContain(`not run (--root): ${c.argv.join(' ')}`);
  } else {
    const result = await applyPlan(r, plan);
    expect(result.id).not.toBeNull();
  }
  const texts = new Map(plan.changes.map((c) => [c.path, existsSync(join(r, c.path)) ? read(r, c.path) : null]));
  for (const c of plan.changes) expect(texts.get(c.path)).toBe(c.after);
  const again = await planAt(r, req);
  expect(again.plan.changes.map((c) => c.path)).toEqual([]);
  expect(again.plan.commands).toEqual([]);
  const p = dgpu(['plan', ...cliArgs(req), '--root', r]);
  expect(p.status).toBe(0);
  expect(p.stdout).toContain('nothing to do');
  const rb = dgpu(['rollback', '--root', r]);
  expect(rb.status).toBe(0);
  expect(rb.stdout).toContain('restored:');
  expect(treeState(r)).toEqual(before);
  return { plan, after: (path) => texts.get(path) ?? '' };
}

