// `dgpu rollback [ID]` and `dgpu rollback --list`. A rollback checks everything before it writes anything:
// the journal (JSON, digest, backups' sha256) and every file on disk (still the transaction's `after`).
// It is idempotent, so a rollback that failed half-way is finished by running it again.
import { join } from 'node:path';
import { ApplyError, ConflictError, UsageError } from '../core/errors.js';
import type { CommandStep } from '../core/plan/plan.js';
import { type FsOps, realFsOps, sha256 } from './fs-ops.js';
import { isTransactionId, type Journal, type RecordedIntent, type JournalFile, type JournalState, journalDir, loadJournal, readBackup, transactionsDir, writeJournal } from './journal.js';
import { isManagedPath } from './config-files.js';
import { ioError, restoreDomainsAndDirs, restoreFile } from './restore.js';
import type { DefineDomain } from './transaction.js';

export interface RollbackOptions {
  /** Restore even the files that changed since the transaction (their current content is lost). */
  force?: boolean;
  /** Required when the transaction redefined libvirt domains: gets each domain's XML from before. */
  restoreDomain?: DefineDomain;
  fs?: FsOps;
  now?: () => Date;
  /** The paths a journal may name (default: the files dgpu manages, config-files.ts); tests widen it. */
  allowPath?: (path: string) => boolean;
}

export interface RollbackResult {
  id: string;
  /** restored: written back or deleted; unchanged: it already was as before. */
  files: { path: string; action: 'restored' | 'unchanged' }[];
  domains: { connect: string; name: string }[];
  /** The regeneration commands of the transaction, to run again (rollback never runs them). */
  commands: CommandStep[];
}

export interface TransactionSummary {
  id: string;
  created: string | null;
  state: JournalState | null;
  files: string[];
  domains: string[];
  /** Why the journal cannot be used (tampered, truncated); null when it is sound. */
  problem: string | null;
  /** A folder without journal.json: an apply stopped before it wrote one, so it changed nothing. */
  incomplete: boolean;
}

/**
 * Transactions under `root`, oldest first. A folder without journal.json (an apply killed before it wrote one,
 * so before it touched anything) is listed as incomplete; the next apply removes it (cleanIncomplete).
 */
export function listTransactions(root: string, ops: FsOps = realFsOps): TransactionSummary[] {
  const dir = transactionsDir(root);
  if (ops.lstat(dir)?.kind !== 'dir') return [];
  return ops
    .readdir(dir)
    .filter((id) => isTransactionId(id))
    .sort()
    .map((id) => {
      const none = { id, created: null, state: null, files: [], domains: [] };
      if (ops.lstat(join(dir, id, 'journal.json')) === null) {
        return { ...none, incomplete: true, problem: 'no journal.json: an apply stopped before writing it, so it changed nothing' };
      }
      try {
        const j = loadJournal(ops, root, id);
        return { id, created: j.created, state: j.state, files: j.files.map((f) => f.path), domains: j.domains.map((d) => d.name), problem: null, incomplete: false };
      } catch (e) {
        return { ...none, incomplete: false, problem: (e as Error).message };
      }
    });
}

/**
 * What the latest committed transaction of `command` asked for; null when none recorded it. Damaged journals
 * are skipped here: this only picks defaults, and `rollback` reports them.
 */
export function latestIntent(root: string, command: RecordedIntent['command'], ops: FsOps = realFsOps): RecordedIntent | null {
  const committed = listTransactions(root, ops).filter((t) => t.state === 'committed' && t.problem === null);
  for (const t of committed.reverse()) {
    const intent = loadJournal(ops, root, t.id).intent;
    if (intent?.command === command) return intent;
  }
  return null;
}

