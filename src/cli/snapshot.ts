// `dgpu snapshot OUT.tar.gz`: the facts dgpu reads, packed for a bug report; `--root OUT.tar.gz` reads it back.
import { Command } from 'commander';
import { resolveRoot, rootOption } from './common.js';
import { out } from './io.js';

export function snapshotCommand(): Command {
  return new Command('snapshot')
    .description('pack what dgpu reads (PCI sysfs, IOMMU groups, USB, cmdline, module lists, boot evidence) into a .tar.gz for a bug report')
    .argument('<out>', 'file to write, e.g. host.tar.gz')
    .addOption(rootOption())
    .addHelpText(
      'after',
      '\nNothing private: no config space beyond the 64-byte header, no resource files, no serial numbers;\n' +
        'bootloader and initramfs files (/etc/default/grub, ...) are recorded as empty presence markers only.\n' +
        'Read it back with `dgpu scan --root OUT.tar.gz`.',
    )
    .action(async (outFile: string, opts: { root: string }) => {
      const { openRoot, writeSnapshot } = await import('../host/snapshot.js');
      const { readHost } = await import('../host/sysfs-reader.js');
      const { dir, cleanup } = await openRoot(resolveRoot(opts.root));
      try {
        await readHost(dir); // the same checks (exists, is a Linux root) and errors as every other command
        const { entries, bytes } = writeSnapshot(dir, outFile);
        out(`wrote ${outFile}: ${entries} entries, ${(bytes / 1024).toFixed(1)} KiB`);
        out('bootloader and initramfs files are recorded as empty presence markers; no file contents from /etc except os-release');
      } finally {
        cleanup();
      }
    });
}
