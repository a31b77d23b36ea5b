// A plan is data (docs/architecture.md, after changesets' assemble-release-plan): the planner computes it in full, reads
// nothing, writes nothing; `dgpu plan` prints it, `dgpu apply` hands it to src/host/transaction.ts.
import { posix } from 'node:path';

/** One file edit. `path` is as on the host (`/etc/default/grub`), never prefixed by `--root`. */
export interface FileChange {
  path: string;
  /** The content the planner read; null: the file does not exist (the change creates it). */
  before: string | null;
  /** The content to write; null: delete the file. */
  after: string | null;
  reason: string;
  /**
   * Permission bits for a file the change creates (default 0o644). For an existing file, when given, it
   * replaces the file's mode; when absent the existing mode is kept.
   */
  mode?: number;
}

/** A command to run after the files are written (regeneration: update-grub, mkinitcpio -P...). Never a shell string. */
export interface CommandStep {
  argv: string[];
  reason: string;
}

/**
 * A libvirt domain redefinition (`dgpu vm attach`). The transaction keeps both XML texts in its journal;
 * defining them is the caller's (virsh adapter) job, through the callbacks of applyPlan / rollback.
 */
export interface DomainChange {
  kind: 'domain';
  /** libvirt URI, e.g. `qemu:///system`. */
  connect: string;
  name: string;
  beforeXml: string;
  afterXml: string;
  reason: string;
}

/**
 * What dgpu cannot write itself and the user must: the kernel parameters for a boot loader it does not
 * edit, or NixOS's declarative configuration. Not an action of the plan: apply does the rest and says this.
 */
export interface ManualStep {
  /** Where to make the change, in words ("the boot loader (found rEFInd (/boot/refind_linux.conf))"). */
  where: string;
  /** Kernel parameters to add, exactly as they go on the command line. */
  add: string[];
  /** Kernel parameters to take off (a key, or key=value). */
  remove: string[];
  /** Text to paste where `where` says (NixOS configuration). */
  snippet?: string;
}

export interface Plan {
  changes: FileChange[];
  commands: CommandStep[];
  warnings: string[];
  /** Only `dgpu vm attach` plans have these. */
  domains?: DomainChange[];
  manual?: ManualStep[];
}

export type ChangeKind = 'create' | 'modify' | 'delete' | 'none';

export function changeKind(c: Pick<FileChange, 'before' | 'after'>): ChangeKind {
  if (c.before === c.after) return 'none';
  if (c.before === null) return 'create';
  if (c.after === null) return 'delete';
  return 'modify';
}

/** The changes that do something (a planner may emit a change whose after equals its before). */
export function effectiveChanges(plan: Plan): FileChange[] {
  return plan.changes.filter((c) => changeKind(c) !== 'none');
}

export function effectiveDomains(plan: Plan): DomainChange[] {
  return (plan.domains ?? []).filter((d) => d.beforeXml !== d.afterXml);
}

/**
 * Nothing to write and nothing to run: planning again after apply must give this (docs/architecture.md). Warnings do
 * not count; they are findings, not actions.
 */
export function isEmptyPlan(plan: Plan): boolean {
  return effectiveChanges(plan).length === 0 && effectiveDomains(plan).length === 0 && plan.commands.length === 0;
}

/** Concatenates plans from several editors; the same path twice is a planner bug (see planProblems). */
export function mergePlans(...plans: Plan[]): Plan {
  const domains = plans.flatMap((p) => p.domains ?? []);
  const merged: Plan = {
    changes: plans.flatMap((p) => p.changes),
    commands: dedupeCommands(plans.flatMap((p) => p.commands)),
    warnings: [...new Set(plans.flatMap((p) => p.warnings))],
  };
  if (domains.length > 0) merged.domains = domains;
  const manual = plans.flatMap((p) => p.manual ?? []);
  if (manual.length > 0) merged.manual = manual;
  return merged;
}

// Two editors may both ask for `update-initramfs -u -k all`; running it once is enough.
function dedupeCommands(steps: CommandStep[]): CommandStep[] {
  const seen = new Set<string>();
  return steps.filter((s) => {
    const key = JSON.stringify(s.argv);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * What makes a plan unsafe to apply: a path that is not absolute and normalised (it is joined under
 * `--root`, so `..` could leave it), a path changed twice, an empty argv. Empty when the plan is sound.
 */
export function planProblems(plan: Plan): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const c of plan.changes) {
    if (!isHostPath(c.path)) problems.push(`not an absolute, normalised path: '${c.path}'`);
    if (seen.has(c.path)) problems.push(`changed twice: ${c.path}`);
    seen.add(c.path);
    if (c.mode !== undefined && !(Number.isInteger(c.mode) && c.mode >= 0 && c.mode <= 0o7777)) {
      problems.push(`bad mode for ${c.path}: ${c.mode}`);
    }
  }
  for (const s of plan.commands) {
    if (s.argv.length === 0 || s.argv[0] === '') problems.push(`empty command (${s.reason})`);
  }
  const domains = new Set<string>();
  for (const d of plan.domains ?? []) {
    const key = `${d.connect} ${d.name}`;
    if (domains.has(key)) problems.push(`domain changed twice: ${d.name} on ${d.connect}`);
    domains.add(key);
  }
  return problems;
}

function isHostPath(p: string): boolean {
  return p.startsWith('/') && p !== '/' && !p.includes('\0') && posix.normalize(p) === p && !p.endsWith('/');
}

/** `dgpu plan --json`: paths as on the host; `mode` only where the planner set one. */
export interface PlanJson {
  changes: { path: string; before: string | null; after: string | null; reason: string; mode?: number }[];
  commands: { argv: string[]; reason: string }[];
  warnings: string[];
  domains?: { connect: string; name: string; before: string; after: string; reason: string }[];
  /** Always present: empty when dgpu writes every part itself. */
  manual: ManualStep[];
}

export function planToJson(plan: Plan): PlanJson {
  const json: PlanJson = {
    changes: effectiveChanges(plan).map((c) => ({
      path: c.path,
      before: c.before,
      after: c.after,
      reason: c.reason,
      ...(c.mode === undefined ? {} : { mode: c.mode }),
    })),
    commands: plan.commands.map((s) => ({ argv: [...s.argv], reason: s.reason })),
    warnings: [...plan.warnings],
    manual: (plan.manual ?? []).map((m) => ({ ...m, add: [...m.add], remove: [...m.remove] })),
  };
  const domains = effectiveDomains(plan);
  if (domains.length > 0) {
    json.domains = domains.map((d) => ({
      connect: d.connect,
      name: d.name,
      before: d.beforeXml,
      after: d.afterXml,
      reason: d.reason,
    }));
  }
  return json;
}
