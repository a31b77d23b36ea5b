// `dgpu rollback [ID]`: restores every file of a transaction (the latest by default) byte for byte, then runs
// its regeneration commands again on the real system, or lists them under another root.
import { Command } from 'commander';
import { printable } from '../core/printable.js';
import { jsonOption, rootOption } from './common.js';
import { examples } from './help.js';

export function rollbackCommand(): Command {
  return examples(new Command('rollback')
    .description('undo a transaction of `dgpu apply` or `dgpu vm attach` (the latest by default)')
    .argument('[id]', 'transaction id (see --list)')
    .option('--list', 'list the transactions')
    .option('--force', 'restore files even if they changed since the transaction (those changes are lost)')
    .addOption(rootOption())
    .addOption(jsonOption())
    .action(async (id: string | undefined, f: { list?: boolean; force?: boolean; root?: string; json?: boolean }) => {
      const [{ withContext }, app, io] = await Promise.all([import('../app/context.js'), import('../app/rollback.js'), import('./io.js')]);
      await withContext(f.root, { writes: 'rollback', noLock: f.list === true }, async (ctx) => {
        if (f.list) {
          const all = app.listUse(ctx);
          if (f.json) return io.printJson({ schema: 1, transactions: all });
          if (all.length === 0) io.out('no transactions');
          for (const t of all) {
            const state = t.problem === null ? (t.state ?? '') : t.incomplete ? `INCOMPLETE: ${t.problem}` : `DAMAGED: ${t.problem}`;
            io.out(`${t.id}  ${state}  ${[...t.files, ...t.domains.map((d) => `domain ${printable(d)}`)].join(', ')}`);
          }
          return;
        }
        const result = await app.rollbackUse(ctx, id, { force: f.force === true, ...io.stepHooks });
        if (f.json) {
          return io.printJson({ schema: 1, transaction: result.id, files: result.files, domains: result.domains, commands: result.commands, notRun: result.notRun });
        }
        io.out(`rolled back transaction ${result.id}`);
        for (const x of result.files) io.out(`  ${x.action === 'restored' ? 'restored' : 'already as before'}: ${x.path}`);
        for (const d of result.domains) io.out(`  redefined domain ${printable(d.name)} (${d.connect})`);
        for (const c of result.notRun) io.out(`not run (--root): ${c.argv.join(' ')}`);
      });
    }));
}
