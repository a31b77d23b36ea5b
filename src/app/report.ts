// `dgpu report`: one self-contained HTML page (src/core/report) from the host under --root, a dump (--from) or a
// `dgpu scan --json` file (--scan). The guest is --gpu, else the GPU of the latest `dgpu apply`, else the
// proposed one; the plan is --plan FILE, else dgpu's own for that GPU where the host's files can be read.
import { addressArg } from '../core/address.js';
import { scanReport } from '../core/analysis/scan-report.js';
import { DgpuError, UsageError } from '../core/errors.js';
import { planToJson } from '../core/plan/plan.js';
import type { ReportPlan, ReportScan } from '../core/report/report-input.js';
import { readUserFile } from '../host/user-files.js';
import { withContext } from './context.js';
import { planPassthroughUse } from './passthrough.js';
import { loadHostUse } from './scan.js';

export interface ReportFlags {
  root?: string;
  from?: string;
  scan?: string;
  plan?: string;
  gpu?: string;
}

export interface ReportInput {
  scan: ReportScan;
  plan: ReportPlan | null;
  guest?: string;
  /** Notes from the dump reader. */
  notes: string[];
}

function readJson(file: string, what: string): unknown {
  const text = readUserFile(file, what, `give the output of \`dgpu ${what} --json\``).toString('utf8');
  try {
    return JSON.parse(text);
  } catch {
    throw new UsageError(`${what} '${file}' is not JSON`, `give the output of \`dgpu ${what} --json\``);
  }
}

function asScan(value: unknown, file: string): ReportScan {
  const v = value as Partial<ReportScan> | null;
  if (v === null || typeof v !== 'object' || v.schema !== 1 || !Array.isArray(v.devices) || !Array.isArray(v.gpus)) {
    throw new UsageError(`'${file}' is not a schema-1 scan`, 'make one with `dgpu scan --json > scan.json`');
  }
  return { findings: [], proposedGuest: null, ...v } as ReportScan;
}

function asPlan(value: unknown, file: string): ReportPlan {
  const v = value as Partial<ReportPlan> | null;
  if (v === null || typeof v !== 'object' || !Array.isArray(v.changes) || !Array.isArray(v.commands)) {
    throw new UsageError(`'${file}' is not a plan (changes, commands, warnings)`);
  }
  return { warnings: [], ...v } as ReportPlan;
}

export async function reportInputUse(f: ReportFlags): Promise<ReportInput> {
  if (f.scan !== undefined && (f.from !== undefined || f.root !== undefined)) {
    throw new UsageError('--scan names the host already', 'give one of --scan, --from and --root');
  }
  const gpuArg = f.gpu === undefined || f.gpu === 'auto' ? undefined : addressArg(f.gpu);
  const given = f.plan === undefined ? null : asPlan(readJson(f.plan, 'plan'), f.plan);
  let input: ReportInput;
  if (f.scan !== undefined) input = { scan: asScan(readJson(f.scan, 'scan'), f.scan), plan: given, notes: [] };
  else if (f.from !== undefined) {
    const { host, notes } = await loadHostUse({ from: f.from });
    input = { scan: scanReport(host) as ReportScan, plan: given, notes };
  } else {
    input = await withContext(f.root, {}, async (ctx) => {
      const host = await ctx.host();
      const guest = gpuArg ?? ctx.recorded()?.gpu;
      return { scan: scanReport(host) as ReportScan, plan: given ?? (await ownPlan(ctx, guest)), notes: [], ...(guest ? { guest } : {}) };
    });
  }
  const guest = gpuArg ?? input.guest;
  if (guest !== undefined && !input.scan.gpus.some((g) => g.address === guest)) {
    throw new UsageError(`--gpu: ${guest} is not a GPU of this host`, 'see the GPUs with `dgpu scan`');
  }
  return guest === undefined ? { ...input, guest: undefined } : { ...input, guest };
}

/** dgpu's plan for the guest GPU; null when the host cannot take one (the page then shows why in its findings). */
async function ownPlan(ctx: Parameters<typeof planPassthroughUse>[0], guest: string | undefined): Promise<ReportPlan | null> {
  try {
    return planToJson((await planPassthroughUse(ctx, { gpu: guest ?? 'auto' }, 'report')).plan);
  } catch (e) {
    if (e instanceof DgpuError) return null;
    throw e;
  }
}
