// `dgpu plan`: the diff of every file and the commands that `dgpu apply` would run; nothing is written.
import { Command } from 'commander';
import type { GpuFlags } from '../app/gpu-request.js';
import { requestOptions } from './common.js';
import { examples } from './help.js';

export function planCommand(): Command {
  const cmd = new Command('plan').description('show what apply would change to give a GPU to vfio-pci (nothing is written)');
  return examples(requestOptions(cmd, false)
    .action(async (f: GpuFlags & { root?: string; json?: boolean }) => {
      const [{ withContext }, { planPassthroughUse }, { planToJson }, io] = await Promise.all([
        import('../app/context.js'), import('../app/passthrough.js'), import('../core/plan/plan.js'), import('./io.js'),
      ]);
      await withContext(f.root, {}, async (ctx) => {
        const { plan, intent, fromSnapshot } = await planPassthroughUse(ctx, f);
        if (f.json) return io.printJson({ schema: 1, stage: intent === null ? 'iommu' : 'gpu', gpu: intent?.gpu ?? null, functions: intent?.functions ?? [], fromSnapshot, ...planToJson(plan) });
        const { printPlan } = await import('./plan-view.js');
        printPlan(plan);
      });
    }));
}
