// The transaction journal: `<root>/var/lib/dgpu/transactions/<id>/journal.json` plus byte copies of every
// file before the change (`backups/<n>`) and of every domain's XML (`domains/<n>.before.xml`, `.after.xml`).
// It is written and fsynced before any target is touched, so that `dgpu rollback` can always undo an apply,
// even one that was interrupted (state still 'pending').
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { ConflictError } from '../core/errors.js';
import { atomicWrite, type FsOps, sha256, withFd } from './fs-ops.js';
import type { CommandRecord } from './runner.js';

export const TRANSACTIONS_DIR = 'var/lib/dgpu/transactions';
const ID = /^\d{8}T\d{9}Z-[0-9a-f]{6}$/;

/** `undone`: the apply failed and put everything back itself; `rolled-back`: `dgpu rollback` did. */
export type JournalState = 'pending' | 'committed' | 'rolled-back' | 'undone';

export interface JournalFile {
  path: string;
  existed: boolean;
  /** Mode and owner before the change (null when it did not exist). */
  mode: number | null;
  uid: number | null;
  gid: number | null;
  beforeSha256: string | null;
  afterSha256: string | null;
  /** Mode given to the new content. */
  afterMode: number | null;
  /** Backup file name under the transaction folder; null when the file did not exist. */
  backup: string | null;
  reason: string;
}

export interface JournalDomain {
  kind: 'domain';
  connect: string;
  name: string;
  beforeSha256: string;
  afterSha256: string;
  beforeFile: string;
  afterFile: string;
  reason: string;
}

/**
 * What the user asked for, so that later commands (`verify`, `vm attach`, `report`, `plan`) default to the GPU
 * of the latest committed transaction and repeat its flags in their hints.
 */
export interface RecordedIntent {
  command: 'apply' | 'vm attach';
  /** The guest GPU's function 0 address. */
  gpu: string;
  also: string[];
  allowBootGpu: boolean;
  /** systemd-boot entries (`--entry`); empty: every Linux entry. */
  entries: string[];
  /** `vm attach`: the domain and its input choice. */
  domain?: string;
  input?: 'usb' | 'evdev' | 'keep';
}

export interface Journal {
  version: 1;
  id: string;
  created: string;
  state: JournalState;
  /** When state became 'rolled-back' or 'undone'. */
  rolledBack: string | null;
  files: JournalFile[];
  /** Folders the apply created (outermost first), removed again on rollback when empty. */
  createdDirs: string[];
  domains: JournalDomain[];
  commands: CommandRecord[];
  /** Absent in journals written before it was recorded. */
  intent?: RecordedIntent;
  /** sha256 of the JSON of every other field: a hand-edited or truncated journal is refused. */
  digest: string;
}

/** A sortable id: UTC time to the millisecond, then random hex so two applies in one ms differ. */
export function newTransactionId(now: Date, random = randomBytes(3).toString('hex')): string {
  const t = now.toISOString().replace(/[-:.]/g, ''); // 20250102T030405678Z
  return `${t}-${random}`;
}

export function isTransactionId(id: string): boolean {
  return ID.test(id);
}

export function transactionsDir(root: string): string {
  return join(root, TRANSACTIONS_DIR);
}

export function journalDir(root: string, id: string): string {
  return join(transactionsDir(root), id);
}

export function withDigest(j: Omit<Journal, 'digest'>): Journal {
  const { digest: _ignored, ...rest } = j as Journal;
  return { ...rest, digest: sha256(JSON.stringify(rest)) };
}

/** Writes journal.json atomically (temporary file, fsync, rename, folder fsync). */
export function writeJournal(ops: FsOps, root: string, journal: Omit<Journal, 'digest'>): Journal {
  const full = withDigest(journal);
  const text = `${JSON.stringify(full, null, 2)}\n`;
  atomicWrite(ops, join(journalDir(root, journal.id), 'journal.json'), Buffer.from(text), { mode: 0o600, owner: null }, journal.id);
  return full;
}

/** Writes a new file in the journal folder and fsyncs it (the folder is fsynced by writeJournal's rename). */
export function writeBackup(ops: FsOps, dir: string, name: string, data: Buffer): void {
  withFd(ops, ops.open(join(dir, name), 'create', 0o600), (fd) => {
    ops.write(fd, data);
    ops.fsync(fd);
  });
}

/**
 * Reads journal.json and checks it whole: JSON, shape, digest, and that every backup still has the
 * sha256 recorded for it. Anything off is a ConflictError: rolling back from a tampered journal could
 * write anything.
 */
