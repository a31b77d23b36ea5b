// The fourteen real-host dumps (test/fixtures/real-hosts, provenance in each file's header) and their
// cross-checks, parsed/host-NN.json (the README there says what they hold).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const REAL_HOSTS_DIR = 'test/fixtures/real-hosts';
const PARSED_DIR = join(REAL_HOSTS_DIR, 'parsed');

export interface ParsedDevice {
  address: string;
  vendor: string;
  device: string;
  class: string;
  rev: string;
  driver: string | null;
  group: number | null;
  bootVga: number | null;
}

export interface ParsedHost {
  name: string;
  cpu: string;
  kernel: string;
  cmdline: string;
  devices: ParsedDevice[];
}

/** The dump files' names, sorted: `host-NN-<what it shows>.txt`. */
export const realHostDumps = readdirSync(REAL_HOSTS_DIR).filter((f) => f.endsWith('.txt')).sort();

/** The path of dump `NN` (e.g. '05'). */
export function dumpPath(n: string): string {
  const file = realHostDumps.find((f) => f.startsWith(`host-${n}-`));
  if (file === undefined) throw new Error(`no real-host dump ${n}`);
  return join(REAL_HOSTS_DIR, file);
}

export const dumpText = (n: string): string => readFileSync(dumpPath(n), 'utf8');

/** The cross-check of `host` ('host-05'). */
export function parsedHost(host: string): ParsedHost {
  return JSON.parse(readFileSync(join(PARSED_DIR, `${host}.json`), 'utf8')) as ParsedHost;
}

/** The hosts with a cross-check ('host-01', ...), sorted. */
export const parsedHostNames = (): string[] =>
  readdirSync(PARSED_DIR).filter((f) => f.endsWith('.json')).map((f) => f.replace(/\.json$/, '')).sort();
