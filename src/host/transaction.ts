// `dgpu apply`: one plan, one transaction. Order:
//   1. check that every file is still what the plan was computed from (else ConflictError, nothing written);
//   2. write and fsync the journal and byte copies of every file (nothing touched yet);
//   3. write each file atomically (fs-ops.ts atomicWrite), define each domain;
//   4. mark the journal committed; on any failure in 3–4, restore what was touched and say so (ApplyError);
//   5. run the commands, only when asked and only when the root is `/`.
import { basename, dirname, join, resolve } from 'node:path';
import { ApplyError, ConflictError, DgpuError, EnvironmentError } from '../core/errors.js';
import {
  type ChangeKind,
  changeKind,
  type CommandStep,
  type DomainChange,
  effectiveChanges,
  effectiveDomains,
  type FileChange,
  isEmptyPlan,
  type Plan,
  planProblems,
} from '../core/plan/plan.js';
import { atomicWrite, durableUnlink, type FileInfo, type FsOps, makeDirs, realFsOps, removeQuietly, sha256 } from './fs-ops.js';
import {
  type Journal,
  type JournalDomain,
  type JournalFile,
  journalDir,
  newTransactionId,
  type RecordedIntent,
  writeBackup,
  writeJournal,
} from './journal.js';
import { type CommandRecord, type CommandRunner, findExecutable, runSteps, type StepHooks } from './runner.js';
import { ioError, removeTreeQuietly, restoreDomainsAndDirs, restoreFile, rmdirQuietly } from './restore.js';

/** Defines a libvirt domain from XML (the virsh adapter's `define`); used to apply and to roll back. */
export type DefineDomain = (connect: string, name: string, xml: string) => Promise<void>;

/** The StepHooks (runner.ts) see each command as it runs. */
export interface ApplyOptions extends StepHooks {
  /** Run plan.commands after the files; ignored (listed as not run) unless the root is `/`. */
  runCommands?: boolean;
  runner?: CommandRunner;
  /** Required when the plan has domain changes: defines the new XML (and may check what libvirt kept). */
  defineDomain?: DefineDomain;
  /** Puts a domain's old XML back when the transaction is undone; defaults to defineDomain. */
  restoreDomain?: DefineDomain;
  fs?: FsOps;
  now?: () => Date;
  /** What the user asked for, recorded in the journal (see RecordedIntent). */
  intent?: RecordedIntent;
}

export interface TransactionResult {
  /** Null when the plan was empty: nothing was written, no journal. */
  id: string | null;
  journalDir: string | null;
  files: { path: string; kind: ChangeKind }[];
  domains: { connect: string; name: string }[];
  /** Every command of the plan; exitCode null: not run. */
  commands: CommandRecord[];
}

interface Snapshot {
  info: FileInfo | null;
  data: Buffer | null;
}

export async function applyPlan(root: string, plan: Plan, opts: ApplyOptions = {}): Promise<TransactionResult> {
  const ops = opts.fs ?? realFsOps;
  const problems = planProblems(plan);
  if (problems.length > 0) throw new Error(`invalid plan: ${problems.join('; ')}`);
  const changes = effectiveChanges(plan);
  const domains = effectiveDomains(plan);
  let commands: CommandRecord[] = plan.commands.map((c) => ({ argv: [...c.argv], reason: c.reason, exitCode: null }));
  const result = (id: string | null): TransactionResult => ({
    id,
    journalDir: id === null ? null : journalDir(root, id),
    files: changes.map((c) => ({ path: c.path, kind: changeKind(c) })),
    domains: domains.map((d) => ({ connect: d.connect, name: d.name })),
    commands,
  });
  if (isEmptyPlan(plan)) return result(null);
  if (domains.length > 0 && !opts.defineDomain) throw new Error('applyPlan: domain changes need opts.defineDomain');
  const run = opts.runCommands === true && resolve(root) === '/';
  if (run && !opts.runner) checkExecutables(plan.commands);

  removeStaleTemps(ops, root, changes.map((c) => c.path));
  const snapshots = preflight(ops, root, changes);
  const id = newTransactionId((opts.now ?? (() => new Date()))());
  let journal = createJournal(ops, root, id, changes, snapshots, domains, commands, opts);
  journal = await writeTargets(ops, root, journal, changes, snapshots, domains, opts.defineDomain, opts.restoreDomain ?? opts.defineDomain);
  if (run) commands = await runCommands(ops, root, journal, plan, opts);
  return result(id);
}

/**
 * Temporary files that a killed run left beside the targets (`.grub.dgpu-<id>.tmp`, fs-ops.ts tempPathFor):
 * nothing else writes under the lock the caller holds, so they are stale. Removed before anything else.
 */
function removeStaleTemps(ops: FsOps, root: string, paths: string[]): void {
  for (const p of paths) {
    const dir = dirname(join(root, p));
    if (ops.lstat(dir)?.kind !== 'dir') continue;
    const prefix = `.${basename(p)}.dgpu-`;
    for (const name of ops.readdir(dir)) {
      if (name.startsWith(prefix) && name.endsWith('.tmp')) removeQuietly(ops, join(dir, name));
    }
  }
}

