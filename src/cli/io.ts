// The only place that writes to the terminal. Data goes to stdout; progress, warnings and errors to stderr,
// so `--json` output stays clean. Both by their descriptors (src/host/stdio.ts): a reader that goes away
// (`dgpu plan | head -1`) ends our output, not the run, so a transaction under way still finishes and the exit
// code stays the command's.
import { CancelledError, UsageError } from '../core/errors.js';
import { printable, printableText } from '../core/printable.js';
import { isTerminal, writeFd } from '../app/terminal.js';

export { isTerminal };

/** `text` to stdout as it is. */
export function write(text: string): void {
  writeFd(1, text);
}

export function out(text = ''): void {
  writeFd(1, text.endsWith('\n') ? text : `${text}\n`);
}

export function printJson(value: unknown): void {
  writeFd(1, `${JSON.stringify(value, null, 2)}\n`);
}

/** `text` to stderr as it is. */
export function writeErr(text: string): void {
  writeFd(2, text);
}

/**
 * For what writes through Node's own streams (the wizard's prompts, the y/N question): a write to a closed pipe
 * is dropped there too. (A stdout closed with `>&-` cannot be told from `>/dev/null`: Node.js reopens fds 0-2
 * on /dev/null before any script runs.)
 */
export function guardStreams(): void {
  for (const s of [process.stdout, process.stderr]) {
    if (s.listenerCount('error') > 0) continue;
    s.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code !== 'EPIPE' && e.code !== 'EBADF') process.exitCode = 70;
    });
  }
}

/** A line for the user on stderr, which outlives a closed stdout pipe (the undo line after a commit). */
export function note(text: string): void {
  writeFd(2, `${text}\n`);
}

export function warn(text: string): void {
  writeFd(2, `warning: ${printableText(text)}\n`);
}

/** A progress line on stderr; silent when stderr is not a terminal unless DGPU_PROGRESS=1. */
export function progress(text: string): void {
  if (process.env.DGPU_PROGRESS === '1' || isTerminal(2)) writeFd(2, `… ${text}\n`);
}

/**
 * While apply or rollback runs a regeneration command: what runs, announced before (it can take a minute), its
 * own output as it comes, and how long it took. On stderr, so stdout stays the command's result.
 */
export const stepHooks = {
  onStart: (step: { argv: string[]; reason: string }) => writeFd(2, `running: ${step.argv.join(' ')}  (${step.reason})\n`),
  onOutput: (chunk: string) => writeFd(2, chunk),
  onEnd: (step: { argv: string[] }, code: number, ms: number) =>
    writeFd(2, `${code === 0 ? 'done' : `exited with ${code}`}: ${step.argv[0]} after ${(ms / 1000).toFixed(1)} s\n`),
};

const useColor = () => !('NO_COLOR' in process.env) && isTerminal(1);

export function style(code: 'bold' | 'dim' | 'red' | 'green' | 'yellow' | 'cyan', text: string): string {
  if (!useColor()) return text;
  const codes = { bold: [1, 22], dim: [2, 22], red: [31, 39], green: [32, 39], yellow: [33, 39], cyan: [36, 39] };
  const [a, b] = codes[code];
  return `\u001b[${a}m${text}\u001b[${b}m`;
}

/**
 * The y/N question before a write. Without a terminal it needs --yes (exit 2, nothing written); no, Ctrl-C,
 * Esc or a closed stdin is a cancel (exit 130, nothing written).
 */
export async function confirmWrite(question: string, yes: boolean): Promise<void> {
  if (yes) return;
  if (!isTerminal(0)) throw new UsageError('not writing anything without confirmation (stdin is not a terminal)', 'pass --yes to go ahead without asking');
  const { createInterface } = await import('node:readline/promises'); // only when asking
  guardStreams();
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  const abort = new AbortController();
  rl.on('SIGINT', () => abort.abort());
  rl.on('close', () => abort.abort());
  let answer: string;
  try {
    answer = await rl.question(`${printable(question)} [y/N] `, { signal: abort.signal });
  } catch {
    writeFd(2, '\n');
    throw new CancelledError('cancelled; nothing was changed');
  } finally {
    rl.close();
  }
  if (!/^y(es)?$/i.test(answer.trim())) throw new CancelledError('cancelled; nothing was changed');
}
