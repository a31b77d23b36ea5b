// The wizard's conversation (src/cli/wizard/conversation.ts) driven by a script: which screens it shows, what it offers,
// and above all what it starts: apply only after a yes, nothing after a cancel or in a dry run, step 4 only
// once the host plan is empty and verify passes. The host is the bundled example, read for real.
import { describe, expect, it } from 'vitest';
import type { Plan } from '../../src/core/plan/plan.js';
import { scanReport, type ScanJson } from '../../src/core/analysis/scan-report.js';
import { readHost } from '../../src/host/sysfs-reader.js';
import { WizardCancelled, type Choice, type WizardUi } from '../../src/cli/wizard/ui.js';
import type { Applied, AttachChoice, Check, PassthroughRequest, WizardSteps } from '../../src/cli/wizard/steps.js';
import { runWizard } from '../../src/cli/wizard/conversation.js';

type Answer = { select: unknown } | { multiselect: unknown[] } | { confirm: boolean } | 'default' | 'cancel';

interface Asked { kind: 'select' | 'multiselect' | 'confirm'; message: string; choices?: Choice<unknown>[]; initial?: unknown }

function scriptedUi(answers: Answer[]) {
  const lines: string[] = [];
  const asked: Asked[] = [];
  const next = (a: Asked) => {
    asked.push(a);
    const answer = answers.shift();
    if (answer === undefined) throw new Error(`no scripted answer for: ${a.message}`);
    if (answer === 'cancel') throw new WizardCancelled();
    return answer;
  };
  const ui: WizardUi = {
    intro: (t) => lines.push(`intro ${t}`),
    step: (t) => lines.push(`step ${t}`),
    info: (t) => lines.push(`info ${t}`),
    success: (t) => lines.push(`success ${t}`),
    warn: (t) => lines.push(`warn ${t}`),
    message: (t) => lines.push(t),
    async select<T>(message: string, choices: Choice<T>[], initial?: T) {
      const a = next({ kind: 'select', message, choices: choices as Choice<unknown>[], initial });
      const v = (a === 'default' ? initial : (a as { select: T }).select) as T;
      if (choices.find((c) => c.value === v)?.disabled) throw new Error(`picked a disabled choice: ${String(v)}`);
      return v;
    },
    async multiselect<T>(message: string, choices: Choice<T>[], initial: T[]) {
      const a = next({ kind: 'multiselect', message, choices: choices as Choice<unknown>[], initial });
      return (a === 'default' ? initial : (a as { multiselect: T[] }).multiselect) as T[];
    },
    async confirm(message: string) {
      const a = next({ kind: 'confirm', message });
      return a === 'default' ? false : (a as { confirm: boolean }).confirm;
    },
    spin: (_l, work) => work(),
    outro: (t) => lines.push(`outro ${t}`),
  };
  return { ui, lines, asked, text: () => lines.join('\n') };
}

const HOST_PLAN: Plan = {
  changes: [
    { path: '/etc/modprobe.d/vfio.conf', before: null, after: 'options vfio-pci ids=1002:73bf,1002:ab28\n', reason: 'bind the guest GPU to vfio-pci' },
    { path: '/etc/default/grub', before: 'GRUB_CMDLINE_LINUX_DEFAULT="quiet"\n', after: 'GRUB_CMDLINE_LINUX_DEFAULT="quiet intel_iommu=on"\n', reason: 'kernel parameters' },
  ],
  commands: [{ argv: ['update-grub'], reason: 'regenerate grub.cfg' }],
  warnings: [],
};
const EMPTY: Plan = { changes: [], commands: [], warnings: [] };
const VM_PLAN: Plan = {
  changes: [],
  commands: [],
  warnings: [],
  domains: [{ kind: 'domain', connect: 'test:///x', name: 'macOS', beforeXml: '<domain/>\n', afterXml: '<domain><devices/></domain>\n', reason: 'pass' }],
};

let report: ScanJson | undefined;
async function exampleReport(): Promise<ScanJson> {
  report ??= scanReport(await readHost('examples/host'));
  return report;
}

