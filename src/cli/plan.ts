// `dgpu plan`: the diff of every file and the commands that `dgpu apply` would run; nothing is written (issue 3).
import { Command } from 'commander';
import { jsonOption, resolveRoot, rootOption } from './common.js';
import { addRequestOptions, type RequestFlags } from './passthrough.js';

export function planCommand(): Command {
  return addRequestOptions(new Command('plan').description('show what apply would change to give a GPU to vfio-pci (nothing is written)'))
    .addOption(rootOption())
    .addOption(jsonOption())
    .action(async (f: RequestFlags) => {
      const [{ openRoot }, { planPassthrough }, { planToJson }, pt, io] = await Promise.all([
        import('../host/snapshot.js'), import('../core/plan/planner.js'), import('../core/plan/plan.js'), import('./passthrough.js'), import('./io.js'),
      ]);
      const req = pt.requestOf(f);
      const { dir, cleanup } = await openRoot(resolveRoot(f.root));
      try {
        const { host, files } = await pt.readHostAndFiles(dir);
        const { plan } = planPassthrough(host, files, req);
        if (f.json) return io.printJson(planToJson(plan));
        await pt.printPlan(plan);
      } finally {
        cleanup();
      }
    });
}
