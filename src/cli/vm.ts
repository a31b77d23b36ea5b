// `dgpu vm attach`: the Virt-Manager step of the guide, done on the libvirt domain itself. Cheap to build: the
// XML editor is imported only when the action runs.
import { Command, Option } from 'commander';
import type { AttachFlags } from '../app/vm-attach.js';
import { allowBootGpuOption, gpuOptions, jsonOption, rootOption } from './common.js';
import { examples } from './help.js';

type Flags = AttachFlags & { root?: string; yes?: boolean; dryRun?: boolean; json?: boolean };

export function vmCommand(): Command {
  const vm = new Command('vm').description('edit a libvirt domain for GPU passthrough');
  const attach = vm.command('attach')
    .description('pass every function of a GPU to a libvirt domain (or a domain XML file), on one guest slot')
    .argument('[domain]', 'libvirt domain name (or use --xml FILE)');
  const [gpu, also] = gpuOptions(false);
  attach
    .addOption(gpu!)
    .addOption(also!)
    .addOption(allowBootGpuOption())
    .option('--connect <uri>', 'libvirt connection URI, as virt-manager uses it', 'qemu:///system')
    .option('--xml <file>', 'edit this domain XML file instead of a defined domain (in place, keeping FILE.dgpu-bak)')
    .option('--out <file>', 'with --xml: write the result here (always) and leave FILE as it is')
    .addOption(new Option('--input <mode>', 'guest keyboard and mouse: usb (the --also controllers), evdev, or keep the emulated ones (default: usb when --also names a USB controller, else keep)')
      .choices(['usb', 'evdev', 'keep']))
    .option('--keep-display', 'keep the virtual display (graphics and video)')
    .option('--dry-run', 'print the diff only; define and write nothing')
    .option('-y, --yes', 'apply without asking')
    .addOption(rootOption())
    .addOption(jsonOption())
    .exitOverride()
    .action(async (domain: string | undefined, f: Flags) => {
      const { runAttach } = await import('./vm-attach.js');
      await runAttach(domain, f);
    });
  examples(attach);
  return vm;
}
