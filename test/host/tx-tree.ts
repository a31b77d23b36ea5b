// Helpers for the transaction tests: a fake root with a few config files, a recursive hash of it, and an
// FsOps wrapper that records every call and fails the Nth mutating one.
import { createHash } from 'node:crypto';
import { chownSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import type { FsOps } from '../../src/host/fs-ops.js';
import { realFsOps } from '../../src/host/fs-ops.js';
import type { Plan } from '../../src/core/plan/plan.js';

export const GRUB = 'GRUB_DEFAULT=0\nGRUB_TIMEOUT=5\nGRUB_CMDLINE_LINUX_DEFAULT="quiet"\nGRUB_CMDLINE_LINUX=""\n';
export const CMDLINE = 'root=UUID=1234 rw quiet';
export const DRACUT = 'add_drivers+=" amdgpu "\n';
export const canChown = process.getuid?.() === 0;

// tmpfs where there is one: the fault tests make a few hundred trees, and metadata calls on a VM disk are slow.
const base = existsSync('/dev/shm') ? '/dev/shm' : tmpdir();

/** A root with the files a plan changes plus some it does not; owners differ where we are root. */
export function makeRoot(): string {
  const root = mkdtempSync(join(base, 'dgpu-tx-'));
  const files: [string, string, number][] = [
    ['etc/default/grub', GRUB, 0o644],
    ['etc/kernel/cmdline', CMDLINE, 0o600],
    ['etc/dracut.conf.d/old.conf', DRACUT, 0o640],
    ['etc/hostname', 'box\n', 0o644],
  ];
  for (const [p, text, mode] of files) {
    mkdirSync(dirname(join(root, p)), { recursive: true });
    writeFileSync(join(root, p), text, { mode });
  }
  mkdirSync(join(root, 'var/lib'), { recursive: true });
  if (canChown) chownSync(join(root, 'etc/kernel/cmdline'), 1234, 4321);
  return root;
}

/** One file modified, one modified with its mode 0600 and owner kept, one created in a new folder, one deleted. */
export function samplePlan(): Plan {
  return {
    changes: [
      { path: '/etc/default/grub', before: GRUB, after: GRUB.replace('"quiet"', '"quiet iommu=pt"'), reason: 'kernel parameters' },
      { path: '/etc/modprobe.d/vfio.conf', before: null, after: '# managed by dgpu\noptions vfio-pci ids=1002:73ff\n', reason: 'bind' },
      { path: '/etc/kernel/cmdline', before: CMDLINE, after: `${CMDLINE} iommu=pt`, reason: 'kernel-install' },
      { path: '/etc/dracut.conf.d/old.conf', before: DRACUT, after: null, reason: 'replaced' },
    ],
    commands: [{ argv: ['update-grub'], reason: 'regenerate grub.cfg' }],
    warnings: [],
  };
}

/** path → kind, mode, owner and content hash of everything under root, except var/lib/dgpu. */
export function treeState(root: string, opts: { withJournal?: boolean } = {}): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const p = join(dir, name);
      const rel = relative(root, p);
      if (!opts.withJournal && rel === 'var/lib/dgpu') continue;
      const s = lstatSync(p);
      const head = `${(s.mode & 0o7777).toString(8)} ${s.uid}:${s.gid}`;
      if (s.isDirectory()) {
        out[rel] = `dir ${head}`;
        walk(p);
      } else if (s.isSymbolicLink()) out[rel] = `link ${readlinkSync(p)}`;
      else out[rel] = `file ${head} ${createHash('sha256').update(readFileSync(p)).digest('hex')}`;
    }
  };
  walk(root);
  return out;
}

export function tempFiles(root: string): string[] {
  return Object.keys(treeState(root, { withJournal: true })).filter((p) => /\.dgpu-.*\.tmp$/.test(p));
}

export interface OpRecord {
  op: string;
  path: string;
}

const MUTATING = new Set(['open', 'write', 'fsync', 'close', 'rename', 'unlink', 'mkdir', 'rmdir', 'chmod', 'chown']);

/** The real operations without the fsyncs: the same calls in the same order, 20 times faster. */
export const fastFs: FsOps = { ...realFsOps, fsync: () => {} };

/** Records every mutating call; the call numbered `failAt` (and with `sticky`, every later one) throws EIO. */
export function faultyFs(failAt: number | null, sticky = false): { ops: FsOps; log: OpRecord[] } {
  const log: OpRecord[] = [];
  const fdPath = new Map<number, string>();
  const wrap = <K extends keyof FsOps>(name: K) =>
    ((...args: unknown[]) => {
      if (MUTATING.has(name)) {
        const first = args[0];
        const path = typeof first === 'number' ? (fdPath.get(first) ?? `fd ${first}`) : String(first);
        const n = log.length;
        log.push({ op: name, path });
        if (failAt !== null && (n === failAt || (sticky && n > failAt))) {
          throw Object.assign(new Error(`EIO: injected failure, ${name} '${path}'`), { code: 'EIO', syscall: name });
        }
      }
      const result = (fastFs[name] as (...a: unknown[]) => unknown)(...args);
      if (name === 'open') fdPath.set(result as number, String(args[0]));
      return result;
    }) as FsOps[K];
  const ops = Object.fromEntries(Object.keys(realFsOps).map((k) => [k, wrap(k as keyof FsOps)])) as unknown as FsOps;
  return { ops, log };
}