/** Step 1: every file as planned; symlinks and folders refused (a rename would replace a link by a file). */
function preflight(ops: FsOps, root: string, changes: FileChange[]): Snapshot[] {
  const rootKind = ops.lstat(root)?.kind;
  if (rootKind !== 'dir' && rootKind !== 'symlink') throw new EnvironmentError(`root ${root} is not a folder`, 'check --root');
  const conflicts: string[] = [];
  const snapshots = changes.map((c): Snapshot => {
    const target = join(root, c.path);
    const info = ops.lstat(target);
    if (info !== null && info.kind !== 'file') {
      throw new EnvironmentError(`${c.path} is a ${info.kind === 'symlink' ? 'symbolic link' : 'folder or device'}, not a file`,
        'dgpu replaces regular files only; edit the file the link points to by hand, or replace the link by a copy');
    }
    const data = info === null ? null : ops.readFile(target);
    if (c.before === null && info !== null) conflicts.push(`${c.path} exists now`);
    if (c.before !== null && data === null) conflicts.push(`${c.path} is gone`);
    if (c.before !== null && data !== null && !data.equals(Buffer.from(c.before))) conflicts.push(`${c.path} changed`);
    return { info, data };
  });
  if (conflicts.length > 0) {
    throw new ConflictError(`files changed since the plan was made: ${conflicts.join(', ')}`, 'nothing was written; run the command again to plan from the files as they are now');
  }
  return snapshots;
}

/** Folders that creating `changes` will add, outermost first (recorded so that rollback removes them). */
function missingDirs(ops: FsOps, root: string, changes: FileChange[]): string[] {
  const dirs: string[] = [];
  for (const c of changes) {
    if (c.after === null) continue;
    const chain: string[] = [];
    for (let d = dirname(c.path); d !== '/' && ops.lstat(join(root, d)) === null; d = dirname(d)) chain.unshift(d);
    for (const d of chain) if (!dirs.includes(d)) dirs.push(d);
  }
  return dirs;
}

/** A new file takes the mode of the regular files beside it (0644 where there are none), whatever the umask. */
function siblingMode(ops: FsOps, dir: string): number {
  if (ops.lstat(dir)?.kind !== 'dir') return 0o644;
  for (const name of ops.readdir(dir).sort()) {
    const info = ops.lstat(join(dir, name));
    if (info?.kind === 'file' && !name.startsWith('.')) return info.mode;
  }
  return 0o644;
}

/** Step 2. On failure the half-written journal folder is removed: nothing has been touched yet. */
function createJournal(
  ops: FsOps, root: string, id: string, changes: FileChange[], snapshots: Snapshot[], domains: DomainChange[],
  commands: CommandRecord[], opts: Pick<ApplyOptions, 'now' | 'intent'>,
): Journal {
  const dir = journalDir(root, id);
  const files: JournalFile[] = changes.map((c, i) => {
    const s = snapshots[i]!;
    return {
      path: c.path,
      existed: s.info !== null,
      mode: s.info?.mode ?? null,
      uid: s.info?.uid ?? null,
      gid: s.info?.gid ?? null,
      beforeSha256: s.data === null ? null : sha256(s.data),
      afterSha256: c.after === null ? null : sha256(c.after),
      afterMode: c.after === null ? null : (c.mode ?? s.info?.mode ?? siblingMode(ops, dirname(join(root, c.path)))),
      backup: s.info === null ? null : `backups/${i}`,
      reason: c.reason,
    };
  });
  const journalDomains: JournalDomain[] = domains.map((d, k) => ({
    kind: 'domain', connect: d.connect, name: d.name, beforeSha256: sha256(d.beforeXml), afterSha256: sha256(d.afterXml),
    beforeFile: `domains/${k}.before.xml`, afterFile: `domains/${k}.after.xml`, reason: d.reason,
  }));
  let made: string[] = [];
  try {
    made = makeDirs(ops, dir);
    ops.mkdir(join(dir, 'backups'));
    snapshots.forEach((s, i) => s.data && writeBackup(ops, dir, `backups/${i}`, s.data));
    if (domains.length > 0) ops.mkdir(join(dir, 'domains'));
    domains.forEach((d, k) => {
      writeBackup(ops, dir, `domains/${k}.before.xml`, Buffer.from(d.beforeXml));
      writeBackup(ops, dir, `domains/${k}.after.xml`, Buffer.from(d.afterXml));
    });
    return writeJournal(ops, root, {
      version: 1, id, created: (opts.now ?? (() => new Date()))().toISOString(), state: 'pending', rolledBack: null,
      files, createdDirs: missingDirs(ops, root, changes), domains: journalDomains, commands,
      ...(opts.intent ? { intent: opts.intent } : {}),
    });
  } catch (e) {
    removeTreeQuietly(ops, dir);
    for (const d of made.slice(0, -1).reverse()) rmdirQuietly(ops, d);
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'EACCES' || err.code === 'EPERM' || err.code === 'EROFS') {
      throw new EnvironmentError(`cannot write the journal under ${dir}: ${err.message}`, 'run dgpu as root, on a writable root');
    }
    throw new ApplyError(`could not write the journal (${ioError(e)}); nothing was changed`, 'fix the cause (disk full?) and apply again');
  }
}

