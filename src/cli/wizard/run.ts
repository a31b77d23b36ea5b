// The action of `dgpu setup`: on a terminal, the conversation with @clack/prompts; without one, a refusal that
// prints the same steps as commands (exit 2), or, with --dry-run, the walk-through answered with the defaults
// (exit 0: `npm start` runs it in CI and pipes).
import { withContext } from '../../app/context.js';
import { EXIT, UsageError } from '../../core/errors.js';
import { equivalentCommands, rollbackCommands } from '../../core/plan/wizard-choices.js';
import { guardStreams, isTerminal, note, out } from '../io.js';
import type { SetupFlags } from '../setup.js';
import { WizardCancelled } from './ui.js';
import { appSteps, type WizardSteps } from './steps.js';
import { runWizard } from './conversation.js';

export const EXIT_CANCELLED = EXIT.cancelled;

export async function runSetup(f: SetupFlags): Promise<void> {
  const rootArg = f.root ?? '/';
  const dryRun = f.dryRun === true;
  await withContext(rootArg, dryRun ? {} : { writes: 'setup (without --dry-run)' }, async (ctx) => {
    const guard = new InterruptGuard(rootArg);
    const steps = guard.wrap(appSteps(ctx, f.connect));
    const o = { rootArg, dryRun, connect: f.connect };
    if (!(isTerminal(0) && isTerminal(1))) {
      if (dryRun) {
        const { plainUi } = await import('./plain-ui.js');
        process.exitCode = (await runWizard(plainUi(), steps, o)).exitCode;
        return;
      }
      return await refuse(steps, rootArg);
    }
    const { clackUi } = await import('./ui.js');
    guardStreams(); // clack writes through process.stdout
    const ui = await clackUi();
    process.on('SIGINT', guard.onSigint);
    try {
      process.exitCode = (await runWizard(ui, steps, o)).exitCode;
    } catch (e) {
      if (!(e instanceof WizardCancelled)) throw e;
      const written = e.applied.filter((a) => a.id !== null).map((a) => a.id!);
      const p = await import('@clack/prompts');
      p.cancel(written.length === 0 ? 'cancelled, nothing written' : `cancelled, nothing more written; to undo what was: ${rollbackCommands(rootArg, written).join('; ')}`);
      process.exitCode = EXIT_CANCELLED;
    } finally {
      process.off('SIGINT', guard.onSigint);
    }
  });
}

/** No terminal, no conversation: the same steps as commands, from the host as scanned. */
async function refuse(steps: WizardSteps, rootArg: string): Promise<never> {
  const report = await steps.scan();
  out(`# dgpu setup asks questions and needs a terminal; the same steps as commands${report.proposedGuest === null ? ` (no GPU proposed: ${report.proposedGuestReason})` : ''}:`);
  for (const c of equivalentCommands({ root: rootArg, gpu: report.proposedGuest })) out(c);
  throw new UsageError('dgpu setup needs a terminal (stdin and stdout)', 'run it in a terminal, run the commands above, or add --dry-run for a walk-through');
}

/**
 * Ctrl-C between prompts (clack reads keys raw only inside a prompt, so elsewhere it is a SIGINT). Outside a
 * transaction nothing is half-done: say so and stop at once. Inside one, let it finish (it is atomic either
 * way, but its journal must be complete for `dgpu rollback`), then stop as a cancel.
 */
class InterruptGuard {
  private inTransaction = false;
  private interrupted = false;
  private written: string[] = [];

  constructor(private readonly rootArg: string) {}

  readonly onSigint = (): void => {
    if (this.inTransaction) {
      this.interrupted = true;
      note('\ninterrupted: finishing the transaction first');
      return;
    }
    const undo = this.written.length === 0 ? '' : `; to undo what was: ${rollbackCommands(this.rootArg, this.written).join('; ')}`;
    note(`\n${this.written.length === 0 ? 'cancelled, nothing written' : `cancelled, nothing more written${undo}`}`);
    process.exit(EXIT_CANCELLED);
  };

  wrap(steps: WizardSteps): WizardSteps {
    const guarded = (fn: WizardSteps['apply']): WizardSteps['apply'] => async (plan) => {
      this.inTransaction = true;
      try {
        const r = await fn(plan);
        if (r.id !== null) this.written.push(r.id);
        if (this.interrupted) {
          const e = new WizardCancelled();
          e.applied.push(r);
          throw e;
        }
        return r;
      } finally {
        this.inTransaction = false;
      }
    };
    return { ...steps, apply: guarded(steps.apply), applyAttach: guarded(steps.applyAttach) };
  }
}
