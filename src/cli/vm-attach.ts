// The action of `dgpu vm attach`: read the domain, plan the edit (pure, src/core/vm), show the diff, ask, then
// apply the plan as one transaction (src/host/transaction.ts) whose `defineDomain` defines the domain and
// checks that libvirt kept the change, as virt-xml does; `dgpu rollback ID` defines the old XML again.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline/promises';
import { addressArg, resolveRoot } from './common.js';
import { out, warn } from './io.js';
import { ApplyError, EnvironmentError, UsageError } from '../core/errors.js';
import type { InputMode } from '../core/vm/attach.js';
import { buildAttachRequest } from '../core/vm/attach-request.js';
import { QEMU_CONF, vmAttachPlan } from '../core/vm/attach-plan.js';
import { placementProblem } from '../core/vm/check-placement.js';
import { readDomain } from '../core/vm/domain.js';
import { planDiff, unifiedDiff } from '../core/plan/diff.js';
import { effectiveChanges, isEmptyPlan, type Plan } from '../core/plan/plan.js';
import { readHost } from '../host/sysfs-reader.js';
import { listInputById } from '../host/input-devices.js';
import { applyPlan } from '../host/transaction.js';
import { defineDomain, dumpInactiveXml, restoreDomain } from '../host/virsh.js';
import { readXmlFile, writeXmlFile } from '../host/vm-files.js';
import { encodeXml, type XmlEncoding } from '../core/vm/xml-encoding.js';

export interface VmAttachFlags {
  gpu: string;
  connect: string;
  xml?: string;
  out?: string;
  also?: string[];
  input?: InputMode;
  keepDisplay?: boolean;
  yes?: boolean;
  root?: string;
}

export async function runVmAttach(domain: string | undefined, f: VmAttachFlags): Promise<void> {
  if ((domain === undefined) === (f.xml === undefined)) {
    throw new UsageError('give either a domain name or --xml FILE', 'e.g. dgpu vm attach macOS --gpu 0a:00.0');
  }
  if (f.out !== undefined && f.xml === undefined) throw new UsageError('--out needs --xml', 'without --xml the domain is defined in libvirt');
  const gpu = addressArg(f.gpu);
  const also = (f.also ?? []).map((a) => addressArg(a, '--also'));
  const root = resolveRoot(f.root);
  const label = f.xml ?? `domain '${domain}'`;
  const file = f.xml !== undefined ? readXmlFile(f.xml) : null;
  const original = file ? file.text : await dumpInactiveXml(f.connect, domain!);
  readDomain(original, label); // bad XML, no <devices>, address conflicts: refuse before anything else

  const host = await readHost(root);
  const evdevNames = f.input === 'evdev' ? await listInputById(root) : [];
  const { request, warnings } = buildAttachRequest(host, { gpu, also, input: f.input, keepDisplay: f.keepDisplay === true, evdevNames });
  const qemuConf = request.evdev ? await readHostFile(join(root, QEMU_CONF)) : null;
  const target = domain === undefined ? null : { connect: f.connect, name: domain };
  const { plan, xml } = vmAttachPlan({ domain: target, xml: original, label, request, qemuConf, warnings });
  plan.warnings.forEach((w) => warn(w));

  const xmlChanged = f.xml !== undefined && xml !== original;
  if (xmlChanged) encodeXml(xml, file!.encoding, f.xml!); // refuse before anything is written, not after
  if (isEmptyPlan(plan) && !xmlChanged) {
    out(`nothing to do: ${label} already passes ${gpu} as asked`);
    return;
  }
  if (xmlChanged) out(unifiedDiff(f.xml!, original, xml));
  if (!isEmptyPlan(plan)) out(planDiff(plan));
  // The user's own --xml file is theirs to change without a question; a domain or a file of the host is not.
  if (!isEmptyPlan(plan)) await confirm(f.yes === true, question(plan, f.connect));

  const id = await applyAttachPlan(root, plan, request.functions);
  if (id !== null) out(`transaction ${id}: undo it with \`dgpu rollback ${id}\``);
  if (xmlChanged) writeFile(f.xml!, f.out, xml, id, file!.encoding);
  if (effectiveChanges(plan).some((c) => c.path === QEMU_CONF)) {
    out(`${QEMU_CONF} changed: restart libvirtd (or virtqemud) before starting the VM`);
  }
  if (target) out(`defined '${target.name}': ${gpu} and its functions share one guest slot`);
}

async function applyAttachPlan(root: string, plan: Plan, fns: Parameters<typeof placementProblem>[1]): Promise<string | null> {
  if (isEmptyPlan(plan)) return null;
  // The new XML is validated and checked on read-back; an undo puts the old one back as rollback does.
  const result = await applyPlan(root, plan, {
    defineDomain: (connect, name, xml) =>
      defineDomain(connect, name, xml, (back) => placementProblem(back, fns, `domain '${name}' as libvirt gives it back`)),
    restoreDomain,
  });
  return result.id;
}

function writeFile(xmlPath: string, outPath: string | undefined, xml: string, id: string | null, encoding: XmlEncoding): void {
  try {
    writeXmlFile(outPath ?? xmlPath, xml, outPath === undefined, undefined, encoding);
  } catch (e) {
    const undo = id === null ? 'nothing else was changed' : `transaction ${id} is applied; undo it with \`dgpu rollback ${id}\``;
    throw new ApplyError(`cannot write ${outPath ?? xmlPath}: ${(e as Error).message}`, undo);
  }
  out(`wrote ${outPath ?? xmlPath}${outPath === undefined ? ` (the old one is ${xmlPath}.dgpu-bak)` : ''}`);
}

function question(plan: Plan, connect: string): string {
  const what = [...(plan.domains ?? []).map((d) => `define domain '${d.name}' on ${connect}`), ...effectiveChanges(plan).map((c) => `change ${c.path}`)];
  return `${what.join(' and ')}?`;
}

/** A file of the host under the root; null when it is not there. */
async function readHostFile(path: string): Promise<string | null> {
  try {
    return await readFile(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return null;
    throw new EnvironmentError(`cannot read ${path}: ${code ?? String(e)}`, 'run dgpu as root');
  }
}

async function confirm(yes: boolean, q: string): Promise<void> {
  if (yes) return;
  if (!process.stdin.isTTY) throw new UsageError('not changing anything without confirmation', 'pass --yes to apply without asking');
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    const answer = await rl.question(`${q} [y/N] `);
    if (!/^y(es)?$/i.test(answer.trim())) throw new UsageError('cancelled; nothing was changed');
  } finally {
    rl.close();
  }
}
