// `dgpu scan`: which GPUs the host has, their functions and groups, and the GPU to give the guest.
import { Command } from 'commander';
import { fromOption, jsonOption, rootOption } from './common.js';

export function scanCommand(): Command {
  return new Command('scan')
    .description('find the GPUs, their IOMMU groups and the one to pass to the guest')
    .addOption(rootOption())
    .addOption(fromOption())
    .addOption(jsonOption())
    .action(async (opts: { root?: string; from?: string; json?: boolean }) => {
      const [{ scanUse }, io] = await Promise.all([import('../app/scan.js'), import('./io.js')]);
      const { host, report, notes } = await scanUse(opts);
      notes.forEach(io.warn);
      if (opts.json) return io.printJson(report);
      const { scanView } = await import('./scan-view.js');
      io.out(scanView(host, report).join('\n'));
    });
}
