// kmod's modprobe as an oracle: -C DIR reads only the *.conf files of DIR, so nothing on this machine's
// /etc/modprobe.d or /lib/modules takes part.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface ModprobeRun {
  stdout: string;
  stderr: string;
  status: number | null;
}

export function modprobe(confDir: string, args: string[]): ModprobeRun {
  const r = spawnSync('modprobe', ['-C', confDir, ...args], { encoding: 'utf8' });
  if (r.error) throw r.error;
  return { stdout: r.stdout, stderr: r.stderr, status: r.status };
}

/** A temporary directory holding the given files; removed by the returned function. */
export function tempConfDir(files: Record<string, string>): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'dgpu-modprobe-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
