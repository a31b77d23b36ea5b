import { existsSync, lstatSync, mkdirSync, readFileSync, readdirSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ApplyError, ConflictError, EnvironmentError, UsageError } from '../../src/core/errors.js';
import type { DomainChange, Plan } from '../../src/core/plan/plan.js';
import { newTransactionId, withDigest } from '../../src/host/journal.js';
import { listTransactions } from '../../src/host/rollback.js';
import { applyPlan as realApply, type ApplyOptions } from '../../src/host/transaction.js';
import { rollback as realRollback, type RollbackOptions } from '../../src/host/rollback.js';
import { canChown, CMDLINE, fastFs, GRUB, makeRoot, samplePlan, tempFiles, treeState } from './tx-tree.js';

const roots: string[] = [];
const root = () => {
  const r = makeRoot();
  roots.push(r);
  return r;
};
afterEach(() => {
  for (const r of roots.splice(0)) rmSync(r, { recursive: true, force: true });
});
// Real fsyncs in the first test only; the others skip them to stay fast (same calls otherwise).
const applyPlan = (r: string, plan: Plan, o: ApplyOptions = {}) => realApply(r, plan, { fs: fastFs, ...o });
const rollback = (r: string, id?: string, o: RollbackOptions = {}) => realRollback(r, id, { fs: fastFs, ...o });
const read = (r: string, p: string) => readFileSync(join(r, p), 'utf8');
const mode = (r: string, p: string) => lstatSync(join(r, p)).mode & 0o7777;

