// `dgpu setup` (and `dgpu` alone on a terminal): the guide's five steps as one conversation.
// It only decides and asks; `steps` does the reading and writing, the same code as `dgpu apply` and
// `dgpu vm attach`. A cancelled prompt throws WizardCancelled before anything is started; a transaction, once
// started, is atomic (src/host/transaction.ts), so nothing is ever left half-done.
import { isEmptyPlan, effectiveChanges } from '../../core/plan/plan.js';
import { EnvironmentError } from '../../core/errors.js';
import { describeMacos } from '../../core/analysis/macos.js';
import { amdResetBug } from '../../core/analysis/reset-bug.js';
import type { ScanJson } from '../../core/analysis/scan-report.js';
import { equivalentCommands, gpuChoices, hostSummary, initialGpu, shortAddress } from '../../core/plan/wizard-choices.js';
import { WizardCancelled, type WizardUi } from './ui.js';
import type { Applied, AttachChoice, PassthroughRequest, WizardSteps } from './steps.js';
import { vmStep } from './vm-step.js';
import { showPlan, summaryLines } from './view.js';

export interface WizardOptions {
  /** --root as the user gave it (shown in the commands the wizard suggests). */
  rootArg: string;
  dryRun: boolean;
  connect: string;
}

/** What the conversation did: transactions written and the exit code (1: verify found something to fix). */
export interface WizardOutcome {
  applied: Applied[];
  exitCode: number;
}

export async function runWizard(ui: WizardUi, steps: WizardSteps, o: WizardOptions): Promise<WizardOutcome> {
  const applied: Applied[] = [];
  try {
    return await conversation(ui, steps, o, applied);
  } catch (e) {
    if (e instanceof WizardCancelled) e.applied = [...applied, ...e.applied];
    throw e;
  }
}

async function conversation(ui: WizardUi, steps: WizardSteps, o: WizardOptions, applied: Applied[]): Promise<WizardOutcome> {
  ui.intro(`dgpu setup${o.dryRun ? ' (dry run: nothing is written)' : ''}`);
  ui.step('1/5  The host');
  const report = await ui.spin('reading the host', () => steps.scan());
  ui.message(hostSummary(report).join('\n'));
  if (report.iommu.enabled === false) return iommuStage(ui, steps, o, applied);
  const req = await pickGpu(ui, report);
  const gpu = req.gpu;
  const done = (exitCode: number, extra: string[] = [], vm: AttachChoice | null = null): WizardOutcome => {
    ui.step('5/5  Summary');
    const ctx = { root: o.rootArg, gpu, allowBootGpu: req.allowBootGpu, ...(vm ? { domain: vm.domain, input: vm.input, also: vm.also, connect: o.connect } : {}) };
    ui.message([...summaryLines(applied, ctx, o.dryRun), ...extra].join('\n'));
    ui.outro(exitCode === 0 ? 'done' : 'not done yet');
    return { applied, exitCode };
  };

  ui.step('2/5  The host plan');
  const plan = await ui.spin('planning the host changes', () => steps.plan(req));
  if (!isEmptyPlan(plan)) {
    showPlan(ui, plan);
    const yes = await ui.confirm(o.dryRun ? 'Apply these changes? (dry run: nothing will be written)' : 'Apply these changes?');
    ui.step('3/5  Apply');
    if (!yes) return done(0, ['not applied; run `dgpu setup` again when ready']);
    if (o.dryRun) {
      const n = effectiveChanges(plan).length;
      ui.info(`dry run: would write ${n} file${n === 1 ? '' : 's'}${plan.commands.length > 0 ? `, then run ${plan.commands.map((c) => c.argv.join(' ')).join('; ')}` : ''}`);
    } else {
      const result = await steps.apply(plan);
      applied.push(result);
      ui.success(`wrote ${result.files.length} file${result.files.length === 1 ? '' : 's'} (transaction ${result.id})`);
      for (const c of result.commands) ui.info(`${c.argv.join(' ')}: ${c.exitCode === null ? 'not run (run it yourself, or it runs on a real root only)' : `exit ${c.exitCode}`}`);
    }
    ui.info(`next: reboot, then run \`${equivalentCommands({ root: o.rootArg, gpu }).at(2)}\` (or \`dgpu setup${o.rootArg === '/' ? '' : ` --root ${o.rootArg}`}\` again: it checks and goes on to the VM)`);
    ui.step('4/5  The VM');
    ui.info(`after the reboot, once verify passes: \`${equivalentCommands({ root: o.rootArg, gpu }).at(3)}\``);
    return done(0);
  }

  ui.success(`the host is already set up for ${shortAddress(gpu)}: nothing to change`);
  ui.step('3/5  Verify');
  const checks = await ui.spin('checking the running host', () => steps.verify(req));
  const failed = checks.filter((c) => !c.ok);
  for (const c of checks) (c.ok ? ui.success : ui.warn)(`${c.detail}${c.fix ? ` (${c.fix})` : ''}`);
  if (failed.length > 0) return done(1, ['verify failed: if you have not rebooted since apply, reboot and run `dgpu setup` again']);

  ui.step('4/5  The VM');
  const vm = await vmStep(ui, steps, report, req, o);
  if (vm.applied !== null) applied.push(vm.applied);
  return done(0, [], vm.choice);
}

