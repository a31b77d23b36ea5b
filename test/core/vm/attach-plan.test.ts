// vmAttachPlan: the domain change and the qemu.conf change as one Plan, empty when planned again on the result.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isEmptyPlan, planProblems } from '../../../src/core/plan/plan.js';
import { vmAttachPlan, type VmAttachInput } from '../../../src/core/vm/attach-plan.js';
import { GOLDEN } from './golden-cases.js';

const evdevCase = GOLDEN.find((g) => g.req.input === 'evdev' && g.req.evdev?.mouse)!;
const xml = readFileSync(`test/fixtures/vm/${evdevCase.file}-in.xml`, 'utf8');
const input = (over: Partial<VmAttachInput>): VmAttachInput => ({
  domain: { connect: 'qemu:///system', name: 'macOS' }, xml, label: "domain 'macOS'", request: evdevCase.req,
  qemuConf: '#user = "root"\n', warnings: ['from the host'], ...over });

describe('vmAttachPlan', () => {
  it('plans the domain and qemu.conf, keeps the host warnings, and plans nothing on its own result', () => {
    const { plan, xml: after } = vmAttachPlan(input({}));
    expect(planProblems(plan)).toEqual([]);
    expect(plan.domains).toMatchObject([{ kind: 'domain', connect: 'qemu:///system', name: 'macOS', beforeXml: xml, afterXml: after }]);
    expect(plan.changes.map((c) => [c.path, c.before, c.mode])).toEqual([['/etc/libvirt/qemu.conf', '#user = "root"\n', undefined]]);
    expect(plan.warnings[0]).toBe('from the host');
    const again = vmAttachPlan(input({ xml: after, qemuConf: plan.changes[0]!.after }));
    expect(isEmptyPlan(again.plan)).toBe(true);
  });

  it('creates a missing qemu.conf 0600 and leaves the --xml file out of the plan', () => {
    const { plan } = vmAttachPlan(input({ domain: null, qemuConf: null }));
    expect(plan.domains).toBeUndefined();
    expect(plan.changes).toMatchObject([{ path: '/etc/libvirt/qemu.conf', before: null, mode: 0o600 }]);
  });

  it('touches no qemu.conf without evdev', () => {
    const usb = GOLDEN.find((g) => g.req.input === 'usb')!;
    const { plan } = vmAttachPlan(input({ xml: readFileSync(`test/fixtures/vm/${usb.file}-in.xml`, 'utf8'), request: usb.req }));
    expect(plan.changes).toEqual([]);
    expect(plan.domains).toHaveLength(1);
  });
});
