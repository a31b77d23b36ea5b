// Step 4, `dgpu vm attach` and the wizard's VM step: the GPU's functions as hostdevs of a libvirt domain (or a
// domain XML file). The GPU is resolved and guarded exactly as for `plan` (the boot GPU needs --allow-boot-gpu,
// the IOMMU groups must be viable), then the pure planner (src/core/vm) makes one Plan that a journaled
// transaction applies: `defineDomain` defines the new XML and checks libvirt kept the placement, as virt-xml
// does; `dgpu rollback ID` defines the old XML again.
import { ApplyError, DgpuError, UsageError } from '../core/errors.js';
import { bootGpuWarning, checkPassable, chooseGuest } from '../core/plan/intent.js';
import { isEmptyPlan, type Plan } from '../core/plan/plan.js';
import type { AttachFunction, InputMode } from '../core/vm/attach.js';
import { QEMU_CONF, vmAttachPlan } from '../core/vm/attach-plan.js';
import { buildAttachRequest } from '../core/vm/attach-request.js';
import { placementProblem } from '../core/vm/check-placement.js';
import { readDomain } from '../core/vm/domain.js';
import { decodeXml, encodeXml, type XmlEncoding } from '../core/vm/xml-encoding.js';
import { applyPlan } from '../host/transaction.js';
import { readUserFile, writeUserFile } from '../host/user-files.js';
import { defineDomain, dumpInactiveXml, restoreDomain } from '../host/virsh.js';
import { listDomainNames } from '../host/virsh-list.js';
import { writeXmlFile } from '../host/vm-files.js';
import type { HostContext } from './context.js';
import { type GpuFlags, gpuRequest, type ResolvedRequest } from './gpu-request.js';
import { acquireLock } from '../host/lock.js';
import { requireWriter } from './context.js';

export interface AttachFlags extends GpuFlags {
  connect: string;
  xml?: string;
  out?: string;
  input?: InputMode;
  keepDisplay?: boolean;
}

export interface PlannedAttach {
  /** `domain 'macOS'` or the file name, for messages. */
  label: string;
  /** The defined domain to change; null with --xml. */
  target: { connect: string; name: string } | null;
  original: string;
  /** The domain XML after the edit. */
  xml: string;
  plan: Plan;
  /** What the read-back check after define expects. */
  functions: AttachFunction[];
  request: ResolvedRequest;
  input: InputMode;
  gpu: string;
  /** --xml: the file, --out, and the encoding the file is written back in (src/core/vm/xml-encoding.ts). */
  xmlFile?: { path: string; out?: string; encoding: XmlEncoding };
}

export async function planAttachUse(ctx: HostContext, domain: string | undefined, f: AttachFlags): Promise<PlannedAttach> {
  if ((domain === undefined) === (f.xml === undefined)) {
    throw new UsageError('give either a domain name or --xml FILE', 'e.g. dgpu vm attach macOS --gpu 0a:00.0');
  }
  if (f.out !== undefined && f.xml === undefined) throw new UsageError('--out needs --xml', 'without --xml the domain is defined in libvirt');
  const req = gpuRequest(ctx, f, 'vm attach');
  const label = f.xml ?? `domain '${domain}'`;
  const file = f.xml === undefined ? null : decodeXml(readUserFile(f.xml, 'domain XML', 'pass the path of a libvirt domain XML file'), f.xml);
  const original = file !== null ? file.text : await dumpInactiveXml(f.connect, domain!);
  readDomain(original, label); // bad XML, no <devices>, address conflicts: refuse before anything else

  const host = await ctx.host();
  const choice = chooseGuest(host, req);
  checkPassable(host, choice, req);
  const evdevNames = f.input === 'evdev' ? ctx.inputById() : [];
  const also = choice.functions.filter((a) => !choice.gpu.functions.includes(a));
  const { request, warnings } = buildAttachRequest(host, { gpu: choice.gpu.address, also, input: f.input, keepDisplay: f.keepDisplay === true, evdevNames });
  const qemuConf = request.evdev ? ctx.file(QEMU_CONF) : null;
  const target = domain === undefined ? null : { connect: f.connect, name: domain };
  if (choice.gpu.bootVga === true) warnings.unshift(bootGpuWarning(choice.gpu.address));
  const { plan, xml } = vmAttachPlan({ domain: target, xml: original, label, request, qemuConf, warnings });
  if (file !== null && xml !== original) encodeXml(xml, file.encoding, f.xml!); // refuse before anything is written
  return {
    label, target, original, xml, plan, functions: request.functions, request: req, input: request.input, gpu: choice.gpu.address,
    ...(file !== null ? { xmlFile: { path: f.xml!, encoding: file.encoding, ...(f.out !== undefined ? { out: f.out } : {}) } } : {}),
  };
}

/** The domains on a libvirt connection, for the wizard's choice. */
export function listDomainsUse(connect: string): Promise<string[]> {
  return listDomainNames(connect);
}

/** The --xml file changes in place (not --out): that, like a domain or a host file, needs a yes. */
export function changesInPlace(p: PlannedAttach): boolean {
  return !isEmptyPlan(p.plan) || (p.xmlFile !== undefined && p.xmlFile.out === undefined && p.xml !== p.original);
}

export interface AttachDone {
  /** The transaction; null when nothing in libvirt or under the root changed. */
  id: string | null;
  /** The file written (--xml in place or --out). */
  wrote: string | null;
}

export async function applyAttachUse(ctx: HostContext, p: PlannedAttach): Promise<AttachDone> {
  if (ctx.archive) throw new UsageError('a snapshot archive cannot be written to', 'run vm attach on the host itself');
  let id: string | null = null;
  if (!isEmptyPlan(p.plan)) {
    if (p.plan.changes.length > 0) requireWriter(ctx.real, 'dgpu vm attach');
    // The lock is taken for the transaction only: editing a file of the user's own needs neither root nor it.
    // What was planned is checked again under it (applyPlan refuses files changed since the plan).
    const unlock = await acquireLock(ctx.root, 'vm attach');
    const result = await applyPlan(ctx.root, p.plan, {
      defineDomain: (connect, name, xml) =>
        defineDomain(connect, name, xml, (back) => placementProblem(back, p.functions, `domain '${name}' as libvirt gives it back`)),
      restoreDomain,
      intent: {
        command: 'vm attach', gpu: p.gpu, also: p.request.also, allowBootGpu: p.request.allowBootGpu, entries: [],
        ...(p.target ? { domain: p.target.name } : {}), input: p.input,
      },
    }).finally(unlock);
    id = result.id;
    ctx.written();
  }
  return { id, wrote: writeXml(p, id) };
}

function writeXml(p: PlannedAttach, id: string | null): string | null {
  if (p.xmlFile === undefined) return null;
  const { path, out, encoding } = p.xmlFile;
  if (out === undefined && p.xml === p.original) return null;
  try {
    // --out is always written, identical when nothing changed; in the file's own encoding either way
    if (out !== undefined) writeUserFile(out, Buffer.from(encodeXml(p.xml, encoding, out)));
    else writeXmlFile(path, p.xml, true, undefined, encoding);
  } catch (e) {
    const undo = id === null ? 'nothing else was changed' : `transaction ${id} is applied; undo it with \`dgpu rollback ${id}\``;
    if (e instanceof DgpuError && id === null) throw e;
    throw new ApplyError(`cannot write ${out ?? path}: ${(e as Error).message}`, undo);
  }
  return out ?? path;
}
