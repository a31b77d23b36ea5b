// `dgpu vm attach`: the Virt-Manager step of the guide, done on the libvirt domain itself (issue 4).
// Cheap to build: the XML editor is imported only when the action runs.
import { Command, Option } from 'commander';
import { rootOption } from './common.js';

export function vmCommand(): Command {
  const vm = new Command('vm').description('edit a libvirt domain for GPU passthrough');
  vm.command('attach')
    .description('pass every function of a GPU to a libvirt domain (or a domain XML file), on one guest slot')
    .argument('[domain]', 'libvirt domain name (or use --xml FILE)')
    .requiredOption('--gpu <addr>', 'PCI address of the GPU to pass (see `dgpu scan`)')
    .option('--connect <uri>', 'libvirt connection URI, as virt-manager uses it', 'qemu:///system')
    .option('--xml <file>', 'edit this domain XML file instead of a defined domain (in place, keeping FILE.dgpu-bak)')
    .option('--out <file>', 'with --xml: write the result here and leave FILE as it is')
    .option('--also <addr...>', 'more PCI devices to pass, each on its own slot (USB controllers for --input usb)')
    .addOption(new Option('--input <mode>', 'guest keyboard and mouse: usb (the --also controllers), evdev, or keep the emulated ones')
      .choices(['usb', 'evdev', 'keep']))
    .option('--keep-display', 'keep the virtual display (graphics and video)')
    .option('-y, --yes', 'apply without asking')
    .addOption(rootOption())
    .exitOverride()
    .action(async (domain: string | undefined, opts: Record<string, unknown>) => {
      const { runVmAttach } = await import('./vm-attach.js');
      await runVmAttach(domain, opts as unknown as import('./vm-attach.js').VmAttachFlags);
    });
  return vm;
}
