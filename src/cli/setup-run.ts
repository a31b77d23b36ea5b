// The action of `dgpu setup`: on a terminal, the conversation with @clack/prompts; without one, a refusal that
// prints the same steps as commands (exit 2), or, with --dry-run, the walk-through answered with the defaults
// (exit 0: `npm start` runs it in CI and pipes).
import { UsageError } from '../core/errors.js';
import { equivalentCommands } from '../core/wizard-choices.js';
import { resolveRoot } from './common.js';
import { out } from './io.js';
import type { SetupFlags } from './setup.js';
import { WizardCancelled } from './wizard-ui.js';
import { realSteps, type WizardSteps } from './wizard-steps.js';
import { runWizard } from './wizard.js';
import { rollbackCommands } from '../core/wizard-choices.js';

export const EXIT_CANCELLED = 130; // 128 + SIGINT, what a shell reports for Ctrl-C

export async function runSetup(f: SetupFlags): Promise<void> {
  const rootArg = f.root ?? '/';
  const dryRun = f.dryRun === true;
  const { openRoot } = await import('../host/snapshot.js');
  const { dir, cleanup } = await openRoot(resolveRoot(rootArg));
  try {
    if (!dryRun && dir !== resolveRoot(rootArg)) {
      throw new UsageError('a snapshot archive can only be walked through', 'add --dry-run, or pass the real root (default /)');
    }
    const steps = guardInterrupts(realSteps({ root: dir, connect: f.connect }));
    const o = { rootArg, dryRun, connect: f.connect };
    if (!(process.stdin.isTTY && process.stdout.isTTY)) {
      if (dryRun) {
        const { plainUi } = await import('./wizard-plain-ui.js');
        process.exitCode = (await runWizard(plainUi(), steps, o)).exitCode;
        return;
      }
      return await refuse(steps, rootArg);
    }
    const { clackUi } = await import('./wizard-ui.js');
    const ui = await clackUi();
    try {
      process.exitCode = (await runWizard(ui, steps, o)).exitCode;
    } catch (e) {
      if (!(e instanceof WizardCancelled)) throw e;
      const written = e.applied.filter((a) => a.id !== null).map((a) => a.id!);
      const p = await import('@clack/prompts');
      p.cancel(written.length === 0 ? 'cancelled, nothing written' : `cancelled, nothing more written; to undo what was: ${rollbackCommands(rootArg, written).join('; ')}`);
      process.exitCode = EXIT_CANCELLED;
    }
  } finally {
    cleanup();
  }
}

/** No terminal, no conversation: the same steps as commands, from the host as scanned. */
async function refuse(steps: WizardSteps, rootArg: string): Promise<never> {
  const report = await steps.scan();
  out(`# dgpu setup asks questions and needs a terminal; the same steps as commands${report.proposedGuest === null ? ` (no GPU proposed: ${report.proposedGuestReason})` : ''}:`);
  for (const c of equivalentCommands({ root: rootArg, gpu: report.proposedGuest })) out(c);
  throw new UsageError('dgpu setup needs a terminal (stdin and stdout)', 'run it in a terminal, run the commands above, or add --dry-run for a walk-through');
}

/**
 * Ctrl-C while a transaction runs (the terminal is out of raw mode between prompts) must not kill it half-way:
 * let it finish (it is atomic either way), then stop as a cancel.
 */
function guardInterrupts(steps: WizardSteps): WizardSteps {
  const guarded = (fn: WizardSteps['apply']): WizardSteps['apply'] => async (plan) => {
    let interrupted = false;
    const onSigint = () => {
      interrupted = true;
      process.stderr.write('\ninterrupted: finishing the transaction first\n');
    };
    process.on('SIGINT', onSigint);
    try {
      const r = await fn(plan);
      if (interrupted) {
        const e = new WizardCancelled();
        e.applied.push(r);
        throw e;
      }
      return r;
    } finally {
      process.off('SIGINT', onSigint);
    }
  };
  return { ...steps, apply: guarded(steps.apply), applyAttach: guarded(steps.applyAttach) };
}
