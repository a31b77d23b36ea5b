// `dgpu scan`: which GPUs the host has, their functions and groups, and the GPU to give the guest (issue 2).
import { Command, Option } from 'commander';
import { jsonOption, rootOption } from './common.js';

export const fromOption = () => new Option('--from <file>', 'read a pasted dump (IOMMU group listing, lspci -nn(k), ls-iommu) instead of the machine');

export function scanCommand(): Command {
  return new Command('scan')
    .description('find the GPUs, their IOMMU groups and the one to pass to the guest')
    .addOption(rootOption())
    .addOption(fromOption())
    .addOption(jsonOption())
    .action(async (opts: { root?: string; from?: string; json?: boolean }, cmd: Command) => {
      const [{ loadHost }, { scanReport }, io] = await Promise.all([
        import('./load-host.js'),
        import('../core/analysis/scan-report.js'),
        import('./io.js'),
      ]);
      const host = await loadHost(opts, cmd);
      const report = scanReport(host);
      if (opts.json) return io.printJson(report);
      const { scanView } = await import('./scan-view.js');
      io.out(scanView(host, report).join('\n'));
    });
}
