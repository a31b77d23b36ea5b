// Fault injection: fail each filesystem call of a four-file transaction in turn. A failure that
// happens once must leave every file as it was (apply rolls back) with no temporary file left; a disk that
// fails from that call on must leave each file wholly old or wholly new, and `rollback` must then restore
// the tree byte-identical.
import { existsSync, lstatSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ApplyError } from '../../src/core/errors.js';
import { listTransactions, rollback } from '../../src/host/rollback.js';
import { applyPlan } from '../../src/host/transaction.js';
import { faultyFs, fastFs, makeRoot, samplePlan, tempFiles, treeState } from './tx-tree.js';

const roots: string[] = [];
afterEach(() => {
  for (const r of roots.splice(0)) rmSync(r, { recursive: true, force: true });
});
const fresh = () => {
  const r = makeRoot();
  roots.push(r);
  return r;
};

/** The calls of a whole apply, enumerated by running it once without faults. */
async function allCalls() {
  const r = fresh();
  const { ops, log } = faultyFs(null);
  await applyPlan(r, samplePlan(), { fs: ops });
  return log;
}

/** Each target is its `before` or its `after`, never a part, and has the mode of the one it is. */
function wholly(r: string): string[] {
  const bad: string[] = [];
  for (const c of samplePlan().changes) {
    const p = join(r, c.path);
    const now = existsSync(p) ? readFileSync(p, 'utf8') : null;
    if (now !== c.before && now !== c.after) bad.push(c.path);
  }
  return bad;
}

describe('transaction under fault injection', () => {
  it('covers every kind of call: writes, fsyncs and renames of targets and journal', async () => {
    const log = await allCalls();
    for (const op of ['open', 'write', 'fsync', 'close', 'rename', 'unlink', 'mkdir', 'chmod']) {
      expect(log.some((c) => c.op === op), op).toBe(true);
    }
    expect(log.filter((c) => c.op === 'rename').map((c) => c.path.replace(/.*\//, ''))).toEqual([
      expect.stringMatching(/^\.journal\.json\.dgpu-.*\.tmp$/),
      '.grub.dgpu-' + log.find((c) => c.path.includes('.grub.dgpu-'))!.path.split('.dgpu-')[1],
      expect.stringMatching(/^\.vfio\.conf\.dgpu-/),
      expect.stringMatching(/^\.cmdline\.dgpu-/),
      expect.stringMatching(/^\.journal\.json\.dgpu-/),
    ]);
    // journal and backups are on disk before the first target is touched
    const firstTarget = log.findIndex((c) => c.path.includes('/etc/'));
    const journalRename = log.findIndex((c) => c.op === 'rename');
    expect(journalRename).toBeLessThan(firstTarget);
    expect(log.slice(0, firstTarget).filter((c) => c.op === 'fsync').length).toBeGreaterThanOrEqual(6);
  });

  it('a single failure at any call leaves every file as before, and no temporary file', async () => {
    const calls = await allCalls();
    expect(calls.length).toBeGreaterThan(50);
    for (let k = 0; k < calls.length; k++) {
      const r = fresh();
      const original = treeState(r);
      const { ops } = faultyFs(k);
      const err = await applyPlan(r, samplePlan(), { fs: ops }).catch((e: unknown) => e);
      const where = `failure at call ${k}: ${calls[k]!.op} ${calls[k]!.path}`;
      expect(err, where).toBeInstanceOf(ApplyError);
      expect((err as Error).message, where).toMatch(/nothing was changed|every file is as before/);
      expect(treeState(r), where).toEqual(original);
      expect(tempFiles(r), where).toEqual([]);
      expect(listTransactions(r).every((t) => t.state === 'undone'), where).toBe(true);
      rmSync(r, { recursive: true, force: true });
    }
  });

  it('a disk that fails from any call on leaves each file wholly old or new, and rollback restores the tree', async () => {
    const calls = await allCalls();
    for (let k = 0; k < calls.length; k++) {
      const r = fresh();
      const original = treeState(r);
      const { ops } = faultyFs(k, true);
      const err = await applyPlan(r, samplePlan(), { fs: ops }).catch((e: unknown) => e);
      const where = `disk failing from call ${k}: ${calls[k]!.op} ${calls[k]!.path}`;
      expect(err, where).toBeInstanceOf(ApplyError);
      expect(wholly(r), where).toEqual([]);
      // Where the undo could not finish, the message sends the user to `dgpu rollback`; a journal left
      // pending with every file still as before (its cleanup failed too) rolls back to the same tree.
      if (JSON.stringify(treeState(r)) !== JSON.stringify(original)) {
        expect(`${(err as ApplyError).message}`, where).toMatch(/rolling back also failed for/);
        expect(`${(err as ApplyError).hint}`, where).toMatch(/dgpu rollback \d{8}T/);
      }
      const pending = listTransactions(r, fastFs).filter((t) => t.state !== 'undone' && !t.incomplete);
      if (pending.length > 0) await rollback(r, undefined, { fs: fastFs });
      expect(treeState(r), where).toEqual(original);
      expect(tempFiles(r).filter((p) => !p.startsWith('var/lib/dgpu')), where).toEqual([]);
      rmSync(r, { recursive: true, force: true });
    }
  });

  it('rollback of a committed transaction under a single failure restores or can be finished', async () => {
    const r0 = fresh();
    await applyPlan(r0, samplePlan(), { fs: fastFs });
    const { ops, log } = faultyFs(null);
    await rollback(r0, undefined, { fs: ops });
    for (let k = 0; k < log.length; k++) {
      const r = fresh();
      const original = treeState(r);
      await applyPlan(r, samplePlan(), { fs: fastFs });
      const err = await rollback(r, undefined, { fs: faultyFs(k).ops }).catch((e: unknown) => e);
      const where = `rollback failing at call ${k}: ${log[k]!.op} ${log[k]!.path}`;
      expect(wholly(r), where).toEqual([]);
      if (err !== undefined) {
        // a failure while restoring leaves the journal committed: running rollback again finishes the job
        expect(err, where).toBeInstanceOf(ApplyError);
        expect((err as Error).message, where).toMatch(/rollback of .* failed for/);
        // (committed, unless only the fsync after marking it rolled-back failed)
        if (listTransactions(r, fastFs).at(-1)!.state === 'committed') await rollback(r, undefined, { fs: fastFs });
      }
      expect(treeState(r), where).toEqual(original);
      expect(lstatSync(join(r, 'etc/kernel/cmdline')).mode & 0o777, where).toBe(0o600);
      rmSync(r, { recursive: true, force: true });
    }
  });
});
