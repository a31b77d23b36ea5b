// The action of `dgpu vm attach`: plan (src/app/vm-attach.ts), show the diff, ask, then apply.
import { changesInPlace, applyAttachUse, planAttachUse, type AttachFlags } from '../app/vm-attach.js';
import { withContext } from '../app/context.js';
import { planDiff, unifiedDiff } from '../core/plan/diff.js';
import { effectiveChanges, isEmptyPlan, type Plan } from '../core/plan/plan.js';
import { QEMU_CONF } from '../core/vm/attach-plan.js';
import { rollbackCommands } from '../core/plan/wizard-choices.js';
import { printable, printableText } from '../core/printable.js';
import { confirmWrite, note, out, printJson, warn } from './io.js';

export async function runAttach(domain: string | undefined, f: AttachFlags & { root?: string; yes?: boolean; dryRun?: boolean; json?: boolean }): Promise<void> {
  await withContext(f.root, f.dryRun ? {} : { writes: 'vm attach', noLock: true }, async (ctx) => {
    const p = await planAttachUse(ctx, domain, f);
    p.plan.warnings.forEach((w) => warn(w));
    const xmlChanged = p.xml !== p.original;
    const diff = [xmlChanged && p.xmlFile ? unifiedDiff(p.xmlFile.path, p.original, p.xml) : '', isEmptyPlan(p.plan) ? '' : planDiff(p.plan)].join('');
    const json = (done: { id: string | null; wrote: string | null } | null) => printJson({
      schema: 1, gpu: p.gpu, functions: p.functions.map((x) => x.address), domain: p.target?.name ?? null, file: p.xmlFile?.path ?? null,
      dryRun: f.dryRun === true, diff, warnings: p.plan.warnings, transaction: done?.id ?? null, wrote: done?.wrote ?? null,
    });
    if (!f.json) {
      if (isEmptyPlan(p.plan) && !xmlChanged) out(`nothing to do: ${p.label} already passes ${p.gpu} as asked`);
      if (diff !== '') out(printableText(diff));
    }
    if (f.dryRun) {
      if (!f.json) printOpenCore(p.openCore);
      return f.json ? json(null) : undefined;
    }
    if (changesInPlace(p)) await confirmWrite(question(p.plan, f.connect, p.xmlFile?.out === undefined ? p.xmlFile?.path : undefined), f.yes === true);
    const done = await applyAttachUse(ctx, p);
    const undo = done.id === null ? null : rollbackCommands(ctx.rootArg, [done.id])[0]!;
    if (done.id !== null) note(`transaction ${done.id} is written; undo it with \`${undo}\``);
    if (f.json) return json(done);
    if (done.id !== null) out(`transaction ${done.id}: undo it with \`${undo}\``);
    if (done.wrote !== null) out(`wrote ${done.wrote}${p.xmlFile?.out === undefined ? ` (the old one is ${done.wrote}.dgpu-bak)` : ''}`);
    if (effectiveChanges(p.plan).some((c) => c.path === QEMU_CONF)) out(`${QEMU_CONF} changed: restart libvirtd (or virtqemud) before starting the VM`);
    if (p.target && done.id !== null) out(`defined '${printable(p.target.name)}': ${p.gpu} and its functions share one guest slot`);
    printOpenCore(p.openCore);
  });
}

/** Only where macOS needs something for the GPU: a native or unsupported card says nothing more here. */
function printOpenCore(oc: { summary: string; plist: string | null }): void {
  if (oc.plist === null) return;
  out(oc.summary);
  out(`OpenCore config.plist fragment (merge into yours):\n${oc.plist}`);
}

function question(plan: Plan, connect: string, file: string | undefined): string {
  const what = [
    ...(plan.domains ?? []).map((d) => `define domain '${d.name}' on ${connect}`),
    ...effectiveChanges(plan).map((c) => `change ${c.path}`),
    ...(file ? [`rewrite ${file}`] : []),
  ];
  return `${what.join(' and ')}?`;
}
