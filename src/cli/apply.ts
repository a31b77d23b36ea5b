// `dgpu apply`: the same diff as `dgpu plan`, a question (unless --yes), then one journaled transaction.
// Commands run only on the real system (root `/`); under another root they are listed as not run.
import { Command } from 'commander';
import type { GpuFlags } from '../app/gpu-request.js';
import { requestOptions } from './common.js';
import { rollbackCommands } from '../core/plan/wizard-choices.js';
import { examples } from './help.js';

export function applyCommand(): Command {
  const cmd = new Command('apply').description('write the plan (journal and backups first), then run its regeneration commands');
  return examples(requestOptions(cmd, true)
    .option('-y, --yes', 'do not ask before writing')
    .action(async (f: GpuFlags & { root?: string; yes?: boolean; json?: boolean }) => {
      const [{ withContext }, app, { isEmptyPlan, planToJson }, { printPlan }, io] = await Promise.all([
        import('../app/context.js'), import('../app/passthrough.js'), import('../core/plan/plan.js'), import('./plan-view.js'), import('./io.js'),
      ]);
      await withContext(f.root, { writes: 'apply' }, async (ctx) => {
        const planned = await app.planPassthroughUse(ctx, f, 'apply');
        if (f.json) planned.plan.warnings.forEach((w) => io.warn(w));
        else printPlan(planned.plan);
        const empty = isEmptyPlan(planned.plan);
        if (!empty) await io.confirmWrite('apply these changes?', f.yes === true);
        const result = empty ? null : await app.applyPassthroughUse(ctx, planned, io.stepHooks);
        const gpu = planned.intent?.gpu ?? planned.request.gpu;
        const [, again, verify] = app.nextCommands(ctx, planned.request, gpu);
        // the first stage: after the reboot the IOMMU is on, and the same command plans the GPU
        const next = planned.intent === null ? `${again!.replace(/ --yes/, '')}` : verify!;
        const undo = result === null ? null : rollbackCommands(ctx.rootArg, [result.id!])[0]!;
        if (undo !== null) io.note(`transaction ${result!.id} is written; undo it with \`${undo}\``);
        if (f.json) {
          return io.printJson({
            schema: 1, stage: planned.intent === null ? 'iommu' : 'gpu', gpu: planned.intent?.gpu ?? null, transaction: result?.id ?? null,
            plan: planToJson(planned.plan), files: result?.files ?? [], commands: result?.commands ?? [], next: result === null ? null : next, undo,
          });
        }
        if (result === null) return;
        io.out(`transaction ${result.id}: ${result.files.map((x) => `${x.kind} ${x.path}`).join(', ')}`);
        for (const c of result.commands) {
          if (c.exitCode === null) io.out(`not run (--root): ${c.argv.join(' ')}`);
        }
        io.out(planned.intent === null ? `reboot, then \`${next}\` again` : `reboot, then \`${next}\``);
        io.out(`undo with \`${undo}\``);
      });
    }));
}
