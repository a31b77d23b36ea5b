// Options shared by every command.
import { type Command, Option } from 'commander';

export const rootOption = () =>
  new Option('--root <dir>', 'read (and write) under DIR instead of / : a copied or fake tree, or a `dgpu snapshot` archive to read');

export const jsonOption = () => new Option('--json', 'print machine-readable JSON (schema 1) on stdout');

/** What scan and groups read (--root or --from), how (--json), and lspci's -s and -d selection. */
export interface ListingFlags {
  root?: string;
  from?: string;
  json?: boolean;
  s?: string;
  d?: string;
}

export function listingOptions(cmd: Command): Command {
  return cmd
    .addOption(rootOption())
    .addOption(fromOption())
    .addOption(jsonOption())
    .option('-s <slot>', 'only functions in this slot, as lspci -s: [[[[domain]:]bus]:][slot][.[func]]')
    .option('-d <vendor:device>', 'only functions with these ids, as lspci -d: [vendor]:[device][:class]');
}

export const fromOption = () => new Option('--from <file>', 'read a pasted dump (IOMMU group listing, lspci -nn(k), ls-iommu) instead of the machine');

/** --gpu and --also; `required` false: the GPU of the latest `dgpu apply` is the default. */
export function gpuOptions(required: boolean): Option[] {
  const what = required ? 'the GPU to give the guest: a PCI address (0a:00.0) or auto'
    : 'the guest GPU: a PCI address (0a:00.0) or auto (default: the GPU of the latest `dgpu apply`)';
  const gpu = new Option('--gpu <addr|auto>', what);
  if (required) gpu.makeOptionMandatory();
  return [gpu, new Option('--also <addr...>', 'more functions to pass with the GPU (a USB controller for the keyboard...)')];
}

export const allowBootGpuOption = () => new Option('--allow-boot-gpu', 'allow passing the GPU the firmware boots on (the host loses its console)');

export const vendorResetOption = () => new Option('--vendor-reset', 'AMD reset bug: load gnif/vendor-reset at boot and set the guest GPU\'s reset_method (udev rule); see `dgpu scan`');

export const entryOption = () => new Option('--entry <name...>', 'systemd-boot: edit only these entries (default: every Linux entry)');

/** The request options of plan and apply: --gpu (required by apply), --also, --allow-boot-gpu, --vendor-reset, --entry, --root, --json. */
export function requestOptions(cmd: Command, gpuRequired: boolean): Command {
  for (const o of gpuOptions(gpuRequired)) cmd.addOption(o);
  return cmd
    .addOption(allowBootGpuOption())
    .addOption(vendorResetOption())
    .addOption(entryOption())
    .addOption(rootOption())
    .addOption(jsonOption());
}
