// What the wizard does to the machine, behind one small interface: the conversation (conversation.ts) only decides
// and asks; these steps are the application layer's use cases (src/app). Tests give the conversation a scripted
// stand-in; `appSteps` wires the real ones, so the wizard writes exactly what `dgpu apply` and `dgpu vm attach` would.
import type { HostContext } from '../../app/context.js';
import { applyPassthroughUse, planPassthroughUse, type PlannedPassthrough, verifyUse } from '../../app/passthrough.js';
import { applyAttachUse, listDomainsUse, planAttachUse, type PlannedAttach } from '../../app/vm-attach.js';
import { scanReport } from '../../core/analysis/scan-report.js';
import { effectiveChanges } from '../../core/plan/plan.js';
import type { TransactionResult } from '../../app/passthrough.js';
import { stepHooks } from '../io.js';
import type { InputMode } from '../../core/vm/attach.js';
import type { Plan } from '../../core/plan/plan.js';
import type { ScanJson } from '../../core/analysis/scan-report.js';
import type { Check } from '../../core/plan/verify.js';
import type { PassthroughRequest } from '../../core/plan/planner.js';

export type { Check } from '../../core/plan/verify.js';
export type { PassthroughRequest } from '../../core/plan/planner.js';

export interface AttachChoice {
  domain: string;
  gpu: string;
  input: InputMode;
  /** More functions for the VM (USB controllers for input `usb`). */
  also: string[];
  /** The user confirmed giving away the boot GPU (step 1). */
  allowBootGpu: boolean;
}

export interface Applied {
  /** Null: nothing was written. */
  id: string | null;
  files: string[];
  domains: string[];
  /** Commands run (or listed as not run: a root other than `/`). */
  commands: { argv: string[]; exitCode: number | null }[];
}

export interface WizardSteps {
  scan(): Promise<ScanJson>;
  plan(req: PassthroughRequest): Promise<Plan>;
  apply(plan: Plan): Promise<Applied>;
  /** Null when the host facts cannot be checked (the checks need the planner's intent). */
  verify(req: PassthroughRequest): Promise<Check[]>;
  listDomains(): Promise<string[]>;
  planAttach(choice: AttachChoice): Promise<Plan>;
  applyAttach(plan: Plan): Promise<Applied>;
}

/**
 * The real steps: the use cases of src/app on one host context, so the wizard plans, writes and refuses exactly
 * as `dgpu plan`, `apply`, `verify` and `vm attach` do, and reads the host once.
 */
export function appSteps(ctx: HostContext, connect: string): WizardSteps {
  const planned = new WeakMap<Plan, PlannedPassthrough>();
  const attachments = new WeakMap<Plan, PlannedAttach>();
  const flags = (req: PassthroughRequest) => ({ gpu: req.gpu, also: req.also, allowBootGpu: req.allowBootGpu, entry: req.entries ?? [] });
  return {
    async scan() {
      return scanReport(await ctx.host());
    },
    async plan(req) {
      const p = await planPassthroughUse(ctx, flags(req), 'setup');
      planned.set(p.plan, p);
      return p.plan;
    },
    async apply(plan) {
      return applied(await applyPassthroughUse(ctx, planned.get(plan)!, stepHooks));
    },
    async verify(req) {
      return (await verifyUse(ctx, flags(req))).checks;
    },
    listDomains: () => listDomainsUse(connect),
    async planAttach(c) {
      const p = await planAttachUse(ctx, c.domain, { gpu: c.gpu, also: c.also, allowBootGpu: c.allowBootGpu, input: c.input, connect });
      attachments.set(p.plan, p);
      return p.plan;
    },
    async applyAttach(plan) {
      const p = attachments.get(plan)!;
      const { id } = await applyAttachUse(ctx, p);
      return { id, files: effectiveChanges(p.plan).map((c) => c.path), domains: p.target && id !== null ? [p.target.name] : [], commands: [] };
    },
  };
}

function applied(r: TransactionResult): Applied {
  return {
    id: r.id,
    files: r.files.map((f) => f.path),
    domains: r.domains.map((d) => d.name),
    commands: r.commands.map((c) => ({ argv: c.argv, exitCode: c.exitCode })),
  };
}
