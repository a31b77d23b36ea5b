// What the wizard shows: a plan (warnings, the diff, the commands) and step 5, the summary: what changed, the
// transaction ids, how to undo it, and the commands that do the same.
import { planDiff } from '../../core/plan/diff.js';
import { printableText } from '../../core/printable.js';
import { effectiveChanges, type Plan } from '../../core/plan/plan.js';
import { type CommandContext, equivalentCommands, rollbackCommands } from '../../core/plan/wizard-choices.js';
import type { Applied } from './steps.js';
import type { WizardUi } from './ui.js';

export function summaryLines(applied: Applied[], ctx: CommandContext, dryRun: boolean): string[] {
  const written = applied.filter((a) => a.id !== null);
  const lines: string[] = [];
  if (written.length === 0) lines.push(dryRun ? 'nothing was written (dry run)' : 'nothing was written');
  for (const a of written) {
    const what = [...a.files, ...a.domains.map((d) => `domain ${d}`)];
    lines.push(`transaction ${a.id}: ${what.join(', ')}`);
  }
  if (written.length > 0) {
    lines.push('to undo:', ...rollbackCommands(ctx.root, written.map((a) => a.id!)).map((c) => `  ${c}`));
  }
  lines.push('the same without the wizard:', ...equivalentCommands(ctx).map((c) => `  ${c}`));
  return lines;
}

export function showPlan(ui: WizardUi, plan: Plan): void {
  for (const w of plan.warnings) ui.warn(w);
  for (const c of effectiveChanges(plan)) ui.info(`${c.path}: ${c.reason}`);
  ui.message(printableText(planDiff(plan).replace(/\n$/, '')));
  if (plan.commands.length > 0) ui.message(['then:', ...plan.commands.map((c) => `  ${c.argv.join(' ')}    # ${c.reason}`)].join('\n'));
}
