// topoext for AMD hosts (docs/domain.md, "The five steps", step 4), put where the guest's CPU is actually defined.
import type { DomainView } from './domain.js';
import { optionValues } from './qemu-commandline.js';
import { attr, kid, kids, textOf, type XElement } from './xml-doc.js';
import type { NewElement, XmlEditor } from './xml-edit.js';

const CPU_CHILD_ORDER = ['model', 'vendor', 'topology', 'cache', 'maxphysaddr', 'feature'];

/**
 * AMD hosts: macOS needs `topoext` to see SMT threads (docs/domain.md, "The five steps", step 4). QEMU keeps the last `-cpu` it is given
 * (softmmu/vl.c stores each one over the last), and libvirt puts <qemu:commandline> after its own arguments, so in a
 * domain with `-cpu` there (every DarwinKVM and OSX-KVM domain) that argument is the guest's CPU: topoext goes into it.
 * In <cpu>, libvirt refuses a feature when the mode is custom (the default) and no model is named ("Non-empty feature
 * list specified without CPU model", virCPUDefParseXML in src/conf/cpu_conf.c). dgpu does not pick the guest's CPU
 * model for the user (macOS boots on some and not others; a Windows guest sees new hardware), so a domain with no
 * <cpu>, or one with no model in custom mode, is left alone, with a warning when nothing else carries topoext.
 */
export function ensureTopoext(ed: XmlEditor, view: DomainView, warnings: string[]): void {
  const feature: NewElement = { name: 'feature', attrs: [['policy', 'require'], ['name', 'topoext']] };
  const args = optionValues(view, 'cpu');
  const arg = args[args.length - 1];
  if (arg) topoextInCpuArg(ed, arg.el, arg.value, warnings);
  const cpu = kid(view.root, 'cpu');
  const model = cpu && kid(cpu, 'model');
  if (!cpu || ((attr(cpu, 'mode') ?? 'custom') === 'custom' && (!model || textOf(view.text, model).trim() === ''))) {
    if (!arg) {
      warnings.push(`topoext not added: the domain ${cpu ? "has a <cpu> with no CPU model and no mode" : 'has no <cpu>'}, so the guest runs QEMU's ` +
        "default CPU model, and libvirt refuses a CPU feature without a model; set <cpu mode='host-passthrough'> (as DarwinKVM does) " +
        'or a <model>, then run dgpu vm attach again');
    }
    return;
  }
  const existing = kids(cpu, 'feature').find((f) => attr(f, 'name') === 'topoext');
  if (existing) {
    if (attr(existing, 'policy') !== 'require') ed.setAttr(existing, 'policy', 'require');
    return;
  }
  const before = cpu.children.filter((c) => CPU_CHILD_ORDER.includes(c.name));
  const anchor = before[before.length - 1];
  if (anchor) ed.insertAfter(anchor, [feature]);
  else ed.insertFirst(cpu, [feature]);
}

function topoextInCpuArg(ed: XmlEditor, el: XElement, value: string, warnings: string[]): void {
  if (/(^|,)\+?topoext(=on)?(,|$)/.test(value)) return;
  if (/(^|,)(-topoext|topoext=off)(,|$)/.test(value)) {
    warnings.push(`topoext not added: the domain's -cpu argument (${value}) turns it off; macOS will not see SMT threads on this AMD host`);
    return;
  }
  ed.setAttr(el, 'value', `${value},+topoext`);
}
