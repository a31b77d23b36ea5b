// The closed set of errors dgpu raises, caught at one boundary (src/cli/main.ts).
// Expected host conditions (IOMMU off, a group that is not viable) are findings, not errors.

export const EXIT = {
  ok: 0,
  checkFailed: 1, // verify: some check failed
  usage: 2,
  environment: 3,
  conflict: 4,
  apply: 5,
  internal: 70,
  cancelled: 130, // 128 + SIGINT, what a shell reports for Ctrl-C
} as const;

export abstract class DgpuError extends Error {
  abstract readonly exitCode: number;
  /** One line telling the user what to do next. */
  readonly hint: string | undefined;
  constructor(message: string, hint?: string) {
    super(message);
    this.name = new.target.name;
    this.hint = hint;
  }
}

/** Bad flags, bad input files, a dump in no known format. */
export class UsageError extends DgpuError {
  readonly exitCode = EXIT.usage;
}

/** The machine is not in a state we can work with: not root, tool missing, root missing. */
export class EnvironmentError extends DgpuError {
  readonly exitCode = EXIT.environment;
}

/** A file changed between planning and writing, or a journal does not match what is on disk. */
export class ConflictError extends DgpuError {
  readonly exitCode = EXIT.conflict;
}

/** A write or command failed during apply; the message says what rollback did. */
export class ApplyError extends DgpuError {
  readonly exitCode = EXIT.apply;
}

/** An editor met a line it cannot edit without guessing (two assignments, backticks, bad quoting). */
export class EditError extends DgpuError {
  readonly exitCode = EXIT.usage;
}

/** The user said no, pressed Ctrl-C or Esc, or closed stdin at a question: nothing (more) was written. */
export class CancelledError extends DgpuError {
  readonly exitCode = EXIT.cancelled;
}
