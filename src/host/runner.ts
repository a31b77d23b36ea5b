// Runs one command from an argv array, never through a shell (no quoting to get wrong, nothing for a path
// with spaces or `$` to break), streaming its output as it comes.
import { spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { constants as osConstants } from 'node:os';
import { delimiter, join } from 'node:path';
import { EnvironmentError } from '../core/errors.js';
import type { CommandStep } from '../core/plan/plan.js';

export type OutputStream = 'stdout' | 'stderr';

export interface RunOptions {
  /** Called with each chunk of output as it arrives. */
  onOutput?: (chunk: string, stream: OutputStream) => void;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
}

/** The runner applyPlan uses; tests pass their own. */
export type CommandRunner = (argv: string[], opts?: RunOptions) => Promise<number>;

/**
 * Resolves with the exit code (128 + signal number when killed by a signal, as shells report it).
 * A binary that is not installed is an EnvironmentError (exit 3), not a failed command.
 */
export const runCommand: CommandRunner = (argv, opts = {}) => {
  const [file, ...args] = argv;
  if (file === undefined || file === '') return Promise.reject(new Error('runCommand: empty argv'));
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, {
      shell: false,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: opts.env ?? process.env,
      cwd: opts.cwd,
    });
    for (const stream of ['stdout', 'stderr'] as const) {
      child[stream].setEncoding('utf8');
      child[stream].on('data', (chunk: string) => opts.onOutput?.(chunk, stream));
    }
    child.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'ENOENT') reject(new EnvironmentError(`${file}: command not found`, `install the package that provides ${file}`));
      else if (e.code === 'EACCES') reject(new EnvironmentError(`${file}: permission denied`, 'run dgpu as root'));
      else reject(e);
    });
    child.on('close', (code, signal) => {
      resolve(code ?? 128 + (signal ? signalNumber(signal) : 0));
    });
  });
};

function signalNumber(signal: NodeJS.Signals): number {
  return (osConstants.signals as Record<string, number>)[signal] ?? 0;
}

/**
 * Where `name` would be found on PATH (or the name itself when it contains a slash); null when it is
 * not there. Lets apply refuse before writing anything when a regeneration tool is missing.
 */
export function findExecutable(name: string, path = process.env.PATH ?? ''): string | null {
  const candidates = name.includes('/') ? [name] : path.split(delimiter).filter(Boolean).map((d) => join(d, name));
  for (const c of candidates) {
    try {
      accessSync(c, constants.X_OK);
      return c;
    } catch {
      // not here; try the next folder
    }
  }
  return null;
}

/** A command of a transaction and what became of it. */
export interface CommandRecord {
  argv: string[];
  reason: string;
  /** Exit code once run; null: not run (another root, not asked to, or an earlier one failed). */
  exitCode: number | null;
}

/** What a caller sees of each step as it runs (the CLI's progress lines, the wizard's view). */
export interface StepHooks {
  onOutput?: (chunk: string, stream: OutputStream, step: CommandStep) => void;
  /** Before a step runs: regenerating an initramfs can take a minute, and the user should know what runs. */
  onStart?: (step: CommandStep) => void;
  /** After it, with its exit code and how long it took. */
  onEnd?: (step: CommandStep, exitCode: number, ms: number) => void;
}

/**
 * Runs the steps in order and stops at the first that fails (a later regeneration step may depend on it:
 * grub.cfg is generated after the initramfs it lists). Used by apply, and by the CLI after a rollback.
 * A missing binary rejects with EnvironmentError, as runCommand does.
 */
export async function runSteps(
  steps: CommandStep[],
  opts: { runner?: CommandRunner } & StepHooks = {},
): Promise<{ records: CommandRecord[]; failed: CommandRecord | null }> {
  const runner = opts.runner ?? runCommand;
  const records: CommandRecord[] = steps.map((s) => ({ argv: [...s.argv], reason: s.reason, exitCode: null }));
  for (const [i, rec] of records.entries()) {
    const step = steps[i]!;
    opts.onStart?.(step);
    const t0 = performance.now();
    rec.exitCode = await runner(rec.argv, { onOutput: (chunk, stream) => opts.onOutput?.(chunk, stream, step) });
    opts.onEnd?.(step, rec.exitCode, performance.now() - t0);
    if (rec.exitCode !== 0) return { records, failed: rec };
  }
  return { records, failed: null };
}