export async function rollback(root: string, id?: string, opts: RollbackOptions = {}): Promise<RollbackResult> {
  const ops = opts.fs ?? realFsOps;
  const txId = id ?? latest(root, ops);
  if (!isTransactionId(txId) || ops.lstat(join(journalDir(root, txId), 'journal.json')) === null) {
    throw new UsageError(`no transaction ${txId} under ${transactionsDir(root)}`, 'see `dgpu rollback --list`');
  }
  const journal = loadJournal(ops, root, txId);
  const foreign = journal.files.filter((f) => !(opts.allowPath ?? isManagedPath)(f.path)).map((f) => f.path);
  if (foreign.length > 0) {
    throw new ConflictError(`transaction ${txId} names files dgpu never writes (${foreign.join(', ')}): its journal was not written by dgpu; nothing was restored`,
      `inspect ${journalDir(root, txId)} by hand`);
  }
  if (journal.state === 'rolled-back' || journal.state === 'undone') {
    const how = journal.state === 'undone' ? 'undone by the apply that failed' : 'rolled back';
    throw new UsageError(`transaction ${txId} was already ${how} (${journal.rolledBack})`, 'see `dgpu rollback --list`');
  }
  if (journal.domains.length > 0 && !opts.restoreDomain) throw new Error('rollback: domain entries need opts.restoreDomain');
  const backups = journal.files.map((f) => (f.backup === null ? null : readBackup(ops, root, txId, f.backup)));
  checkDisk(ops, root, journal, opts.force === true);

  const files: RollbackResult['files'] = [];
  const failed: string[] = [];
  journal.files.forEach((f, i) => {
    try {
      files.push({ path: f.path, action: restoreFile(ops, root, txId, f, backups[i]!) ? 'restored' : 'unchanged' });
    } catch (e) {
      failed.push(`${f.path} (${ioError(e)})`);
    }
  });
  const domains = journal.domains.map((d) => ({
    connect: d.connect, name: d.name, xml: () => readBackup(ops, root, txId, d.beforeFile).toString('utf8'),
  }));
  await restoreDomainsAndDirs(ops, root, journal, domains, opts.restoreDomain, failed);
  if (failed.length === 0) {
    try {
      writeJournal(ops, root, { ...journal, state: 'rolled-back', rolledBack: (opts.now ?? (() => new Date()))().toISOString() });
    } catch (e) {
      failed.push(`the journal (${ioError(e)})`);
    }
  }
  if (failed.length > 0) {
    const done = files.filter((f) => f.action === 'restored').map((f) => f.path);
    throw new ApplyError(`rollback of ${txId} failed for ${failed.join(', ')}; restored: ${done.join(', ') || 'nothing'}`,
      `fix the cause and run \`dgpu rollback ${txId}\` again; it restores only what is still to restore`);
  }
  return {
    id: txId,
    files,
    domains: journal.domains.map((d) => ({ connect: d.connect, name: d.name })),
    // A pending transaction never reached its commands; the generated files still match the old sources.
    commands: journal.state === 'committed' ? journal.commands.map((c) => ({ argv: c.argv, reason: c.reason })) : [],
  };
}

/**
 * The latest transaction not rolled back, committed or pending (an apply that was interrupted). A damaged
 * latest journal is not skipped for an older one: loadJournal will report it.
 */
function latest(root: string, ops: FsOps): string {
  const candidates = listTransactions(root, ops).filter((t) => !t.incomplete && t.state !== 'rolled-back' && t.state !== 'undone');
  const last = candidates.at(-1);
  if (!last) throw new UsageError(`no transaction to roll back under ${transactionsDir(root)}`, 'see `dgpu rollback --list`');
  return last.id;
}

/** Every file must be the transaction's `after` (or already as before); else ConflictError, unless forced. */
function checkDisk(ops: FsOps, root: string, journal: Journal, force: boolean): void {
  if (force) return;
  const changed = journal.files.filter((f) => !isAfter(ops, root, f) && !isBefore(ops, root, f)).map((f) => f.path);
  if (changed.length > 0) {
    throw new ConflictError(`changed since transaction ${journal.id}: ${changed.join(', ')}; nothing was written`,
      'look at them; `--force` restores them anyway and loses those changes');
  }
}

function contentSha(ops: FsOps, root: string, path: string): string | null | 'other' {
  const info = ops.lstat(join(root, path));
  if (info === null) return null;
  return info.kind === 'file' ? sha256(ops.readFile(join(root, path))) : 'other';
}

function isAfter(ops: FsOps, root: string, f: JournalFile): boolean {
  return contentSha(ops, root, f.path) === f.afterSha256;
}

function isBefore(ops: FsOps, root: string, f: JournalFile): boolean {
  return contentSha(ops, root, f.path) === f.beforeSha256;
}
