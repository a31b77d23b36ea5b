// `dgpu apply`: the same diff as `dgpu plan`, a question (unless --yes), then one journaled transaction.
// Commands run only on the real system (root `/`); under another root they are listed as not run.
import { Command } from 'commander';
import type { GpuFlags } from '../app/gpu-request.js';
import { allowBootGpuOption, entryOption, gpuOptions, rootOption } from './common.js';

export function applyCommand(): Command {
  const cmd = new Command('apply').description('write the plan (journal and backups first), then run its regeneration commands');
  for (const o of gpuOptions(true)) cmd.addOption(o);
  return cmd
    .addOption(allowBootGpuOption())
    .addOption(entryOption())
    .addOption(rootOption())
    .option('-y, --yes', 'do not ask before writing')
    .action(async (f: GpuFlags & { root?: string; yes?: boolean }) => {
      const [{ withContext }, app, { isEmptyPlan }, { printPlan }, io] = await Promise.all([
        import('../app/context.js'), import('../app/passthrough.js'), import('../core/plan/plan.js'), import('./plan-view.js'), import('./io.js'),
      ]);
      await withContext(f.root, { writes: 'apply' }, async (ctx) => {
        const planned = await app.planPassthroughUse(ctx, f, 'apply');
        printPlan(planned.plan);
        if (isEmptyPlan(planned.plan)) return;
        await io.confirmWrite('apply these changes?', f.yes === true);
        const result = await app.applyPassthroughUse(ctx, planned, io.stepHooks);
        const undo = `dgpu rollback ${result.id}${ctx.rootArg === '/' ? '' : ` --root ${ctx.rootArg}`}`;
        io.note(`transaction ${result.id} is written; undo it with \`${undo}\``);
        io.out(`transaction ${result.id}: ${result.files.map((x) => `${x.kind} ${x.path}`).join(', ')}`);
        for (const c of result.commands) {
          if (c.exitCode === null) io.out(`not run (--root): ${c.argv.join(' ')}`);
        }
        if (planned.intent === null) {
          // the first stage: the IOMMU is on after the reboot, and the same command plans the GPU
          const [, again] = app.nextCommands(ctx, planned.request, planned.request.gpu);
          io.out(`reboot, then \`${again!.replace(/ --yes/, '')}\` again`);
        } else {
          const [, , verify] = app.nextCommands(ctx, planned.request, planned.intent.gpu);
          io.out(`reboot, then \`${verify}\``);
        }
        io.out(`undo with \`${undo}\``);
      });
    });
}
