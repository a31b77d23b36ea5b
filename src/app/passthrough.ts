// The host use cases of steps 1 to 3: plan, apply and verify a GPU for vfio-pci. The command (src/cli) and the
// wizard call these same functions; they parse flags, print and ask, nothing else.
import { UsageError } from '../core/errors.js';
import { type CommandContext, equivalentCommands } from '../core/plan/wizard-choices.js';
import { chooseGuest, type Intent, intentFor } from '../core/plan/intent.js';
import { effectiveChanges, type Plan } from '../core/plan/plan.js';
import { checkWritable } from '../host/config-files.js';
import { planPassthrough } from '../core/plan/planner.js';
import { planIommuOn } from '../core/plan/iommu-stage.js';
import { iommuEnabled } from '../core/analysis/iommu.js';
import { allPassed, type Check, verifyIntent } from '../core/plan/verify.js';
import type { RecordedIntent } from '../host/journal.js';
import type { StepHooks } from '../host/runner.js';
import { applyPlan, type TransactionResult } from '../host/transaction.js';
import type { HostContext } from './context.js';
import { type GpuFlags, gpuRequest, type ResolvedRequest } from './gpu-request.js';

export type { TransactionResult };

export interface PlannedPassthrough {
  plan: Plan;
  /** Null for the first stage (the IOMMU is off: the plan only turns it on, core/plan/iommu-stage.ts). */
  intent: Intent | null;
  request: ResolvedRequest;
  /** Planned from a snapshot archive: the file contents are not in it (see snapshotNote). */
  fromSnapshot: boolean;
}

export const SNAPSHOT_NOTE =
  'planned from a snapshot: it holds no file contents (bootloader and initramfs files are empty markers), so the diff is ' +
  'against empty files; the kernel parameters, modprobe lines and commands are what this host needs';

export async function planPassthroughUse(ctx: HostContext, f: GpuFlags, command = 'plan'): Promise<PlannedPassthrough> {
  const request = gpuRequest(ctx, f, command);
  const host = await ctx.hostForPlan();
  const { plan, intent } = iommuEnabled(host) === false
    ? { plan: planIommuOn(host, ctx.files(), request.entries ?? []), intent: null }
    : planPassthrough(host, ctx.files(), request);
  checkWritable(ctx.root, effectiveChanges(plan).map((c) => c.path));
  if (ctx.archive) plan.warnings.unshift(SNAPSHOT_NOTE);
  return { plan, intent, request, fromSnapshot: ctx.archive };
}

/** What the CLI and the wizard show while regeneration commands run (src/host/runner.ts StepHooks). */
export type ApplyHooks = StepHooks;

export function recordOf(p: PlannedPassthrough): RecordedIntent | undefined {
  if (p.intent === null) return undefined; // the first stage chose no GPU yet
  return { command: 'apply', gpu: p.intent.gpu, also: p.request.also, allowBootGpu: p.request.allowBootGpu, entries: p.request.entries ?? [] };
}

/** Writes the plan as one transaction; commands run on the real system only (listed as not run elsewhere). */
export async function applyPassthroughUse(ctx: HostContext, p: PlannedPassthrough, hooks: ApplyHooks = {}): Promise<TransactionResult> {
  if (ctx.archive) throw new UsageError('a snapshot archive cannot be written to', 'run apply on the host itself');
  const result = await applyPlan(ctx.root, p.plan, {
    runCommands: ctx.real,
    ...(p.intent !== null ? { intent: recordOf(p) } : {}),
    ...hooks,
  });
  ctx.written();
  return result;
}

/** The commands that follow, with every flag the user gave (--root, --also, --allow-boot-gpu, --entry). */
export function nextCommands(ctx: HostContext, req: ResolvedRequest, gpu: string, extra: Partial<CommandContext> = {}): string[] {
  return equivalentCommands({ root: ctx.rootArg, gpu, allowBootGpu: req.allowBootGpu, hostAlso: req.also, entries: req.entries, ...extra });
}

export interface Verified {
  gpu: string;
  functions: string[];
  ok: boolean;
  checks: Check[];
}

export async function verifyUse(ctx: HostContext, f: GpuFlags): Promise<Verified> {
  const req = gpuRequest(ctx, f, 'verify');
  const host = await ctx.host();
  const intent = intentFor(host, chooseGuest(host, req));
  const checks = verifyIntent(host, intent, ctx.devVfio());
  return { gpu: intent.gpu, functions: intent.functions, ok: allPassed(checks), checks };
}