describe('applyPlan', () => {
  it('writes every change, keeps mode and owner, journals it committed, and lists commands as not run', async () => {
    const r = root();
    const plan = samplePlan();
    const calls: string[][] = [];
    const res = await realApply(r, plan, { runCommands: true, runner: async (argv) => (calls.push(argv), 0) });
    for (const c of plan.changes) {
      if (c.after === null) expect(existsSync(join(r, c.path))).toBe(false);
      else expect(read(r, c.path)).toBe(c.after);
    }
    expect(mode(r, 'etc/kernel/cmdline')).toBe(0o600);
    if (canChown) expect([lstatSync(join(r, 'etc/kernel/cmdline')).uid, lstatSync(join(r, 'etc/kernel/cmdline')).gid]).toEqual([1234, 4321]);
    expect(mode(r, 'etc/modprobe.d/vfio.conf')).toBe(0o644);
    expect(calls).toEqual([]); // never under a root other than /
    expect(res.commands).toEqual([{ argv: ['update-grub'], reason: 'regenerate grub.cfg', exitCode: null }]);
    expect(res.files.map((f) => f.kind)).toEqual(['modify', 'create', 'modify', 'delete']);
    expect(tempFiles(r)).toEqual([]);
    const journal = JSON.parse(read(r, `var/lib/dgpu/transactions/${res.id}/journal.json`));
    expect(journal.state).toBe('committed');
    expect(journal.createdDirs).toEqual(['/etc/modprobe.d']);
    expect(journal.files[2]).toMatchObject({ path: '/etc/kernel/cmdline', existed: true, mode: 0o600, backup: 'backups/2' });
    expect(read(r, `var/lib/dgpu/transactions/${res.id}/backups/3`)).toBe('add_drivers+=" amdgpu "\n');
    expect(listTransactions(r)).toEqual([
      { id: res.id, created: journal.created, state: 'committed', files: plan.changes.map((c) => c.path), domains: [], problem: null, incomplete: false },
    ]);
  });

  it('applies the mode a change asks for', async () => {
    const r = root();
    await applyPlan(r, {
      changes: [
        { path: '/etc/secret.conf', before: null, after: 's\n', reason: 'r', mode: 0o600 },
        { path: '/etc/hostname', before: 'box\n', after: 'box2\n', reason: 'r', mode: 0o640 },
      ],
      commands: [],
      warnings: [],
    });
    expect([mode(r, 'etc/secret.conf'), mode(r, 'etc/hostname')]).toEqual([0o600, 0o640]);
  });

  it('does nothing for an empty plan', async () => {
    const r = root();
    const res = await applyPlan(r, { changes: [{ path: '/etc/hostname', before: 'box\n', after: 'box\n', reason: '' }], commands: [], warnings: [] });
    expect(res.id).toBeNull();
    expect(existsSync(join(r, 'var/lib/dgpu'))).toBe(false);
  });

  it('refuses a plan whose files changed since planning, writing nothing', async () => {
    for (const edit of [
      (r: string) => writeFileSync(join(r, 'etc/default/grub'), `${GRUB}# edited\n`),
      (r: string) => writeFileSync(join(r, 'etc/modprobe.d.x'), ''), // unrelated: no conflict expected
      (r: string) => rmSync(join(r, 'etc/dracut.conf.d/old.conf')),
    ]) {
      const r = root();
      edit(r);
      const state = treeState(r, { withJournal: true });
      const p = applyPlan(r, samplePlan());
      if (edit.toString().includes('modprobe.d.x')) {
        await expect(p).resolves.toBeTruthy();
        continue;
      }
      await expect(p).rejects.toThrow(ConflictError);
      expect(treeState(r, { withJournal: true })).toEqual(state);
    }
    const r = root();
    writeFileSync(join(r, 'etc/kernel/x'), '');
    const plan: Plan = { changes: [{ path: '/etc/kernel/x', before: null, after: 'y', reason: '' }], commands: [], warnings: [] };
    await expect(applyPlan(r, plan)).rejects.toThrow(/\/etc\/kernel\/x exists now/);
  });

  it('refuses to replace a symbolic link, writing nothing', async () => {
    const r = root();
    symlinkSync('/etc/hostname', join(r, 'etc/default/grub.link'));
    const plan: Plan = { changes: [{ path: '/etc/default/grub.link', before: 'box\n', after: 'x', reason: '' }], commands: [], warnings: [] };
    const state = treeState(r, { withJournal: true });
    await expect(applyPlan(r, plan)).rejects.toThrow(EnvironmentError);
    expect(treeState(r, { withJournal: true })).toEqual(state);
  });

  it('refuses a plan with a path that would leave the root', async () => {
    const r = root();
    const plan: Plan = { changes: [{ path: '/etc/../../x', before: null, after: 'x', reason: '' }], commands: [], warnings: [] };
    await expect(applyPlan(r, plan)).rejects.toThrow(/invalid plan/);
  });

  it('makes sortable, distinct ids', () => {
    const a = newTransactionId(new Date('2025-01-02T03:04:05.678Z'), 'abcdef');
    expect(a).toBe('20250102T030405678Z-abcdef');
    expect(newTransactionId(new Date('2025-01-02T03:04:05.679Z'), '000000') > a).toBe(true);
  });
});

