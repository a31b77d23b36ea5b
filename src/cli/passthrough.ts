// What `plan`, `apply` and `verify` share: the GPU request options, reading the host and its configuration
// files under --root, and printing a plan.
import { Command, Option } from 'commander';
import type { PassthroughRequest } from '../core/plan/intent.js';
import type { Plan } from '../core/plan/plan.js';
import type { Host } from '../core/host.js';
import type { ConfigFiles } from '../core/plan/config-files.js';
import { addressArg } from './common.js';
import { out, style, warn } from './io.js';

export interface RequestFlags {
  gpu: string;
  also?: string[];
  allowBootGpu?: boolean;
  entry?: string[];
  root?: string;
  json?: boolean;
  yes?: boolean;
}

export function addRequestOptions(cmd: Command, withBoot = true): Command {
  cmd
    .requiredOption('--gpu <addr|auto>', 'the GPU to give the guest: a PCI address (0a:00.0) or auto')
    .addOption(new Option('--also <addr...>', 'more functions to pass (a USB controller for the keyboard...)').default([]));
  if (withBoot) {
    cmd
      .option('--allow-boot-gpu', 'allow passing the GPU the firmware boots on (the host loses its console)')
      .addOption(new Option('--entry <name...>', 'systemd-boot: edit only these entries (default: every Linux entry)').default([]));
  }
  return cmd;
}

export function requestOf(f: RequestFlags): PassthroughRequest {
  return {
    gpu: f.gpu === 'auto' ? 'auto' : addressArg(f.gpu),
    also: (f.also ?? []).map((a) => addressArg(a, '--also')),
    allowBootGpu: f.allowBootGpu === true,
    entries: f.entry ?? [],
  };
}

export async function readHostAndFiles(root: string): Promise<{ host: Host; files: ConfigFiles }> {
  const [{ readHost }, { readConfigFiles }] = await Promise.all([import('../host/sysfs-reader.js'), import('../host/config-files.js')]);
  const host = await readHost(root, { modulesAlias: true });
  return { host, files: readConfigFiles(root) };
}

/** The plan for humans: the diff, the commands, the warnings; "nothing to do" when empty. */
export async function printPlan(plan: Plan): Promise<void> {
  const [{ planDiff }, { isEmptyPlan }] = await Promise.all([import('../core/plan/diff.js'), import('../core/plan/plan.js')]);
  for (const w of plan.warnings) warn(w);
  if (isEmptyPlan(plan)) {
    out(plan.manual?.length ? 'nothing to do for dgpu: what is left is by hand (the warning above)' : 'nothing to do: the host is already set up for this GPU');
    return;
  }
  const { effectiveChanges } = await import('../core/plan/plan.js');
  for (const c of effectiveChanges(plan)) out(style('bold', `# ${c.path}: ${c.reason}`));
  out(planDiff(plan).replace(/\n$/, ''));
  if (plan.commands.length > 0) {
    out(style('bold', 'then run:'));
    for (const c of plan.commands) out(`  ${c.argv.join(' ')}    # ${c.reason}`);
  }
}
