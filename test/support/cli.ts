// The built CLI (dist/dgpu.cjs: `npm test` builds it before vitest runs), run as a child process whose stdin
// is a pipe that is closed at once: never a terminal, so every question needs its flag (--yes).
import { execFile, spawnSync } from 'node:child_process';
import { join } from 'node:path';

export const BIN = join(import.meta.dirname, '../../dist/dgpu.cjs');

export interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  /** Added to this process's environment. */
  env?: Record<string, string>;
  cwd?: string;
}

const childEnv = (o: CliOptions) => ({ ...process.env, ...o.env });

export function dgpu(args: string[], o: CliOptions = {}): CliRun {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: childEnv(o), cwd: o.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** As `dgpu`, without blocking: for tests that run concurrently. */
export function dgpuAsync(args: string[], o: CliOptions = {}): Promise<CliRun> {
  return new Promise((done) => {
    const child = execFile(process.execPath, [BIN, ...args], { encoding: 'utf8', env: childEnv(o), cwd: o.cwd }, (err, stdout, stderr) =>
      done({ status: err ? (typeof err.code === 'number' ? err.code : null) : 0, stdout, stderr }));
    child.stdin?.end();
  });
}
