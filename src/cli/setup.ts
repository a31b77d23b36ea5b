// `dgpu setup` (and `dgpu` alone on a terminal): the guided path through the five steps.
// Cheap to build: the wizard and @clack/prompts load only when the action runs.
import { Command } from 'commander';
import { rootOption } from './common.js';
import { examples } from './help.js';

export interface SetupFlags {
  root?: string;
  dryRun?: boolean;
  connect: string;
}

export function setupCommand(): Command {
  return examples(new Command('setup')
    .description('the guided path: scan, choose the GPU, plan and apply, verify, then give the GPU to a VM')
    .addOption(rootOption())
    .option('--dry-run', 'show every step, write nothing, run no command')
    .option('--connect <uri>', 'libvirt connection URI, as virt-manager uses it', 'qemu:///system')
    .action(async (opts: SetupFlags) => {
      const { runSetup } = await import('./wizard/run.js');
      await runSetup(opts);
    }));
}
