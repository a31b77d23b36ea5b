// `vm attach` as a Plan (src/core/plan/plan.ts): the domain redefinition, and /etc/libvirt/qemu.conf when evdev
// inputs must enter cgroup_device_acl, so that one transaction journals both and `dgpu rollback` undoes both.
// Pure: the caller reads the domain XML and qemu.conf, src/host/transaction.ts applies the plan.
import type { Plan } from '../plan/plan.js';
import { attachGpu, type AttachRequest } from './attach.js';
import { withCgroupDeviceAcl } from './qemu-conf.js';

export const QEMU_CONF = '/etc/libvirt/qemu.conf';
// Debian and Fedora ship qemu.conf 0600 root:root: it may hold passwords (vnc_password, spice_password).
const QEMU_CONF_MODE = 0o600;

export interface VmAttachInput {
  /** The defined domain to change; null for `--xml FILE`, whose XML the caller writes itself. */
  domain: { connect: string; name: string } | null;
  xml: string;
  /** For error messages: `domain 'macOS'` or the file name. */
  label: string;
  request: AttachRequest;
  /** /etc/libvirt/qemu.conf as read; null when absent. */
  qemuConf: string | null;
  /** Findings from the host (buildAttachRequest), kept with the plan's own. */
  warnings: string[];
}

export interface VmAttachPlan {
  plan: Plan;
  /** The domain XML after the edit (also in plan.domains when a domain was given). */
  xml: string;
}

export function vmAttachPlan(i: VmAttachInput): VmAttachPlan {
  const result = attachGpu(i.xml, i.request, i.label);
  const plan: Plan = { changes: [], commands: [], warnings: [...i.warnings, ...result.warnings] };
  if (i.domain) {
    const gpu = i.request.functions.map((f) => f.address);
    plan.domains = [{
      kind: 'domain', connect: i.domain.connect, name: i.domain.name, beforeXml: i.xml, afterXml: result.xml,
      reason: `pass ${gpu.join(', ')} on one guest slot (dgpu vm attach)`,
    }];
  }
  const ev = i.request.evdev;
  const paths = ev ? [ev.keyboard, ev.mouse].filter((p): p is string => p !== null) : [];
  if (paths.length > 0) {
    const after = withCgroupDeviceAcl(i.qemuConf ?? '', paths);
    if (after !== i.qemuConf) {
      plan.changes.push({
        path: QEMU_CONF, before: i.qemuConf, after, reason: 'let QEMU open the evdev keyboard and mouse (cgroup_device_acl)',
        ...(i.qemuConf === null ? { mode: QEMU_CONF_MODE } : {}),
      });
    }
  }
  return { plan, xml: result.xml };
}
