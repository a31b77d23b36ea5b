// `dgpu rollback`: restore a transaction byte for byte (src/host/rollback.ts), then run its regeneration commands
// again on the real system; `--list` lists the transactions.
import { ApplyError } from '../core/errors.js';
import type { CommandStep } from '../core/plan/plan.js';
import { listTransactions, rollback, type RollbackResult, type TransactionSummary } from '../host/rollback.js';
import { runSteps } from '../host/runner.js';
import { restoreDomain } from '../host/virsh.js';
import type { HostContext } from './context.js';
import type { ApplyHooks } from './passthrough.js';

export function listUse(ctx: HostContext): TransactionSummary[] {
  return listTransactions(ctx.root);
}

export interface RolledBack extends RollbackResult {
  /** The regeneration commands not run (a root other than `/`). */
  notRun: CommandStep[];
}

export async function rollbackUse(ctx: HostContext, id: string | undefined, o: { force: boolean } & ApplyHooks): Promise<RolledBack> {
  const result = await rollback(ctx.root, id, { force: o.force, restoreDomain });
  ctx.written();
  if (result.commands.length === 0) return { ...result, notRun: [] };
  if (!ctx.real) return { ...result, notRun: result.commands };
  const { force: _force, ...hooks } = o;
  const { failed } = await runSteps(result.commands, hooks);
  if (failed) {
    throw new ApplyError(`the files are restored, but \`${failed.argv.join(' ')}\` exited with ${failed.exitCode}`, 'fix the cause and run it by hand');
  }
  return { ...result, notRun: [] };
}
