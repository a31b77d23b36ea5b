// Scenario trees for the planner and the plan/apply/verify/rollback commands: fake roots (test/support/sysroot.ts)
// with real configuration files from test/fixtures/configs as their starting content.
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import type { PassthroughRequest } from '../../../src/core/plan/intent.js';
import { planPassthrough } from '../../../src/core/plan/planner.js';
import { readConfigFiles } from '../../../src/host/config-files.js';
import { readHost } from '../../../src/host/sysfs-reader.js';
import { type FakeDevice, type FakeHostSpec, writeSysroot } from '../../support/sysroot.js';

const MARKER = '----- verbatim file content follows -----\n';

/** A real config file; for formats without comments, only what follows the provenance header. */
export function fixture(name: string): string {
  const text = readFileSync(join(import.meta.dirname, '../../fixtures/configs', name), 'utf8');
  const at = text.indexOf(MARKER);
  return at < 0 ? text : text.slice(at + MARKER.length);
}

export const IGPU: FakeDevice = { address: '0000:00:02.0', vendor: '8086', device: '4680', class: '030000', driver: 'i915', group: 1, bootVga: true };
export const HOST_BRIDGE: FakeDevice = { address: '0000:00:00.0', vendor: '8086', device: '4660', class: '060000', driver: null, group: 0 };
export const ROOT_PORT: FakeDevice = { address: '0000:00:01.0', vendor: '8086', device: '460d', class: '060400', driver: 'pcieport', group: 2 };

/** RTX 2070 SUPER (Turing): VGA, HDMI audio, USB xHCI, USB-C UCSI — four functions in one group. */
export function turing(bus = '0a', group = 10): FakeDevice[] {
  const at = (fn: number) => `0000:${bus}:00.${fn}`;
  const base = { vendor: '10de', group, parent: '0000:00:01.0', subsystemVendor: '1458', subsystemDevice: '37c2' };
  return [
    { ...base, address: at(0), device: '1e84', class: '030000', driver: 'nouveau', bootVga: false },
    { ...base, address: at(1), device: '10f8', class: '040300', driver: 'snd_hda_intel' },
    { ...base, address: at(2), device: '1ad8', class: '0c0330', driver: 'xhci_hcd' },
    { ...base, address: at(3), device: '1ad9', class: '0c8000', driver: 'nvidia-gpu' },
  ];
}

/** RX 6800 XT: VGA and HDMI audio. */
export function navi21(bus: string, group: number, opts: Partial<FakeDevice> = {}): FakeDevice[] {
  return [
    { address: `0000:${bus}:00.0`, vendor: '1002', device: '73bf', class: '030000', driver: 'amdgpu', group, bootVga: false, ...opts },
    { address: `0000:${bus}:00.1`, vendor: '1002', device: 'ab28', class: '040300', driver: 'snd_hda_intel', group, ...(opts.parent ? { parent: opts.parent } : {}) },
  ];
}

export const ARCH = 'NAME="Arch Linux"\nID=arch\n';
export const FEDORA = 'NAME="Fedora Linux"\nID=fedora\nVERSION_ID=40\n';
export const POP = 'NAME="Pop!_OS"\nID=pop\nID_LIKE="ubuntu debian"\n';
export const SUSE = 'NAME="openSUSE Tumbleweed"\nID="opensuse-tumbleweed"\nID_LIKE="opensuse suse"\n';

export function tempDir(prefix = 'dgpu-plan-'): string {
  return mkdtempSync(join(existsShm() ? '/dev/shm' : tmpdir(), prefix));
}

function existsShm(): boolean {
  try {
    return readFileSync('/proc/mounts', 'utf8').includes(' /dev/shm ');
  } catch {
    return false;
  }
}

/** A root with `spec` written, var/lib present (so a rollback leaves the tree exactly as it was). */
export function scenarioRoot(spec: FakeHostSpec): { root: string; cleanup: () => void } {
  const root = tempDir();
  writeSysroot(root, spec);
  mkdirSync(join(root, 'var/lib'), { recursive: true });
  return { root, cleanup: () => rmSync(root, { recursive: true, force: true }) };
}

/** examples/host copied (links kept as links). */
export function exampleRoot(): { root: string; cleanup: () => void } {
  const root = tempDir('dgpu-example-');
  cpSync(join(import.meta.dirname, '../../../examples/host'), root, { recursive: true, verbatimSymlinks: true });
  mkdirSync(join(root, 'var/lib'), { recursive: true });
  return { root, cleanup: () => rmSync(root, { recursive: true, force: true }) };
}

export async function planAt(root: string, req: Partial<PassthroughRequest> & { gpu: string }) {
  const host = await readHost(root, { modulesAlias: true });
  return planPassthrough(host, readConfigFiles(root), { also: [], allowBootGpu: false, ...req });
}

// The CLI runner lives in test/support/cli.ts; tests written against this module keep importing it from here.
export { BIN, dgpu } from '../../support/cli.js';

export function read(root: string, path: string): string {
  return readFileSync(join(root, path), 'utf8');
}

/**
 * Trees for one test file, removed when the file is done (its tests run concurrently, so not after each):
 * `root(spec)` makes a scenario tree, `cleanups` takes any other cleanup.
 */
export function treesForThisFile(): { root: (spec: FakeHostSpec) => string; cleanups: Array<() => void> } {
  const cleanups: Array<() => void> = [];
  afterAll(() => {
    while (cleanups.length > 0) cleanups.pop()!();
  });
  return {
    cleanups,
    root: (spec) => {
      const r = scenarioRoot(spec);
      cleanups.push(r.cleanup);
      return r.root;
    },
  };
}

/** A real boot loader file from test/fixtures/corpus/<dir>/ (sources in each folder's SOURCES.tsv), byte for byte. */
export function corpus(dir: string, name: string): string {
  return readFileSync(join(import.meta.dirname, '../../fixtures/corpus', dir, name), 'utf8');
}

/** Every file of one corpus folder, SOURCES.tsv aside. */
export function corpusFiles(dir: string): string[] {
  return readdirSync(join(import.meta.dirname, '../../fixtures/corpus', dir)).filter((n) => n !== 'SOURCES.tsv').sort();
}
