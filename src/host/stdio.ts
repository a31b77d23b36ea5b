// Standard output and error written through their file descriptors, not process.stdout/process.stderr: making
// those streams loads Node's stream and net modules, about 3 ms of every command's start on the benchmark's
// machine (docs/architecture.md, "Start-up"). Writes are synchronous, as Node's own are for files and
// terminals; a reader that goes away ends the output, not the run.
import { writeSync } from 'node:fs';
import { isatty } from 'node:tty'; // loaded on first use (scripts/build.mjs, lazy builtins)

const gone = new Set<number>();
const nap = new Int32Array(new SharedArrayBuffer(4));

/**
 * Writes all of `text` to fd 1 or 2. A pipe made non-blocking by another process sharing it (or by a Node
 * stream on it) answers EAGAIN when full: wait a millisecond for its reader and go on. A reader that went
 * away (`dgpu plan | head -1`: EPIPE) or a closed descriptor drops this and later output, so a transaction
 * under way still finishes and the exit code stays the command's; any other write error is exit 70.
 */
export function writeFd(fd: 1 | 2, text: string): void {
  if (gone.has(fd) || text === '') return;
  // the string as it is first, which spares a copy of a large --json; bytes only after a short write
  let rest: Buffer | null = null;
  for (;;) {
    try {
      if (rest === null) {
        const n = writeSync(fd, text);
        if (n === Buffer.byteLength(text)) return;
        rest = Buffer.from(text, 'utf8').subarray(n);
      } else {
        rest = rest.subarray(writeSync(fd, rest));
        if (rest.length === 0) return;
      }
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EAGAIN') {
        Atomics.wait(nap, 0, 0, 1);
        continue;
      }
      gone.add(fd);
      if (code !== 'EPIPE' && code !== 'EBADF') process.exitCode = 70;
      return;
    }
  }
}

/** Whether fd 0, 1 or 2 is a terminal, without making its stream. */
export function isTerminal(fd: 0 | 1 | 2): boolean {
  return isatty(fd);
}
