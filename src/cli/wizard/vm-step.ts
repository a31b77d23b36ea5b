// Step 4 of the wizard: the VM. Pick the domain (or skip), the guest's keyboard and mouse, show the XML diff,
// define after a yes; the same edit as `dgpu vm attach`, journalled so that `dgpu rollback ID` restores it.
// A dry run still reads libvirt (`virsh list`, `dumpxml --inactive`), as it reads sysfs: it runs nothing that
// changes the machine and defines nothing.
import { isEmptyPlan, effectiveChanges } from '../../core/plan/plan.js';
import type { ScanJson } from '../../core/analysis/scan-report.js';
import type { InputMode } from '../../core/vm/attach.js';
import { equivalentCommands, shortAddress } from '../../core/plan/wizard-choices.js';
import { printable } from '../../core/printable.js';
import type { Choice, WizardUi } from './ui.js';
import type { Applied, AttachChoice, PassthroughRequest, WizardSteps } from './steps.js';
import { showPlan } from './view.js';

const SKIP = '\u0000skip'; // not a valid libvirt domain name, so it cannot collide with one

export interface VmOutcome {
  /** What the user chose; null when skipped or nothing to choose. */
  choice: AttachChoice | null;
  applied: Applied | null;
}

export async function vmStep(ui: WizardUi, steps: WizardSteps, report: ScanJson, req: PassthroughRequest, o: { rootArg: string; dryRun: boolean; connect: string }): Promise<VmOutcome> {
  const none = { choice: null, applied: null };
  const gpu = req.gpu;
  const later = equivalentCommands({ root: o.rootArg, gpu, connect: o.connect }).at(3)!;
  let domains: string[];
  try {
    domains = await ui.spin(`listing the domains on ${o.connect}`, () => steps.listDomains());
  } catch (e) {
    ui.warn(`cannot list the domains: ${(e as Error).message}; later: \`${later}\``);
    return none;
  }
  if (domains.length === 0) {
    ui.info(`no domain on ${o.connect} yet: create the VM (virt-manager), then run \`${later}\``);
    return none;
  }
  const domain = await ui.select('Which VM gets the GPU?', [...domains.map((d) => ({ value: d, label: printable(d) })), { value: SKIP, label: 'skip', hint: 'leave the VMs as they are' }], domains[0]);
  if (domain === SKIP) return none;
  const input = await ui.select<InputMode>('Keyboard and mouse for the guest?', inputChoices(report, gpu), 'evdev');
  const also = input === 'usb' ? await pickControllers(ui, report, gpu) : [];
  const choice = { domain, gpu, input, also, allowBootGpu: req.allowBootGpu };
  const plan = await ui.spin(`planning the changes to '${domain}'`, () => steps.planAttach(choice));
  if (isEmptyPlan(plan)) {
    ui.success(`'${domain}' already passes ${shortAddress(gpu)}: nothing to change`);
    return { choice, applied: null };
  }
  showPlan(ui, plan);
  if (!(await ui.confirm(`Define '${domain}' with these changes?${o.dryRun ? ' (dry run: nothing will be defined)' : ''}`))) {
    ui.info(`'${domain}' left as it is`);
    return { choice, applied: null };
  }
  if (o.dryRun) {
    const n = effectiveChanges(plan).length;
    ui.info(`dry run: would define '${domain}'${n > 0 ? ` and write ${n} file${n === 1 ? '' : 's'}` : ''}`);
    return { choice, applied: null };
  }
  const result = await steps.applyAttach(plan);
  ui.success(`defined '${domain}' (transaction ${result.id})`);
  return { choice, applied: result };
}

function viableControllers(report: ScanJson, gpu: string): ScanJson['usbControllers'] {
  const own = new Set(report.gpus.find((g) => g.address === gpu)?.functions ?? []);
  return report.usbControllers.filter((u) => u.viable === true && !own.has(u.address));
}

function inputChoices(report: ScanJson, gpu: string): Choice<InputMode>[] {
  const usb = viableControllers(report, gpu).length > 0;
  return [
    { value: 'evdev', label: 'share the host keyboard and mouse (evdev)', hint: 'Left Ctrl + Right Ctrl switches them' },
    { value: 'usb', label: 'pass a USB controller', hint: usb ? 'whatever is plugged into it goes to the guest' : 'no USB controller in a viable group', disabled: !usb },
    { value: 'keep', label: 'keep the emulated ones' },
  ];
}

async function pickControllers(ui: WizardUi, report: ScanJson, gpu: string): Promise<string[]> {
  const usb = viableControllers(report, gpu);
  const withInput = usb.filter((u) => u.devices?.some((d) => d.keyboard || d.mouse)).map((u) => u.address);
  const choices = usb.map((u) => ({
    value: u.address,
    label: `${shortAddress(u.address)}  ${u.name ?? u.ids ?? ''}`,
    hint: u.devices === null ? 'plugged in: not known' : u.devices.length === 0 ? 'nothing plugged in' : u.devices.map((d) => d.name ?? `${d.vendor}:${d.product}`).join(', '),
  }));
  return ui.multiselect('Which USB controllers go to the guest?', choices, withInput.length > 0 ? withInput : [usb[0]!.address]);
}
