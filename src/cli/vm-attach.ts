// The action of `dgpu vm attach`: plan (src/app/vm-attach.ts), show the diff, ask, then apply.
import { changesInPlace, applyAttachUse, planAttachUse, type AttachFlags } from '../app/vm-attach.js';
import { withContext } from '../app/context.js';
import { planDiff, unifiedDiff } from '../core/plan/diff.js';
import { effectiveChanges, isEmptyPlan, type Plan } from '../core/plan/plan.js';
import { QEMU_CONF } from '../core/vm/attach-plan.js';
import { printable, printableText } from '../core/printable.js';
import { confirmWrite, note, out, warn } from './io.js';

export async function runAttach(domain: string | undefined, f: AttachFlags & { root?: string; yes?: boolean; dryRun?: boolean }): Promise<void> {
  await withContext(f.root, f.dryRun ? {} : { writes: 'vm attach', noLock: true }, async (ctx) => {
    const p = await planAttachUse(ctx, domain, f);
    p.plan.warnings.forEach((w) => warn(w));
    const xmlChanged = p.xml !== p.original;
    if (isEmptyPlan(p.plan) && !xmlChanged) out(`nothing to do: ${p.label} already passes ${p.gpu} as asked`);
    if (xmlChanged && p.xmlFile) out(printableText(unifiedDiff(p.xmlFile.path, p.original, p.xml)));
    if (!isEmptyPlan(p.plan)) out(printableText(planDiff(p.plan)));
    if (f.dryRun) return printOpenCore(p.openCore);
    if (changesInPlace(p)) await confirmWrite(question(p.plan, f.connect, p.xmlFile?.out === undefined ? p.xmlFile?.path : undefined), f.yes === true);
    const done = await applyAttachUse(ctx, p);
    const root = ctx.rootArg === '/' ? '' : ` --root ${ctx.rootArg}`;
    if (done.id !== null) note(`transaction ${done.id} is written; undo it with \`dgpu rollback ${done.id}${root}\``);
    if (done.id !== null) out(`transaction ${done.id}: undo it with \`dgpu rollback ${done.id}${root}\``);
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
