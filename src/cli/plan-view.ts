// A plan for humans: the warnings, the diff of every file, the commands; "nothing to do" when it is empty.
import { planDiff } from '../core/plan/diff.js';
import { effectiveChanges, isEmptyPlan, type Plan } from '../core/plan/plan.js';
import { printableText } from '../core/printable.js';
import { out, style, warn } from './io.js';

export function printPlan(plan: Plan): void {
  for (const w of plan.warnings) warn(w);
  if (isEmptyPlan(plan)) {
    out(plan.manual?.length ? 'nothing to do for dgpu: what is left is by hand (the warning above)' : 'nothing to do: the host is already set up for this GPU');
    return;
  }
  for (const c of effectiveChanges(plan)) out(style('bold', `# ${c.path}: ${c.reason}`));
  out(printableText(planDiff(plan).replace(/\n$/, '')));
  if (plan.commands.length > 0) {
    out(style('bold', 'then run:'));
    for (const c of plan.commands) out(`  ${c.argv.join(' ')}    # ${c.reason}`);
  }
}
