// `dgpu report`: writes one self-contained HTML page about the host (src/core/report/report-html.ts).
// The scan comes from a `dgpu scan --json` file (--scan), or is made here from --root / --from through the
// loader passed in by commands.ts (the scan module's `scanReport(host)`), so this file only depends on the
// schema-1 JSON contract.
import { Command, Option } from 'commander';
import { UsageError } from '../core/errors.js';
import type { ReportPlan, ReportScan } from '../core/report/report-input.js';
import { addressArg, resolveRoot, rootOption } from './common.js';
import { out, progress } from './io.js';

export type ScanSource = { kind: 'root'; root: string } | { kind: 'dump'; file: string };
export type ScanLoader = (source: ScanSource) => Promise<ReportScan>;

interface ReportOpts {
  root: string;
  from?: string;
  scan?: string;
  plan?: string;
  guest?: string;
  out: string;
}

async function readJson(file: string, what: string): Promise<unknown> {
  const { readFile } = await import('node:fs/promises');
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    throw new UsageError(`cannot read ${what} '${file}': ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new UsageError(`${what} '${file}' is not JSON`, 'give the output of `dgpu scan --json` / `dgpu plan --json`');
  }
}

function asScan(value: unknown, file: string): ReportScan {
  const v = value as Partial<ReportScan> | null;
  if (v === null || typeof v !== 'object' || v.schema !== 1 || !Array.isArray(v.devices) || !Array.isArray(v.gpus)) {
    throw new UsageError(`'${file}' is not a schema-1 scan`, 'make one with `dgpu scan --json > scan.json`');
  }
  return { findings: [], proposedGuest: null, ...v } as ReportScan;
}

function asPlan(value: unknown, file: string): ReportPlan {
  const v = value as Partial<ReportPlan> | null;
  if (v === null || typeof v !== 'object' || !Array.isArray(v.changes) || !Array.isArray(v.commands)) {
    throw new UsageError(`'${file}' is not a plan (changes, commands, warnings)`);
  }
  return { warnings: [], ...v } as ReportPlan;
}

/** The host as `dgpu scan` reads it (sysfs under --root, or a dump), as its schema-1 JSON. */
const scanLoader: ScanLoader = async (source) => {
  const [{ loadHostFrom }, { scanReport }] = await Promise.all([import('./load-host.js'), import('../core/analysis/scan-report.js')]);
  const host = await loadHostFrom(source.kind === 'dump' ? { from: source.file } : { root: source.root });
  return scanReport(host) as ReportScan;
};

async function loadScan(opts: ReportOpts, loader: ScanLoader): Promise<ReportScan> {
  if (opts.scan !== undefined && opts.from !== undefined) throw new UsageError('--scan and --from exclude each other');
  if (opts.scan !== undefined) return asScan(await readJson(opts.scan, 'scan'), opts.scan);
  return loader(opts.from !== undefined ? { kind: 'dump', file: opts.from } : { kind: 'root', root: resolveRoot(opts.root) });
}

export function reportCommand(loader: ScanLoader = scanLoader): Command {
  return new Command('report')
    .description('write one self-contained HTML page: GPUs, IOMMU groups drawn, guest GPU and blockers, macOS verdict, plan')
    .addOption(rootOption())
    .option('--from <file>', 'read the host from a text dump (lspci / IOMMU group listing) instead of sysfs')
    .option('--scan <file>', 'read the host from a `dgpu scan --json` file')
    .option('--plan <file>', 'show this plan (JSON: changes, commands, warnings)')
    .option('--guest <address>', 'the guest GPU (default: the proposed one)')
    .addOption(new Option('--out <file>', 'where to write the page; - for stdout').default('dgpu-report.html'))
    .action(async (opts: ReportOpts) => {
      const guest = opts.guest === undefined ? undefined : addressArg(opts.guest);
      const scan = await loadScan(opts, loader);
      if (guest !== undefined && !scan.gpus.some((g) => g.address === guest)) {
        throw new UsageError(`--guest: ${guest} is not a GPU of this host`, 'see the GPUs with `dgpu scan`');
      }
      const plan = opts.plan === undefined ? null : asPlan(await readJson(opts.plan, 'plan'), opts.plan);
      const { reportHtml } = await import('../core/report/report-html.js');
      const html = reportHtml(scan, guest === undefined ? { plan } : { plan, guest });
      if (opts.out === '-') {
        process.stdout.write(html);
        return;
      }
      const { writeFile } = await import('node:fs/promises');
      await writeFile(opts.out, html);
      progress(`report written`);
      out(opts.out);
    });
}
