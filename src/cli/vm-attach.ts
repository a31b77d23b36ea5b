// The action of `dgpu vm attach`: read the domain, plan the edit (pure, src/core/vm), show the diff, ask, then
// define (or write the file) and check that libvirt kept the change, as virt-xml does.
import { mkdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline/promises';
import { addressArg, resolveRoot } from './common.js';
import { out, warn } from './io.js';
import { ApplyError, UsageError } from '../core/errors.js';
import { attachGpu, type InputMode } from '../core/vm/attach.js';
import { buildAttachRequest } from '../core/vm/attach-request.js';
import { placementProblem } from '../core/vm/check-placement.js';
import { readDomain } from '../core/vm/domain.js';
import { withCgroupDeviceAcl } from '../core/vm/qemu-conf.js';
import { unifiedDiff } from '../core/vm/xml-diff.js';
import { readHost } from '../host/sysfs-reader.js';
import { listInputById } from '../host/input-devices.js';
import { defineXml, dumpInactiveXml } from '../host/virsh.js';
import { writeWithBackup } from '../host/vm-files.js';

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

interface FileChange { path: string; before: string; after: string }

export async function runVmAttach(domain: string | undefined, f: VmAttachFlags): Promise<void> {
  if ((domain === undefined) === (f.xml === undefined)) {
    throw new UsageError('give either a domain name or --xml FILE', 'e.g. dgpu vm attach macOS --gpu 0a:00.0');
  }
  if (f.out !== undefined && f.xml === undefined) throw new UsageError('--out needs --xml', 'without --xml the domain is defined in libvirt');
  const gpu = addressArg(f.gpu);
  const also = (f.also ?? []).map((a) => addressArg(a, '--also'));
  const root = resolveRoot(f.root);
  const label = f.xml ?? `domain '${domain}'`;
  const original = f.xml !== undefined ? await readXmlFile(f.xml) : await dumpInactiveXml(f.connect, domain!);
  readDomain(original, label); // bad XML, no <devices>, address conflicts: refuse before anything else

  const host = await readHost(root);
  const evdevNames = f.input === 'evdev' ? await listInputById(root) : [];
  const { request, warnings } = buildAttachRequest(host, { gpu, also, input: f.input, keepDisplay: f.keepDisplay === true, evdevNames });
  const result = attachGpu(original, request, label);
  const changes: FileChange[] = [];
  if (request.evdev) {
    const path = join(root, 'etc/libvirt/qemu.conf');
    const before = await readFile(path, 'utf8').catch(() => '');
    const paths = [request.evdev.keyboard, request.evdev.mouse].filter((p): p is string => p !== null);
    changes.push({ path, before, after: withCgroupDeviceAcl(before, paths) });
  }
  [...warnings, ...result.warnings].forEach((w) => warn(w));

  const xmlChanged = result.xml !== original;
  const fileChanges = changes.filter((c) => c.before !== c.after);
  if (!xmlChanged && fileChanges.length === 0) {
    out(`nothing to change: ${label} already passes ${gpu} as asked`);
    return;
  }
  if (xmlChanged) out(unifiedDiff(f.xml ?? `${domain}.xml`, original, result.xml));
  for (const c of fileChanges) out(unifiedDiff(c.path, c.before, c.after));

  if (f.xml !== undefined) {
    if (fileChanges.length > 0) await confirm(f.yes === true, `change ${fileChanges.map((c) => c.path).join(', ')}?`);
    if (xmlChanged) await writeWithBackup(f.out ?? f.xml, result.xml, f.out === undefined);
  } else {
    await confirm(f.yes === true, `define domain '${domain}' on ${f.connect} with these changes?`);
    // JOURNAL CALL SITE (issue 4 / transaction module): record { kind: 'domain', uri, name, beforeXml, afterXml }
    // here so that `dgpu rollback` can redefine the old XML; until it lands, keep a copy of the old definition.
    const saved = join(root, `var/lib/dgpu/domains/${domain}.before.xml`);
    await mkdir(dirname(saved), { recursive: true }).then(() => writeWithBackup(saved, original, true))
      .catch((e: Error) => warn(`could not keep the old definition in ${saved}: ${e.message}`));
    await defineXml(f.connect, result.xml);
    await checkKept(f.connect, domain!, original, request.functions);
  }
  for (const c of fileChanges) await writeWithBackup(c.path, c.after, true);
  out(f.xml !== undefined ? `wrote ${f.out ?? f.xml}` : `defined '${domain}': ${gpu} and its functions share one guest slot`);
}

async function readXmlFile(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (e) {
    throw new UsageError(`cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`, 'pass the path of a libvirt domain XML file');
  }
}

/** Reads the domain back: libvirt may normalise a change away (virt-xml checks the same). */
async function checkKept(uri: string, name: string, original: string, fns: Parameters<typeof placementProblem>[1]): Promise<void> {
  const problem = placementProblem(await dumpInactiveXml(uri, name), fns, `domain '${name}' as libvirt gives it back`);
  if (problem === null) return;
  await defineXml(uri, original);
  throw new ApplyError(`libvirt did not keep the GPU placement: ${problem}`, 'the previous definition was restored; please report this with the domain XML');
}

async function confirm(yes: boolean, question: string): Promise<void> {
  if (yes) return;
  if (!process.stdin.isTTY) throw new UsageError('not changing anything without confirmation', 'pass --yes to apply without asking');
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    const answer = await rl.question(`${question} [y/N] `);
    if (!/^y(es)?$/i.test(answer.trim())) throw new UsageError('cancelled; nothing was changed');
  } finally {
    rl.close();
  }
}