/** Steps 3 and 4, with the undo that makes a failure leave every file as it was. */
async function writeTargets(
  ops: FsOps, root: string, journal: Journal, changes: FileChange[], snapshots: Snapshot[], domains: DomainChange[],
  define: DefineDomain | undefined, restore: DefineDomain | undefined,
): Promise<Journal> {
  let filesTried = 0;
  let domainsTried = 0;
  let step = '';
  try {
    for (const [i, c] of changes.entries()) {
      const target = join(root, c.path);
      step = `${changeKind(c) === 'delete' ? 'deleting' : 'writing'} ${c.path}`;
      filesTried = i + 1; // counted before the write: it may fail after its rename
      if (c.after === null) {
        durableUnlink(ops, target);
      } else {
        makeDirs(ops, dirname(target));
        const s = snapshots[i]!.info;
        atomicWrite(ops, target, Buffer.from(c.after), {
          mode: journal.files[i]!.afterMode!,
          owner: s === null ? null : { uid: s.uid, gid: s.gid },
        }, journal.id);
      }
    }
    for (const [k, d] of domains.entries()) {
      step = `defining domain ${d.name}`;
      domainsTried = k + 1;
      await define!(d.connect, d.name, d.afterXml);
    }
    step = 'marking the journal committed';
    return writeJournal(ops, root, { ...journal, state: 'committed' });
  } catch (e) {
    const undo = await undoApply(ops, root, journal, filesTried, domains.slice(0, domainsTried), restore);
    const what = `${step} failed (${ioError(e)})`;
    if (undo.failed.length === 0) {
      throw new ApplyError(`${what}; rolled back: ${undo.restored.join(', ') || 'nothing had been changed'}; every file is as before`,
        'fix the cause and apply again');
    }
    throw new ApplyError(`${what}; rolling back also failed for ${undo.failed.join(', ')}`,
      `run \`dgpu rollback ${journal.id}\` once the cause is fixed; the journal keeps the backups`);
  }
}

async function undoApply(
  ops: FsOps, root: string, journal: Journal, filesTried: number, domains: DomainChange[], restore: DefineDomain | undefined,
): Promise<{ restored: string[]; failed: string[] }> {
  const restored: string[] = [];
  const failed: string[] = [];
  for (const f of journal.files.slice(0, filesTried).reverse()) {
    try {
      const backup = f.backup === null ? null : ops.readFile(join(journalDir(root, journal.id), f.backup));
      if (restoreFile(ops, root, journal.id, f, backup)) restored.push(f.path);
    } catch (e) {
      failed.push(`${f.path} (${ioError(e)})`);
    }
  }
  const xmlOf = (d: DomainChange) => ({ connect: d.connect, name: d.name, xml: () => d.beforeXml });
  restored.push(...await restoreDomainsAndDirs(ops, root, journal, domains.map(xmlOf), restore, failed));
  if (failed.length === 0) {
    try {
      writeJournal(ops, root, { ...journal, state: 'undone', rolledBack: new Date().toISOString() });
    } catch {
      // the files are as before; a journal left 'pending' rolls back to the same state (rollback is idempotent)
    }
  }
  return { restored, failed };
}

function checkExecutables(steps: CommandStep[]): void {
  const missing = [...new Set(steps.map((s) => s.argv[0]!))].filter((name) => findExecutable(name) === null);
  if (missing.length > 0) {
    throw new EnvironmentError(`not installed: ${missing.join(', ')}; nothing was written`,
      `install ${missing.length === 1 ? 'it' : 'them'}, or check that this plan is for this host`);
  }
}

/** Step 5. The files stay committed when a command fails: they are right, the command is retried by hand. */
async function runCommands(ops: FsOps, root: string, journal: Journal, plan: Plan, opts: ApplyOptions): Promise<CommandRecord[]> {
  let outcome: Awaited<ReturnType<typeof runSteps>>;
  try {
    outcome = await runSteps(plan.commands, opts);
  } catch (e) {
    if (e instanceof DgpuError) throw new EnvironmentError(`${e.message}; the files of transaction ${journal.id} are written`, e.hint);
    throw e;
  }
  try {
    writeJournal(ops, root, { ...journal, commands: outcome.records });
  } catch {
    // only bookkeeping: the journal stays valid and committed without the exit codes
  }
  const f = outcome.failed;
  if (f) {
    throw new ApplyError(`\`${f.argv.join(' ')}\` exited with ${f.exitCode}; the files of transaction ${journal.id} are written and kept`,
      `fix the cause and run it again (and the commands after it), or undo with \`dgpu rollback ${journal.id}\``);
  }
  return outcome.records;
}