function fakeSteps(o: { plan: Plan; checks?: Check[]; domains?: string[]; report?: () => Promise<ScanJson> }) {
  const calls: string[] = [];
  const planned: PassthroughRequest[] = [];
  const attached: AttachChoice[] = [];
  let n = 0;
  const tx = (p: Plan): Applied => ({ id: `tx-${++n}`, files: p.changes.map((c) => c.path), domains: (p.domains ?? []).map((d) => d.name), commands: [] });
  const steps: WizardSteps = {
    scan: async () => (calls.push('scan'), (o.report ?? exampleReport)()),
    plan: async (req) => (calls.push('plan'), planned.push(req), o.plan),
    apply: async (p) => (calls.push('apply'), tx(p)),
    verify: async () => (calls.push('verify'), o.checks ?? [{ name: 'driver', ok: true, detail: 'vfio-pci' }]),
    listDomains: async () => (calls.push('listDomains'), o.domains ?? ['macOS', 'win11']),
    planAttach: async (c) => (calls.push('planAttach'), attached.push(c), VM_PLAN),
    applyAttach: async (p) => (calls.push('applyAttach'), tx(p)),
  };
  return { steps, calls, planned, attached };
}

const OPTS = { rootArg: '/', dryRun: false, connect: 'qemu:///system' };

