// The command tree: every command, its options, examples and the exit statuses, in one place that --help, the man
// page (`dgpu man`) and the shell completions (`dgpu completion SHELL`) all read.
import { Command } from 'commander';
import { commands } from './commands.js';
import { exitStatusText } from './help.js';
import { write, writeErr } from './io.js';

// Set from package.json by scripts/build.mjs; `dev` when run from the sources.
declare const __DGPU_VERSION__: string | undefined;
export const VERSION = typeof __DGPU_VERSION__ === 'string' ? __DGPU_VERSION__ : 'dev';

/**
 * The command `argv` runs, when that run reads no other command: not `completion` or `man` (they walk the whole
 * tree), no help asked (the root's help lists every command), no unknown name (its error suggests one). Building
 * all twelve commands with their options is most of a millisecond at every start (docs/architecture.md,
 * "Start-up"), and a run of `scan` needs scan alone.
 */
function alone(argv: readonly string[]): (() => Command) | undefined {
  if (argv.some((a) => a === '--help' || a === '-h')) return undefined;
  return commands.find(([name]) => name === argv[0] && name !== 'completion')?.[1];
}

/** The command tree; with `argv`, only what that run needs of it (see alone). */
export function program(argv?: readonly string[]): Command {
  const p = new Command('dgpu')
    .description('Dual GPU passthrough for Linux KVM hosts: the host keeps one GPU, a VM gets the other.')
    .version(VERSION)
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({ writeOut: write, writeErr })
    .addHelpText('after', exitStatusText());
  const only = argv === undefined ? undefined : alone(argv);
  if (only !== undefined) return p.addCommand(only().exitOverride());
  for (const [, make] of commands) p.addCommand(make().exitOverride());
  p.addCommand(new Command('man').description('print the dgpu(8) man page (roff)').action(async () => {
    const [{ manPage }, { out }] = await Promise.all([import('./man.js'), import('./io.js')]);
    out(manPage(p));
  }), { hidden: true });
  return p;
}
