// Entry point: builds the command tree and is the one boundary where errors become exit codes.
import { CommanderError } from 'commander';
import { DgpuError, EXIT } from '../core/errors.js';
import { printable } from '../core/printable.js';
import { isTerminal, writeErr } from './io.js';
import { program } from './program.js';

export async function main(argv: string[]): Promise<number> {
  // `dgpu` alone on a terminal is the guided path; in a pipe it stays the help text.
  if (argv.length === 0 && isTerminal(0) && isTerminal(1)) argv = ['setup'];
  try {
    await program(argv).parseAsync(argv, { from: 'user' });
    return process.exitCode === undefined ? EXIT.ok : Number(process.exitCode);
  } catch (e) {
    return report(e);
  }
}

/** Messages carry file and device text: escaped, and cut so that a host with thousands of functions gives one line. */
const MAX_LINE = 2000;
function oneLine(text: string): string {
  const t = printable(text);
  return t.length <= MAX_LINE ? t : `${t.slice(0, MAX_LINE)}… (${t.length - MAX_LINE} more characters)`;
}

function report(e: unknown): number {
  if (e instanceof CommanderError) {
    // help and version exit 0; every other commander error is a usage error
    return e.exitCode === 0 ? EXIT.ok : EXIT.usage;
  }
  if (e instanceof DgpuError) {
    writeErr(`dgpu: ${oneLine(e.message)}\n`);
    if (e.hint) writeErr(`hint: ${oneLine(e.hint)}\n`);
    return e.exitCode;
  }
  const err = e as NodeJS.ErrnoException;
  writeErr(`dgpu: internal error: ${oneLine(err?.message ?? String(e))}\n`);
  writeErr('hint: this is a bug; please report it with `dgpu snapshot` attached (DGPU_DEBUG=1 shows the stack)\n');
  if (process.env.DGPU_DEBUG) writeErr(`${err?.stack ?? ''}\n`);
  return EXIT.internal;
}

main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
