// Step 4 of the wizard as a plan: the domain's new XML and, for evdev input, qemu.conf's cgroup_device_acl,
// computed the way `dgpu vm attach` computes them (src/cli/vm-attach.ts), so that the transaction journals the
// old definition and `dgpu rollback ID` redefines it.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { attachGpu } from '../core/vm/attach.js';
import { buildAttachRequest } from '../core/vm/attach-request.js';
import { readDomain } from '../core/vm/domain.js';
import { withCgroupDeviceAcl } from '../core/vm/qemu-conf.js';
import type { Plan } from '../core/plan.js';
import { listInputById } from '../host/input-devices.js';
import { readHost } from '../host/sysfs-reader.js';
import { dumpInactiveXml } from '../host/virsh.js';
import type { AttachChoice } from './wizard-steps.js';

const QEMU_CONF = '/etc/libvirt/qemu.conf';

export async function planAttach(root: string, connect: string, c: AttachChoice): Promise<Plan> {
  const label = `domain '${c.domain}'`;
  const original = await dumpInactiveXml(connect, c.domain);
  readDomain(original, label); // bad XML or address conflicts: refuse before planning
  const host = await readHost(root);
  const evdevNames = c.input === 'evdev' ? await listInputById(root) : [];
  const { request, warnings } = buildAttachRequest(host, { gpu: c.gpu, also: c.also, input: c.input, keepDisplay: false, evdevNames });
  const result = attachGpu(original, request, label);
  const plan: Plan = {
    changes: [],
    commands: [],
    warnings: [...warnings, ...result.warnings],
    domains: [{ kind: 'domain', connect, name: c.domain, beforeXml: original, afterXml: result.xml, reason: `pass ${c.gpu} and its functions on one guest slot` }],
  };
  if (request.evdev) {
    const before = await readFile(join(root, QEMU_CONF), 'utf8').catch(() => null);
    const paths = [request.evdev.keyboard, request.evdev.mouse].filter((p): p is string => p !== null);
    const after = withCgroupDeviceAcl(before ?? '', paths);
    if (after !== (before ?? '')) plan.changes.push({ path: QEMU_CONF, before, after, reason: 'let QEMU open the evdev keyboard and mouse' });
  }
  return plan;
}
