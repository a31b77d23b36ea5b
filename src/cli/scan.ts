// `dgpu scan`: which GPUs the host has, their functions and groups, and the GPU to give the guest.
import { Command } from 'commander';
import { type ListingFlags, listingOptions } from './common.js';
import { examples } from './help.js';

export function scanCommand(): Command {
  return examples(listingOptions(new Command('scan')
    .description('find the GPUs, their IOMMU groups and the one to pass to the guest')
    .action(async (opts: ListingFlags) => {
      const [{ scanUse }, io] = await Promise.all([import('../app/scan.js'), import('./io.js')]);
      const { host, report, notes } = await scanUse(opts, { slot: opts.s, ids: opts.d });
      notes.forEach(io.warn);
      if (opts.json) return io.printJson(report);
      const { scanView } = await import('./scan-view.js');
      io.out(scanView(host, report).join('\n'));
    })));
}
