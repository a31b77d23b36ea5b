// `dgpu verify`: after the reboot, one pass/fail line per check, with what to do on failure; exit 1 when any
// fails (issue 3). The intent comes from the planner's rules; the facts from the host as it runs now.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from 'commander';
import { EXIT } from '../core/errors.js';
import { jsonOption, resolveRoot, rootOption } from './common.js';
import { addRequestOptions, type RequestFlags } from './passthrough.js';

function listDevVfio(root: string): string[] | null {
  try {
    return readdirSync(join(root, 'dev/vfio'));
  } catch {
    return null;
  }
}

export function verifyCommand(): Command {
  return addRequestOptions(new Command('verify').description('after the reboot: check the GPU is bound to vfio-pci and ready for a VM'), false)
    .addOption(rootOption())
    .addOption(jsonOption())
    .action(async (f: RequestFlags) => {
      const [{ openRoot }, { readHost }, intentMod, { verifyIntent, allPassed }, pt, io] = await Promise.all([
        import('../host/snapshot.js'), import('../host/sysfs-reader.js'), import('../core/plan/intent.js'), import('../core/plan/verify.js'),
        import('./passthrough.js'), import('./io.js'),
      ]);
      const req = pt.requestOf(f);
      const { dir, cleanup } = await openRoot(resolveRoot(f.root));
      try {
        const host = await readHost(dir);
        const intent = intentMod.intentFor(host, intentMod.chooseGuest(host, req));
        const checks = verifyIntent(host, intent, listDevVfio(dir));
        const ok = allPassed(checks);
        if (f.json) io.printJson({ gpu: intent.gpu, functions: intent.functions, ok, checks });
        else {
          for (const c of checks) {
            io.out(`${c.ok ? io.style('green', 'pass') : io.style('red', 'FAIL')}  ${c.detail}`);
            if (!c.ok && c.fix) io.out(`      → ${c.fix}`);
          }
          io.out(ok ? `all ${checks.length} checks passed: ${intent.gpu} is ready for \`dgpu vm attach\`` : `${checks.filter((c) => !c.ok).length} of ${checks.length} checks failed`);
        }
        if (!ok) process.exitCode = EXIT.checkFailed;
      } finally {
        cleanup();
      }
    });
}