/**
 * The IOMMU is off: the first stage turns it on (src/core/plan/iommu-stage.ts), and the next `dgpu setup` after
 * the reboot finds the groups and goes on to the GPU. A firmware that keeps it off is refused with its setting.
 */
async function iommuStage(ui: WizardUi, steps: WizardSteps, o: WizardOptions, applied: Applied[]): Promise<WizardOutcome> {
  ui.step('2/5  Turn the IOMMU on');
  const plan = await ui.spin('planning the kernel parameters', () => steps.plan({ gpu: 'auto', also: [], allowBootGpu: false, entries: [] }));
  showPlan(ui, plan);
  const yes = await ui.confirm(`Turn the IOMMU on?${o.dryRun ? ' (dry run: nothing will be written)' : ''}`);
  ui.step('3/5  Apply');
  if (yes && !o.dryRun) {
    const result = await steps.apply(plan);
    applied.push(result);
    ui.success(`wrote ${result.files.length} file${result.files.length === 1 ? '' : 's'} (transaction ${result.id})`);
  } else ui.info(yes ? 'dry run: nothing was written' : 'not applied');
  const again = `dgpu setup${o.rootArg === '/' ? '' : ` --root ${o.rootArg}`}`;
  ui.step('5/5  Summary');
  ui.message([...summaryLines(applied, { root: o.rootArg, gpu: null }, o.dryRun), `next: reboot, then run \`${again}\` again: with the IOMMU on it goes on to the GPU`].join('\n'));
  ui.outro(yes ? 'stage 1 done' : 'not done yet');
  return { applied, exitCode: 0 };
}

async function pickGpu(ui: WizardUi, report: ScanJson): Promise<PassthroughRequest> {
  const choices = gpuChoices(report);
  if (!choices.some((c) => c.selectable)) {
    throw new EnvironmentError(
      `no GPU can go to the guest: ${report.proposedGuestReason}`, 'see `dgpu scan` for the groups and what blocks them');
  }
  const gpu = await ui.select(
    'Which GPU goes to the guest?',
    choices.map((c) => ({ value: c.address, label: c.label, hint: c.hint, disabled: !c.selectable })),
    initialGpu(report, choices) ?? undefined,
  );
  const boot = choices.find((c) => c.address === gpu)!.boot;
  if (boot && !(await ui.confirm(`${shortAddress(gpu)} is the boot GPU: the host loses its console on it. Pass it anyway?`))) {
    return pickGpu(ui, report);
  }
  const macos = report.gpus.find((g) => g.address === gpu)!.macos;
  if (macos === null || !macos.supported) ui.warn(`macOS: ${describeMacos(macos)}; a macOS guest will not drive this GPU${macos?.note ? ` (${macos.note})` : ''}`);
  else ui.info(`macOS: ${describeMacos(macos)}${macos.note ? ` (${macos.note})` : ''}`);
  const vendorReset = await askVendorReset(ui, report, gpu);
  return { gpu, also: [], allowBootGpu: boot, entries: [], ...(vendorReset ? { vendorReset } : {}) };
}

/** The amd-reset-bug finding as a question, where vendor-reset lists the card (`--vendor-reset` of plan/apply). */
async function askVendorReset(ui: WizardUi, report: ScanJson, gpu: string): Promise<boolean> {
  const [vendor, device] = report.gpus.find((g) => g.address === gpu)?.ids[0]?.split(':') ?? [];
  const bug = amdResetBug(vendor ?? null, device ?? null);
  if (bug === null) return false;
  if (!bug.vendorResetSupports) {
    ui.warn(`${shortAddress(gpu)} (${bug.family}) has the AMD reset bug, and vendor-reset does not list it: see \`dgpu scan\``);
    return false;
  }
  return ui.confirm(`${shortAddress(gpu)} (${bug.family}) has the AMD reset bug. Set up vendor-reset for it (loaded at boot, reset_method by a udev rule)?`);
}
