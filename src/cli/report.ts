// `dgpu report`: writes one self-contained HTML page about the host (src/core/report/report-html.ts) from the
// inputs src/app/report.ts gathers.
import { Command, Option } from 'commander';
import type { ReportFlags } from '../app/report.js';
import { fromOption, rootOption } from './common.js';
import { examples } from './help.js';

export function reportCommand(): Command {
  return examples(new Command('report')
    .description('write one self-contained HTML page: GPUs, IOMMU groups drawn, guest GPU and blockers, macOS verdict, plan')
    .addOption(rootOption())
    .addOption(fromOption())
    .option('--scan <file>', 'read the host from a `dgpu scan --json` file')
    .option('--plan <file>', 'show this plan (`dgpu plan --json`) instead of dgpu\'s own for the guest GPU')
    .option('--gpu <addr>', 'the guest GPU (default: the GPU of the latest `dgpu apply`, else the proposed one)')
    .addOption(new Option('--out <file>', 'where to write the page; - for stdout').default('dgpu-report.html'))
    .action(async (f: ReportFlags & { out: string }) => {
      const [{ reportInputUse }, { writeOutput }, { reportHtml }, io] = await Promise.all([
        import('../app/report.js'), import('../app/output.js'), import('../core/report/report-html.js'), import('./io.js'),
      ]);
      const input = await reportInputUse(f);
      input.notes.forEach(io.warn);
      const html = reportHtml(input.scan, input.guest === undefined ? { plan: input.plan } : { plan: input.plan, guest: input.guest });
      if (f.out === '-') {
        io.write(html);
        return;
      }
      writeOutput(f.out, html);
      io.progress('report written');
      io.out(f.out);
    }));
}
