// `dgpu verify`: after the reboot, one pass/fail line per check, with what to do on failure; exit 1 when any fails.
import { Command } from 'commander';
import type { GpuFlags } from '../app/gpu-request.js';
import { EXIT } from '../core/errors.js';
import { gpuOptions, jsonOption, rootOption } from './common.js';
import { examples } from './help.js';

export function verifyCommand(): Command {
  const cmd = new Command('verify').description('after the reboot: check the GPU is bound to vfio-pci and ready for a VM');
  for (const o of gpuOptions(false)) cmd.addOption(o);
  return examples(cmd
    .addOption(rootOption())
    .addOption(jsonOption())
    .action(async (f: GpuFlags & { root?: string; json?: boolean }) => {
      const [{ withContext }, { verifyUse }, io] = await Promise.all([import('../app/context.js'), import('../app/passthrough.js'), import('./io.js')]);
      const v = await withContext(f.root, {}, (ctx) => verifyUse(ctx, f));
      if (f.json) io.printJson({ schema: 1, ...v });
      else {
        for (const c of v.checks) {
          io.out(`${c.ok ? io.style('green', 'pass') : io.style('red', 'FAIL')}  ${c.detail}`);
          if (!c.ok && c.fix) io.out(`      → ${c.fix}`);
        }
        const failed = v.checks.filter((c) => !c.ok).length;
        io.out(v.ok ? `all ${v.checks.length} checks passed: ${v.gpu} is ready for \`dgpu vm attach\`` : `${failed} of ${v.checks.length} checks failed`);
      }
      if (!v.ok) process.exitCode = EXIT.checkFailed;
    }));
}