describe('rollback', () => {
  it('restores the tree byte-identical, removes created folders, returns the commands', async () => {
    const r = root();
    const original = treeState(r);
    const { id } = await applyPlan(r, samplePlan());
    expect(treeState(r)).not.toEqual(original);
    const res = await realRollback(r);
    expect(res.id).toBe(id);
    expect(treeState(r)).toEqual(original);
    expect(res.commands).toEqual([{ argv: ['update-grub'], reason: 'regenerate grub.cfg' }]);
    expect(res.files.every((f) => f.action === 'restored')).toBe(true);
    expect(listTransactions(r)[0]!.state).toBe('rolled-back');
    await expect(rollback(r)).rejects.toThrow(UsageError);
    await expect(rollback(r, id!)).rejects.toThrow(/already rolled back/);
  });

  it('takes the latest transaction by default and a named one on request', async () => {
    const r = root();
    const original = treeState(r);
    let t = 0;
    const now = () => new Date(Date.UTC(2025, 0, 1, 0, 0, t++));
    const first = await applyPlan(r, samplePlan(), { now });
    const afterFirst = treeState(r);
    const second = await applyPlan(r, {
      changes: [{ path: '/etc/modprobe.d/extra.conf', before: null, after: 'x\n', reason: 'r' }], commands: [], warnings: [],
    }, { now });
    expect((await rollback(r)).id).toBe(second.id);
    expect(treeState(r)).toEqual(afterFirst);
    expect((await rollback(r)).id).toBe(first.id);
    expect(treeState(r)).toEqual(original);
    await expect(rollback(r, '../../etc')).rejects.toThrow(UsageError);
  });

  it('removes the temporary files a killed run left beside the targets, and lists a journal-less folder as incomplete', async () => {
    const r = root();
    const stale = join(r, 'etc/default/.grub.dgpu-20250101T000000000Z-abcdef.tmp');
    writeFileSync(stale, 'half');
    const orphan = join(r, 'var/lib/dgpu/transactions/20250101T000000000Z-abcdef');
    mkdirSync(join(orphan, 'backups'), { recursive: true });
    expect(listTransactions(r)).toMatchObject([{ id: '20250101T000000000Z-abcdef', incomplete: true }]);
    await applyPlan(r, samplePlan());
    expect(existsSync(stale)).toBe(false);
    expect(tempFiles(r).filter((p) => !p.startsWith('var/lib/dgpu'))).toEqual([]);
  });

  it('refuses a journal that names a file dgpu never writes, even with a recomputed digest and --force', async () => {
    const r = root();
    const { id } = await applyPlan(r, samplePlan());
    const file = join(r, 'var/lib/dgpu/transactions', id!, 'journal.json');
    const j = JSON.parse(readFileSync(file, 'utf8'));
    j.files[0].path = '/etc/shadow';
    writeFileSync(file, JSON.stringify(withDigest(j)));
    const state = treeState(r, { withJournal: true });
    await expect(rollback(r, id!, { force: true })).rejects.toThrow(/names files dgpu never writes \(\/etc\/shadow\)/);
    expect(treeState(r, { withJournal: true })).toEqual(state);
  });

  it('refuses when a file changed since the transaction, unless forced', async () => {
    const r = root();
    const original = treeState(r);
    await applyPlan(r, samplePlan());
    writeFileSync(join(r, 'etc/default/grub'), 'edited by hand\n');
    const state = treeState(r, { withJournal: true });
    await expect(rollback(r)).rejects.toThrow(/changed since transaction .*: \/etc\/default\/grub; nothing was written/);
    expect(treeState(r, { withJournal: true })).toEqual(state);
    await rollback(r, undefined, { force: true });
    expect(treeState(r)).toEqual(original);
  });

  const tamperings: [string, (dir: string) => void, RegExp][] = [
    ['a backup edited', (d) => writeFileSync(join(d, 'backups/0'), GRUB.replace('quiet', 'quiet evil')), /backup of \/etc\/default\/grub .*sha256/],
    ['a backup removed', (d) => rmSync(join(d, 'backups/2')), /backup of \/etc\/kernel\/cmdline .*missing/],
    ['journal.json edited', (d) => writeFileSync(join(d, 'journal.json'), readFileSync(join(d, 'journal.json'), 'utf8').replace('/etc/hostname', '/etc/hostname').replace('"/etc/kernel/cmdline"', '"/etc/passwd"')), /digest/],
    ['journal.json truncated', (d) => truncateSync(join(d, 'journal.json'), 100), /not valid JSON/],
    ['journal.json emptied', (d) => truncateSync(join(d, 'journal.json'), 0), /not valid JSON/],
  ];
  it.each(tamperings)('refuses a journal with %s, writing nothing', async (_what, tamper, message) => {
    const r = root();
    const { id } = await applyPlan(r, samplePlan());
    tamper(join(r, 'var/lib/dgpu/transactions', id!));
    const state = treeState(r, { withJournal: true });
    const err = await rollback(r).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConflictError);
    expect((err as Error).message).toMatch(message);
    expect(treeState(r, { withJournal: true })).toEqual(state);
    expect(listTransactions(r)[0]!.problem).toMatch(message);
    expect(readdirSync(join(r, 'etc/kernel'))).toEqual(['cmdline']);
    expect(read(r, 'etc/kernel/cmdline')).toBe(`${CMDLINE} iommu=pt`);
  });
});

