// Step 4 of the wizard as a plan: the same inputs and the same pure planner as `dgpu vm attach`
// (src/cli/vm-attach.ts, src/core/vm/attach-plan.ts), so the transaction journals the old definition and
// `dgpu rollback ID` defines it again.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { AttachFunction } from '../core/vm/attach.js';
import { buildAttachRequest } from '../core/vm/attach-request.js';
import { QEMU_CONF, vmAttachPlan } from '../core/vm/attach-plan.js';
import { readDomain } from '../core/vm/domain.js';
import type { Plan } from '../core/plan/plan.js';
import { listInputById } from '../host/input-devices.js';
import { readHost } from '../host/sysfs-reader.js';
import { dumpInactiveXml } from '../host/virsh.js';
import type { AttachChoice } from './wizard-steps.js';

export async function planAttach(root: string, connect: string, c: AttachChoice): Promise<{ plan: Plan; functions: AttachFunction[] }> {
  const label = `domain '${c.domain}'`;
  const original = await dumpInactiveXml(connect, c.domain);
  readDomain(original, label); // bad XML or address conflicts: refuse before planning
  const host = await readHost(root);
  const evdevNames = c.input === 'evdev' ? await listInputById(root) : [];
  const { request, warnings } = buildAttachRequest(host, { gpu: c.gpu, also: c.also, input: c.input, keepDisplay: false, evdevNames });
  const qemuConf = request.evdev ? await readFile(join(root, QEMU_CONF), 'utf8').catch(() => null) : null;
  const { plan } = vmAttachPlan({ domain: { connect, name: c.domain }, xml: original, label, request, qemuConf, warnings });
  return { plan, functions: request.functions };
}
