// A real pseudo-terminal for the wizard's end-to-end tests: tmux (Debian `tmux`) runs the command in a detached
// session of a given size on a server of its own (-L), `send-keys` types, `capture-pane` reads the screen.
// The command's exit status is printed after it as `[exit N]`, and the pane stays open to be read.
import { execFileSync } from 'node:child_process';

let counter = 0;

export interface Pane {
  /** Everything the pane shows, scrollback included, wrapped lines joined. */
  screen(): string;
  /** Polls the screen until `pattern` appears; throws with the screen after `timeoutMs`. */
  waitFor(pattern: RegExp | string, timeoutMs?: number): Promise<string>;
  /** tmux key names: 'Enter', 'Down', 'C-c', or literal text such as 'y'. */
  send(...keys: string[]): void;
  /** Waits for `[exit N]` and returns N. */
  exitCode(timeoutMs?: number): Promise<number>;
  close(): void;
}

export function hasTmux(): boolean {
  try {
    execFileSync('tmux', ['-V'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function openPane(command: string, o: { cwd?: string; env?: Record<string, string>; width?: number; height?: number } = {}): Pane {
  const socket = `dgpu-test-${process.pid}-${++counter}`;
  const tmux = (...args: string[]) => execFileSync('tmux', ['-L', socket, '-f', '/dev/null', ...args], { encoding: 'utf8', cwd: o.cwd });
  const env = Object.entries(o.env ?? {}).map(([k, v]) => `${k}=${shellQuote(v)}`).join(' ');
  // `exec sleep` keeps the pane (and its text) after the command ends; the test closes it. The trap keeps the
  // shell alive through a Ctrl-C meant for the command (a handler, not an ignore: the command gets the default).
  const script = `trap true INT; ${env ? `env ${env} ` : ''}${command}; echo "[exit $?]"; exec sleep 600`;
  tmux('new-session', '-d', '-s', 'w', '-x', String(o.width ?? 120), '-y', String(o.height ?? 50), script);
  tmux('set-option', '-g', 'history-limit', '10000');
  const screen = () => tmux('capture-pane', '-p', '-J', '-S', '-', '-t', 'w');
  const waitFor = async (pattern: RegExp | string, timeoutMs = 15_000, failOnExit = true): Promise<string> => {
    const re = typeof pattern === 'string' ? new RegExp(pattern.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')) : pattern;
    const end = Date.now() + timeoutMs;
    for (;;) {
      const s = screen();
      if (re.test(s)) return s;
      if (failOnExit && /\[exit \d+\]/.test(s)) throw new Error(`the command ended before ${re} appeared:\n${s}`);
      if (Date.now() > end) throw new Error(`timed out waiting for ${re} on the screen:\n${s}`);
      await sleep(50);
    }
  };
  return {
    screen,
    waitFor: (pattern, timeoutMs) => waitFor(pattern, timeoutMs),
    send: (...keys) => {
      for (const k of keys) tmux('send-keys', '-t', 'w', k);
    },
    async exitCode(timeoutMs) {
      const s = await waitFor(/\[exit (\d+)\]/, timeoutMs, false);
      return Number(/\[exit (\d+)\]/.exec(s)![1]);
    },
    close: () => {
      try {
        tmux('kill-server');
      } catch {
        // already gone
      }
    },
  };
}

function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}
