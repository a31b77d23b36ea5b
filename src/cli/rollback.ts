// `dgpu rollback [ID]`: restores every file of a transaction (the latest by default) byte for byte, then runs
// its regeneration commands again on the real system, or lists them under another root (issue 3).
import { Command } from 'commander';
import { EnvironmentError } from '../core/errors.js';
import { resolveRoot, rootOption } from './common.js';

export function rollbackCommand(): Command {
  return new Command('rollback')
    .description('undo a transaction of `dgpu apply` or `dgpu vm attach` (the latest by default)')
    .argument('[id]', 'transaction id (see --list)')
    .option('--list', 'list the transactions')
    .option('--force', 'restore files even if they changed since the transaction (those changes are lost)')
    .addOption(rootOption())
    .action(async (id: string | undefined, f: { list?: boolean; force?: boolean; root?: string }) => {
      const root = resolveRoot(f.root);
      const [{ rollback, listTransactions }, io] = await Promise.all([import('../host/rollback.js'), import('./io.js')]);
      if (f.list) {
        const all = listTransactions(root);
        if (all.length === 0) io.out('no transactions');
        for (const t of all) {
          io.out(`${t.id}  ${t.problem === null ? (t.state ?? '') : `DAMAGED: ${t.problem}`}  ${[...t.files, ...t.domains.map((d) => `domain ${d}`)].join(', ')}`);
        }
        return;
      }
      const real = root === '/';
      if (real && process.getuid?.() !== 0) {
        throw new EnvironmentError('dgpu rollback restores files in /etc and /boot: it must run as root; nothing was written', 'run it with sudo');
      }
      const { restoreDomain } = await import('../host/virsh.js');
      const result = await rollback(root, id, { force: f.force === true, restoreDomain });
      io.out(`rolled back transaction ${result.id}`);
      for (const x of result.files) io.out(`  ${x.action === 'restored' ? 'restored' : 'already as before'}: ${x.path}`);
      for (const d of result.domains) io.out(`  redefined domain ${d.name} (${d.connect})`);
      if (result.commands.length === 0) return;
      if (!real) {
        for (const c of result.commands) io.out(`not run (--root): ${c.argv.join(' ')}`);
        return;
      }
      const { runSteps } = await import('../host/runner.js');
      const { failed } = await runSteps(result.commands, {
        onOutput: (chunk, stream) => (stream === 'stdout' ? process.stdout : process.stderr).write(chunk),
      });
      if (failed) {
        const { ApplyError } = await import('../core/errors.js');
        throw new ApplyError(`the files are restored, but \`${failed.argv.join(' ')}\` exited with ${failed.exitCode}`, 'fix the cause and run it by hand');
      }
    });
}
