// The wizard's prompts, behind a small interface so the conversation (wizard.ts) can be driven by a script in
// unit tests and by @clack/prompts on a terminal. Clack is imported here only, and this module only from the
// setup action, so `dgpu scan` never evaluates it (esbuild keeps dynamic imports lazy inside the one bundle).
import type { Writable } from 'node:stream';
import { wrapWords } from '../../core/wrap.js';
import type { Applied } from './steps.js';

export interface Choice<T> {
  value: T;
  label: string;
  hint?: string;
  disabled?: boolean;
}

export interface WizardUi {
  intro(title: string): void;
  /** A numbered step heading. */
  step(title: string): void;
  info(text: string): void;
  success(text: string): void;
  warn(text: string): void;
  /** Plain lines (a diff, a list of commands). */
  message(text: string): void;
  select<T>(message: string, choices: Choice<T>[], initial?: T): Promise<T>;
  multiselect<T>(message: string, choices: Choice<T>[], initial: T[]): Promise<T[]>;
  confirm(message: string, initial?: boolean): Promise<boolean>;
  /** Runs `work` with a spinner (on stderr). */
  spin<T>(label: string, work: () => Promise<T>): Promise<T>;
  outro(text: string): void;
}

/** Ctrl-C (or Escape) in a prompt. The setup action turns it into "cancelled, nothing written" and exit 130. */
export class WizardCancelled extends Error {
  /** Transactions completed before the cancel (step 4 comes after the host's). */
  applied: Applied[] = [];
  constructor() {
    super('cancelled');
    this.name = 'WizardCancelled';
  }
}

export async function clackUi(output: Writable = process.stdout, progressOutput: Writable = process.stderr): Promise<WizardUi> {
  const p = await import('@clack/prompts');
  function answer<T>(v: T | symbol): T {
    if (p.isCancel(v)) throw new WizardCancelled();
    return v as T;
  }
  const opts = { output };
  // clack's gutter takes 3 columns; prose is wrapped at word boundaries before clack would cut words
  const prose = (t: string) => wrapWords(t, ((output as { columns?: number }).columns ?? 80) - 4);
  const toOptions = <T>(choices: Choice<T>[]) =>
    choices.map((c) => ({ value: c.value, label: c.label, hint: c.hint, disabled: c.disabled })) as Parameters<typeof p.select<T>>[0]['options'];
  return {
    intro: (t) => p.intro(t, opts),
    step: (t) => p.log.step(t, opts),
    info: (t) => p.log.info(prose(t), opts),
    success: (t) => p.log.success(prose(t), opts),
    warn: (t) => p.log.warn(prose(t), opts),
    message: (t) => p.log.message(t, opts),
    select: async <T>(message: string, choices: Choice<T>[], initial?: T) =>
      answer<T>(await p.select<T>({ message, options: toOptions(choices), initialValue: initial, maxItems: 12, ...opts })),
    multiselect: async <T>(message: string, choices: Choice<T>[], initial: T[]) =>
      answer<T[]>(await p.multiselect<T>({ message, options: toOptions(choices), initialValues: initial, required: false, ...opts })),
    confirm: async (message, initial = false) => answer<boolean>(await p.confirm({ message, initialValue: initial, ...opts })),
    spin: (label, work) => spin(progressOutput, label, work),
    outro: (t) => p.outro(t, opts),
  };
}

// Not clack's spinner: while it runs, clack reads the keyboard in raw mode and answers Ctrl-C with
// process.exit(0), which would report success. Ours leaves the terminal cooked, so Ctrl-C is a SIGINT that the
// setup action turns into "cancelled" (or defers until a transaction is done).
async function spin<T>(out: Writable, label: string, work: () => Promise<T>): Promise<T> {
  const tty = (out as { isTTY?: boolean }).isTTY === true;
  const frames = ['◒', '◐', '◓', '◑'];
  let i = 0;
  const draw = (mark: string) => out.write(`\r\u001b[K${mark}  ${label}`);
  if (tty) {
    out.write('│\n'); // clack's guide bar, as its own spinner draws it
    draw(frames[0]!);
  }
  const timer = tty ? setInterval(() => draw(frames[++i % frames.length]!), 80) : undefined;
  try {
    const v = await work();
    if (tty) draw('◇');
    return v;
  } catch (e) {
    if (tty) draw('▲');
    throw e;
  } finally {
    clearInterval(timer);
    out.write(tty ? '\n' : `… ${label}\n`);
  }
}
