// `dgpu rom dump ADDR OUT`: a GPU's VBIOS for `vm attach --rom`.
import { Command } from 'commander';
import { rootOption } from './common.js';
import { examples } from './help.js';

export function romCommand(): Command {
  const rom = new Command('rom').description('GPU ROM (VBIOS) images');
  const dump = examples(new Command('dump'));
  rom.addCommand(dump);
  dump
    .description('read the ROM of a GPU the host does not use (never the boot GPU), check it, and write it to OUT')
    .argument('<addr>', 'the GPU\'s display function, e.g. 0a:00.0')
    .argument('<out>', 'file to write, e.g. /var/lib/libvirt/vbios/gpu.rom')
    .addOption(rootOption())
    .action(async (addr: string, outFile: string, opts: { root?: string }) => {
      const [{ withContext }, { romDumpUse }, { out }] = await Promise.all([import('../app/context.js'), import('../app/rom-dump.js'), import('./io.js')]);
      await withContext(opts.root, {}, async (ctx) => {
        const r = await romDumpUse(ctx, addr, outFile);
        out(`wrote ${outFile}: ${r.bytes} bytes, the ROM of ${r.vendor}:${r.device} (signature and PCI data structure checked)`);
        out(`use it with \`dgpu vm attach --rom ${outFile}\``);
      });
    });
  return rom;
}
