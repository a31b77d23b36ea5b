// The only place that writes to the terminal. Data goes to stdout; progress, warnings and errors to stderr,
// so `--json` output stays clean.
import { CancelledError, UsageError } from '../core/errors.js';
import { printable, printableText } from '../core/printable.js';

export function out(text = ''): void {
  process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
}

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

/**
 * A reader that goes away (`dgpu plan | head -1`) ends our output, not the run: a write to a closed pipe is
 * dropped, so a transaction under way still finishes and the exit code stays the command's. (A stdout closed
 * with `>&-` cannot be told from `>/dev/null`: Node.js reopens fds 0-2 on /dev/null before any script runs.)
 */
export function guardStreams(): void {
  for (const s of [process.stdout, process.stderr]) {
    s.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code !== 'EPIPE' && e.code !== 'EBADF') process.exitCode = 70;
    });
  }
}

/** A line for the user on stderr, which outlives a closed stdout pipe (the undo line after a commit). */
export function note(text: string): void {
  process.stderr.write(`${text}\n`);
}

export function warn(text: string): void {
  process.stderr.write(`warning: ${printableText(text)}\n`);
}

/** A progress line on stderr; silent when stderr is not a terminal unless DGPU_PROGRESS=1. */
export function progress(text: string): void {
  if (process.stderr.isTTY || process.env.DGPU_PROGRESS === '1') process.stderr.write(`… ${text}\n`);
}

/**
 * While apply or rollback runs a regeneration command: what runs, announced before (it can take a minute), its
 * own output as it comes, and how long it took. On stderr, so stdout stays the command's result.
 */
export const stepHooks = {
  onStart: (step: { argv: string[]; reason: string }) => process.stderr.write(`running: ${step.argv.join(' ')}  (${step.reason})\n`),
  onOutput: (chunk: string) => process.stderr.write(chunk),
  onEnd: (step: { argv: string[] }, code: number, ms: number) =>
    process.stderr.write(`${code === 0 ? 'done' : `exited with ${code}`}: ${step.argv[0]} after ${(ms / 1000).toFixed(1)} s\n`),
};

const useColor = () => process.stdout.isTTY === true && !('NO_COLOR' in process.env);

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
  if (!process.stdin.isTTY) throw new UsageError('not writing anything without confirmation (stdin is not a terminal)', 'pass --yes to go ahead without asking');
  const { createInterface } = await import('node:readline/promises'); // only when asking
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  const abort = new AbortController();
  rl.on('SIGINT', () => abort.abort());
  rl.on('close', () => abort.abort());
  let answer: string;
  try {
    answer = await rl.question(`${printable(question)} [y/N] `, { signal: abort.signal });
  } catch {
    process.stderr.write('\n');
    throw new CancelledError('cancelled; nothing was changed');
  } finally {
    rl.close();
  }
  if (!/^y(es)?$/i.test(answer.trim())) throw new CancelledError('cancelled; nothing was changed');
}
