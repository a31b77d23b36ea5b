// What the wizard does to the machine, behind one small interface: the conversation (wizard.ts) only decides and
// asks; these functions read the host, plan, apply (the transaction of src/host/transaction.ts), verify, and talk
// to libvirt. Tests give the conversation a scripted stand-in; `realSteps` wires the commands' own modules, so
// the wizard writes exactly what `dgpu apply` and `dgpu vm attach` would.
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { EnvironmentError } from '../core/errors.js';
import type { InputMode } from '../core/vm/attach.js';
import type { Plan } from '../core/plan/plan.js';
import type { ScanJson } from '../core/analysis/scan-report.js';
import type { Check } from '../core/plan/verify.js';
import type { PassthroughRequest } from '../core/plan/planner.js';

export type { Check } from '../core/plan/verify.js';
export type { PassthroughRequest } from '../core/plan/planner.js';

export interface AttachChoice {
  domain: string;
  gpu: string;
  input: InputMode;
  /** More functions for the VM (USB controllers for input `usb`). */
  also: string[];
}

export interface Applied {
  /** Null: nothing was written. */
  id: string | null;
  files: string[];
  domains: string[];
  /** Commands run (or listed as not run: a root other than `/`). */
  commands: { argv: string[]; exitCode: number | null }[];
}

export interface WizardSteps {
  scan(): Promise<ScanJson>;
  plan(req: PassthroughRequest): Promise<Plan>;
  apply(plan: Plan): Promise<Applied>;
  /** Null when the host facts cannot be checked (the checks need the planner's intent). */
  verify(req: PassthroughRequest): Promise<Check[]>;
  listDomains(): Promise<string[]>;
  planAttach(choice: AttachChoice): Promise<Plan>;
  applyAttach(plan: Plan): Promise<Applied>;
}

export interface StepsOptions {
  /** The tree to read and write (already resolved; a snapshot archive already unpacked). */
  root: string;
  connect: string;
}

/** The real steps, on the tree under `root`. Heavy modules load on first use. */
export function realSteps(o: StepsOptions): WizardSteps {
  // what each attach plan passes, for the read-back check after define (as `dgpu vm attach` does)
  const passed = new WeakMap<Plan, import('../core/vm/attach.js').AttachFunction[]>();
  return {
    async scan() {
      const [{ readHost }, { scanReport }] = await Promise.all([import('../host/sysfs-reader.js'), import('../core/analysis/scan-report.js')]);
      return scanReport(await readHost(o.root));
    },
    async plan(req) {
      const [{ readHostAndFiles }, { planPassthrough }] = await Promise.all([import('./passthrough.js'), import('../core/plan/planner.js')]);
      const { host, files } = await readHostAndFiles(o.root);
      return planPassthrough(host, files, req).plan;
    },
    async apply(plan) {
      // as `dgpu apply`: commands run only on the real system, which only root may change
      const real = resolve(o.root) === '/';
      if (real && process.getuid?.() !== 0) {
        throw new EnvironmentError('applying changes /etc and /boot: dgpu setup must run as root; nothing was written', 'run it with sudo, or add --dry-run');
      }
      const { applyPlan } = await import('../host/transaction.js');
      return applied(await applyPlan(o.root, plan, { runCommands: real, onOutput: (chunk) => process.stderr.write(chunk) }));
    },
    async verify(req) {
      const [{ readHost }, { chooseGuest, intentFor }, { verifyIntent }] = await Promise.all([
        import('../host/sysfs-reader.js'), import('../core/plan/intent.js'), import('../core/plan/verify.js'),
      ]);
      const host = await readHost(o.root);
      return verifyIntent(host, intentFor(host, chooseGuest(host, req)), listDevVfio(o.root));
    },
    async listDomains() {
      const { listDomainNames } = await import('../host/virsh-list.js');
      return listDomainNames(o.connect);
    },
    async planAttach(choice) {
      const { planAttach } = await import('./wizard-attach.js');
      const { plan, functions } = await planAttach(o.root, o.connect, choice);
      passed.set(plan, functions);
      return plan;
    },
    async applyAttach(plan) {
      const [{ applyPlan }, { defineDomain, restoreDomain }, { placementProblem }] = await Promise.all([
        import('../host/transaction.js'), import('../host/virsh.js'), import('../core/vm/check-placement.js'),
      ]);
      const fns = passed.get(plan) ?? [];
      return applied(await applyPlan(o.root, plan, {
        defineDomain: (connect, name, xml) =>
          defineDomain(connect, name, xml, (back) => placementProblem(back, fns, `domain '${name}' as libvirt gives it back`)),
        restoreDomain,
      }));
    },
  };
}

/** The names in <root>/dev/vfio (one per IOMMU group vfio holds); null when the folder is missing. */
function listDevVfio(root: string): string[] | null {
  try {
    return readdirSync(join(root, 'dev/vfio'));
  } catch {
    return null;
  }
}

function applied(r: import('../host/transaction.js').TransactionResult): Applied {
  return {
    id: r.id,
    files: r.files.map((f) => f.path),
    domains: r.domains.map((d) => d.name),
    commands: r.commands.map((c) => ({ argv: c.argv, exitCode: c.exitCode })),
  };
}
