// `dgpu apply`: the same diff as `dgpu plan`, a question (unless --yes), then one transaction (issue 3).
// Commands run only on the real system (root `/`); under another root they are listed as not run.
import { createInterface } from 'node:readline/promises';
import { Command } from 'commander';
import { EnvironmentError, UsageError } from '../core/errors.js';
import { resolveRoot, rootOption } from './common.js';
import { addRequestOptions, type RequestFlags } from './passthrough.js';

export function applyCommand(): Command {
  return addRequestOptions(new Command('apply').description('write the plan (journal and backups first), then run its regeneration commands'))
    .addOption(rootOption())
    .option('-y, --yes', 'do not ask before writing')
    .action(async (f: RequestFlags) => {
      const root = resolveRoot(f.root);
      const real = root === '/';
      if (real && process.getuid?.() !== 0) {
        throw new EnvironmentError('dgpu apply changes /etc and /boot: it must run as root; nothing was written', 'run it with sudo');
      }
      const [{ planPassthrough }, { isEmptyPlan }, { applyPlan }, pt, io] = await Promise.all([
        import('../core/plan/planner.js'), import('../core/plan/plan.js'), import('../host/transaction.js'), import('./passthrough.js'), import('./io.js'),
      ]);
      const req = pt.requestOf(f);
      const { host, files } = await pt.readHostAndFiles(root);
      const { plan, intent } = planPassthrough(host, files, req);
      await pt.printPlan(plan);
      if (isEmptyPlan(plan)) return;
      await confirm(f.yes === true);
      const result = await applyPlan(root, plan, {
        runCommands: real,
        onOutput: (chunk, stream) => (stream === 'stdout' ? process.stdout : process.stderr).write(chunk),
      });
      io.out(`transaction ${result.id}: ${result.files.map((x) => `${x.kind} ${x.path}`).join(', ')}`);
      for (const c of result.commands) {
        if (c.exitCode === null) io.out(`not run (--root): ${c.argv.join(' ')}`);
      }
      io.out(`reboot, then \`dgpu verify --gpu ${intent.gpu}${req.also.map((a) => ` --also ${a}`).join('')}\``);
      io.out(`undo with \`dgpu rollback ${result.id}\``);
    });
}

async function confirm(yes: boolean): Promise<void> {
  if (yes) return;
  if (!process.stdin.isTTY) throw new UsageError('not writing anything without confirmation (stdin is not a terminal)', 'pass --yes to apply without asking');
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    const answer = await rl.question('apply these changes? [y/N] ');
    if (!/^y(es)?$/i.test(answer.trim())) throw new UsageError('cancelled; nothing was changed');
  } finally {
    rl.close();
  }
}
