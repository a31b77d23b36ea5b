// `dgpu snapshot OUT.tar.gz`: the facts dgpu reads, packed for a bug report; `--root OUT.tar.gz` reads it back.
import { Command } from 'commander';
import { jsonOption, rootOption } from './common.js';
import { examples } from './help.js';

export function snapshotCommand(): Command {
  return examples(new Command('snapshot')
    .description('pack what dgpu reads (PCI sysfs, IOMMU groups, USB, cmdline, module lists, boot evidence) into a .tar.gz for a bug report')
    .argument('<out>', 'file to write, e.g. host.tar.gz')
    .addOption(rootOption())
    .addOption(jsonOption())
    .addHelpText(
      'after',
      '\nWhat it holds: PCI ids, classes, drivers, IOMMU groups and the 64-byte config header of each function; USB ids,\n' +
        'names and HID protocols (no serial numbers); of /proc/cmdline only the IOMMU, vfio, ACS override, video/efifb,\n' +
        'initcall_blacklist and module blacklist parameters (modprobe.*, rd.driver.*, *.blacklist); the kernel release,\n' +
        'the CPU vendor, modules.alias and modules.builtin, os-release; bootloader and initramfs files as empty\n' +
        'presence markers. No resource files, no file contents from /etc but os-release.\n' +
        'Read it back with `dgpu scan --root OUT.tar.gz` (scan, groups, report and plan read it; nothing writes to it).',
    )
    .action(async (outFile: string, opts: { root?: string; json?: boolean }) => {
      const [{ snapshotUse }, { out, printJson }] = await Promise.all([import('../app/snapshot.js'), import('./io.js')]);
      const { entries, bytes } = await snapshotUse(opts.root, outFile);
      if (opts.json) return printJson({ schema: 1, path: outFile, entries, bytes });
      out(`wrote ${outFile}: ${entries} entries, ${(bytes / 1024).toFixed(1)} KiB`);
      out('bootloader and initramfs files are recorded as empty presence markers; no file contents from /etc except os-release');
    }));
}