describe('wizard conversation', () => {
  it('proposes 03:00.0, marks the boot GPU, shows Navi 21, applies after a yes and says how to undo it', async () => {
    const s = fakeSteps({ plan: HOST_PLAN });
    const u = scriptedUi(['default', { confirm: true }]);
    const outcome = await runWizard(u.ui, s.steps, OPTS);
    const gpuQ = u.asked[0]!;
    expect(gpuQ.initial).toBe('0000:03:00.0');
    expect(gpuQ.choices!.map((c) => c.value)).toEqual(['0000:00:02.0', '0000:03:00.0']);
    expect(gpuQ.choices![0]!.hint).toMatch(/boot GPU/);
    expect(s.planned).toEqual([{ gpu: '0000:03:00.0', also: [], allowBootGpu: false, entries: [] }]);
    expect(s.calls).toEqual(['scan', 'plan', 'apply']);
    expect(u.text()).toContain('info macOS: Navi 21: macOS 11 – 26');
    expect(u.text()).toContain('+GRUB_CMDLINE_LINUX_DEFAULT="quiet intel_iommu=on"');
    expect(u.text()).toContain('dgpu verify --gpu 03:00.0');
    expect(u.text()).toContain('dgpu rollback tx-1');
    expect(outcome).toMatchObject({ exitCode: 0, applied: [{ id: 'tx-1' }] });
  });

  it('a dry run shows the same and starts nothing', async () => {
    const s = fakeSteps({ plan: HOST_PLAN });
    const u = scriptedUi(['default', { confirm: true }]);
    await runWizard(u.ui, s.steps, { ...OPTS, dryRun: true });
    expect(s.calls).toEqual(['scan', 'plan']);
    expect(u.text()).toContain('dry run: would write 2 files, then run update-grub');
    expect(u.text()).toContain('nothing was written (dry run)');
  });

  it('a no leaves the host as it is', async () => {
    const s = fakeSteps({ plan: HOST_PLAN });
    const u = scriptedUi(['default', { confirm: false }]);
    await runWizard(u.ui, s.steps, OPTS);
    expect(s.calls).toEqual(['scan', 'plan']);
  });

  it.each([
    ['the GPU choice', ['cancel'] as Answer[], ['scan']],
    ['the apply confirm', ['default', 'cancel'] as Answer[], ['scan', 'plan']],
  ])('a cancel at %s starts nothing', async (_, answers, calls) => {
    const s = fakeSteps({ plan: HOST_PLAN });
    const u = scriptedUi(answers);
    await expect(runWizard(u.ui, s.steps, OPTS)).rejects.toBeInstanceOf(WizardCancelled);
    expect(s.calls).toEqual(calls);
  });

  it('the boot GPU needs a confirm, and its macOS verdict is a warning', async () => {
    const s = fakeSteps({ plan: HOST_PLAN });
    const u = scriptedUi([{ select: '0000:00:02.0' }, { confirm: false }, { select: '0000:00:02.0' }, { confirm: true }, { confirm: false }]);
    await runWizard(u.ui, s.steps, OPTS);
    expect(u.asked.map((a) => a.kind)).toEqual(['select', 'confirm', 'select', 'confirm', 'confirm']);
    expect(u.asked[1]!.message).toMatch(/boot GPU/);
    expect(s.planned).toEqual([{ gpu: '0000:00:02.0', also: [], allowBootGpu: true, entries: [] }]);
    expect(u.text()).toMatch(/warn macOS: Intel Xe iGPU: no macOS driver/);
  });

  it('run again after the reboot: empty plan, verify passes, straight to the VM', async () => {
    const s = fakeSteps({ plan: EMPTY });
    const u = scriptedUi(['default', { select: 'macOS' }, { select: 'usb' }, 'default', { confirm: true }]);
    const outcome = await runWizard(u.ui, s.steps, OPTS);
    expect(s.calls).toEqual(['scan', 'plan', 'verify', 'listDomains', 'planAttach', 'applyAttach']);
    expect(u.asked[1]!.choices!.map((c) => c.label)).toEqual(['macOS', 'win11', 'skip']);
    // the PCH controller shares its group; the ASMedia one is the viable one
    expect(u.asked[3]!.choices!.map((c) => c.value)).toEqual(['0000:05:00.0']);
    expect(s.attached).toEqual([{ domain: 'macOS', gpu: '0000:03:00.0', input: 'usb', also: ['0000:05:00.0'], allowBootGpu: false }]);
    expect(u.text()).toContain('+++ b/domain/macOS.xml');
    expect(u.text()).toContain('dgpu vm attach macOS --gpu 03:00.0 --input usb --also 05:00.0 --yes');
    expect(u.text()).toContain('dgpu rollback tx-1');
    expect(outcome.exitCode).toBe(0);
  });

  it('skip leaves the VMs alone', async () => {
    const s = fakeSteps({ plan: EMPTY });
    const u = scriptedUi(['default', { select: '\u0000skip' }]);
    await runWizard(u.ui, s.steps, OPTS);
    expect(s.calls).toEqual(['scan', 'plan', 'verify', 'listDomains']);
    expect(u.text()).toContain('nothing was written');
  });

  it('verify failing stops before the VM, exit 1, with the fix', async () => {
    const s = fakeSteps({ plan: EMPTY, checks: [{ name: 'driver 0000:03:00.0', ok: false, detail: 'driver amdgpu', fix: 'reboot' }] });
    const u = scriptedUi(['default']);
    const outcome = await runWizard(u.ui, s.steps, OPTS);
    expect(outcome.exitCode).toBe(1);
    expect(s.calls).toEqual(['scan', 'plan', 'verify']);
    expect(u.text()).toContain('warn driver amdgpu (reboot)');
  });

  it('a cancel at the define confirm defines nothing', async () => {
    const s = fakeSteps({ plan: EMPTY });
    const u = scriptedUi(['default', { select: 'macOS' }, { select: 'evdev' }, 'cancel']);
    const e = await runWizard(u.ui, s.steps, OPTS).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(WizardCancelled);
    expect(s.calls).not.toContain('applyAttach');
  });

  it('a guest with the AMD reset bug that vendor-reset lists: asked, and a yes plans --vendor-reset (issue 12)', async () => {
    const navi10 = async (): Promise<ScanJson> => {
      const r = structuredClone(await exampleReport());
      r.gpus.find((g) => g.address === '0000:03:00.0')!.ids[0] = '1002:731f';
      return r;
    };
    const s = fakeSteps({ plan: HOST_PLAN, report: navi10 });
    const u = scriptedUi(['default', { confirm: true }, { confirm: false }]);
    await runWizard(u.ui, s.steps, OPTS);
    expect(u.asked[1]).toMatchObject({ kind: 'confirm', message: expect.stringContaining('03:00.0 (Navi 10) has the AMD reset bug. Set up vendor-reset') });
    expect(s.planned).toEqual([{ gpu: '0000:03:00.0', also: [], allowBootGpu: false, entries: [], vendorReset: true }]);
  });

  it('Navi 21 (no reset bug): no vendor-reset question', async () => {
    const s = fakeSteps({ plan: HOST_PLAN });
    const u = scriptedUi(['default', { confirm: false }]);
    await runWizard(u.ui, s.steps, OPTS);
    expect(u.asked.map((a) => a.message).join('\n')).not.toContain('vendor-reset');
  });
});