export function loadJournal(ops: FsOps, root: string, id: string): Journal {
  const dir = journalDir(root, id);
  const where = `transaction ${id}`;
  let text: string;
  try {
    text = ops.readFile(join(dir, 'journal.json')).toString('utf8');
  } catch (e) {
    throw new ConflictError(`${where}: cannot read journal.json (${(e as Error).message})`, tamperHint(dir));
  }
  let j: Journal;
  try {
    j = JSON.parse(text) as Journal;
  } catch {
    throw new ConflictError(`${where}: journal.json is not valid JSON (truncated or edited)`, tamperHint(dir));
  }
  const shapeProblem = checkShape(j, id);
  if (shapeProblem) throw new ConflictError(`${where}: journal.json ${shapeProblem}`, tamperHint(dir));
  if (withDigest(j).digest !== j.digest) {
    throw new ConflictError(`${where}: journal.json was edited (its digest does not match)`, tamperHint(dir));
  }
  for (const f of j.files) {
    if (f.backup !== null) checkBackup(ops, dir, f.backup, f.beforeSha256, `backup of ${f.path}`, where);
  }
  for (const d of j.domains) {
    checkBackup(ops, dir, d.beforeFile, d.beforeSha256, `XML of domain ${d.name}`, where);
    checkBackup(ops, dir, d.afterFile, d.afterSha256, `XML of domain ${d.name}`, where);
  }
  return j;
}

/** The journal's backup bytes (loadJournal has checked their sha256). */
export function readBackup(ops: FsOps, root: string, id: string, name: string): Buffer {
  return ops.readFile(join(journalDir(root, id), name));
}

function checkBackup(ops: FsOps, dir: string, name: string, expected: string | null, what: string, where: string) {
  let data: Buffer;
  try {
    data = ops.readFile(join(dir, name));
  } catch {
    throw new ConflictError(`${where}: the ${what} (${name}) is missing`, tamperHint(dir));
  }
  if (sha256(data) !== expected) {
    throw new ConflictError(`${where}: the ${what} (${name}) does not match its recorded sha256`, tamperHint(dir));
  }
}

function tamperHint(dir: string): string {
  return `nothing was written; inspect ${dir} by hand (the backups are plain copies of the files)`;
}

const isStr = (v: unknown): v is string => typeof v === 'string';
const isNullable = <T>(v: unknown, p: (x: unknown) => x is T) => v === null || p(v);
const isInt = (v: unknown): v is number => Number.isInteger(v);
const isSha = (v: unknown): v is string => isStr(v) && /^[0-9a-f]{64}$/.test(v);
// Backup names are ours; anything with a slash or `..` would read outside the folder.
const isName = (v: unknown): v is string => isStr(v) && /^(backups|domains)\/[0-9a-z.]+$/.test(v) && !v.includes('..');

function isIntent(v: unknown): v is RecordedIntent {
  const x = v as RecordedIntent;
  return typeof x === 'object' && x !== null && ['apply', 'vm attach'].includes(x.command) && isStr(x.gpu) && Array.isArray(x.also) && x.also.every(isStr) &&
    typeof x.allowBootGpu === 'boolean' && Array.isArray(x.entries) && x.entries.every(isStr) &&
    (x.domain === undefined || isStr(x.domain)) && (x.input === undefined || ['usb', 'evdev', 'keep'].includes(x.input));
}

function checkShape(j: Journal, id: string): string | null {
  if (typeof j !== 'object' || j === null) return 'is not an object';
  if (j.version !== 1) return `has unknown version ${String(j.version)}`;
  if (j.id !== id) return `names another transaction (${String(j.id)})`;
  if (!['pending', 'committed', 'rolled-back', 'undone'].includes(j.state)) return `has unknown state ${String(j.state)}`;
  if (!isStr(j.created) || !isNullable(j.rolledBack, isStr) || !isStr(j.digest)) return 'lacks its dates or digest';
  if (!Array.isArray(j.files) || !Array.isArray(j.domains) || !Array.isArray(j.commands) || !Array.isArray(j.createdDirs)) {
    return 'lacks files, domains, commands or createdDirs';
  }
  for (const f of j.files as unknown[]) {
    const x = f as JournalFile;
    const ok =
      typeof x === 'object' && x !== null && isStr(x.path) && x.path.startsWith('/') && !x.path.split('/').includes('..') &&
      typeof x.existed === 'boolean' && isNullable(x.mode, isInt) && isNullable(x.uid, isInt) && isNullable(x.gid, isInt) &&
      isNullable(x.beforeSha256, isSha) && isNullable(x.afterSha256, isSha) && isNullable(x.afterMode, isInt) &&
      isNullable(x.backup, isName) && x.existed === (x.backup !== null) && isStr(x.reason);
    if (!ok) return `has a malformed file entry (${JSON.stringify(f)?.slice(0, 80)})`;
  }
  for (const d of j.domains as unknown[]) {
    const x = d as JournalDomain;
    const ok = typeof x === 'object' && x !== null && x.kind === 'domain' && isStr(x.connect) && isStr(x.name) &&
      isSha(x.beforeSha256) && isSha(x.afterSha256) && isName(x.beforeFile) && isName(x.afterFile) && isStr(x.reason);
    if (!ok) return 'has a malformed domain entry';
  }
  for (const c of j.commands as unknown[]) {
    const x = c as CommandRecord;
    const ok = typeof x === 'object' && x !== null && Array.isArray(x.argv) && x.argv.every(isStr) && isStr(x.reason) &&
      isNullable(x.exitCode, isInt);
    if (!ok) return 'has a malformed command entry';
  }
  if (j.intent !== undefined && !isIntent(j.intent)) return 'has a malformed intent';
  if (!(j.createdDirs as unknown[]).every((d) => isStr(d) && d.startsWith('/') && !d.split('/').includes('..'))) {
    return 'has a malformed createdDirs entry';
  }
  return null;
}