describe('domains in a transaction', () => {
  const domain = (name: string): DomainChange => ({
    kind: 'domain', connect: 'test:///default', name, beforeXml: `<domain><name>${name}</name></domain>\n`,
    afterXml: `<domain><name>${name}</name><devices/></domain>\n`, reason: 'attach GPU',
  });

  it('defines the new XML on apply and hands the old XML back on rollback', async () => {
    const r = root();
    const defined: string[] = [];
    const define = async (connect: string, name: string, xml: string) => void defined.push(`${connect} ${name} ${xml}`);
    const plan: Plan = { changes: [], commands: [], warnings: [], domains: [domain('mac')] };
    const { id } = await applyPlan(r, plan, { defineDomain: define });
    expect(defined).toEqual([`test:///default mac ${domain('mac').afterXml}`]);
    expect(listTransactions(r)[0]).toMatchObject({ id, domains: ['mac'], problem: null });
    const res = await rollback(r, id!, { restoreDomain: define });
    expect(defined[1]).toBe(`test:///default mac ${domain('mac').beforeXml}`);
    expect(res.domains).toEqual([{ connect: 'test:///default', name: 'mac' }]);
  });

  it('restores files and domains already defined when a define fails', async () => {
    const r = root();
    const original = treeState(r);
    const defined: string[] = [];
    const define = async (_c: string, name: string, xml: string) => {
      if (name === 'b' && xml.includes('devices')) throw new Error('virsh define: XML error');
      defined.push(`${name}:${xml.includes('devices') ? 'after' : 'before'}`);
    };
    const plan: Plan = { ...samplePlan(), domains: [domain('a'), domain('b')] };
    const err = await applyPlan(r, plan, { defineDomain: define }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApplyError);
    expect((err as Error).message).toMatch(/defining domain b failed \(virsh define: XML error\); rolled back: .*domain a/);
    expect(defined).toEqual(['a:after', 'b:before', 'a:before']);
    expect(treeState(r)).toEqual(original);
  });

  it('undoes through restoreDomain when one is given, never through defineDomain', async () => {
    const r = root();
    const calls: string[] = [];
    const define = async (_c: string, name: string, xml: string) => {
      if (name === 'b') throw new Error('libvirt did not keep the change');
      calls.push(`define ${name}:${xml.includes('devices') ? 'after' : 'before'}`);
    };
    const restore = async (_c: string, name: string, xml: string) => void calls.push(`restore ${name}:${xml.includes('devices') ? 'after' : 'before'}`);
    const plan: Plan = { changes: [], commands: [], warnings: [], domains: [domain('a'), domain('b')] };
    await expect(applyPlan(r, plan, { defineDomain: define, restoreDomain: restore })).rejects.toBeInstanceOf(ApplyError);
    expect(calls).toEqual(['define a:after', 'restore b:before', 'restore a:before']);
  });

  it('refuses a tampered domain backup', async () => {
    const r = root();
    const define = async () => {};
    const { id } = await applyPlan(r, { changes: [], commands: [], warnings: [], domains: [domain('mac')] }, { defineDomain: define });
    writeFileSync(join(r, 'var/lib/dgpu/transactions', id!, 'domains/0.before.xml'), '<domain/>');
    await expect(rollback(r, id!, { restoreDomain: define })).rejects.toThrow(ConflictError);
  });
});
