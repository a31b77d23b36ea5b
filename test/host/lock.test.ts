// One writer per root: the lock (src/host/lock.ts) in-process, and two real `dgpu apply` runs for different GPUs
// on one tree with every fsync slowed by strace, repeated: the tree ends as one whole setup (GRUB and modprobe
// name the same GPU) and rolling back every transaction gives the tree back byte for byte.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConflictError } from '../../src/core/errors.js';
import { acquireLock, LOCK_FILE } from '../../src/host/lock.js';
import { treeState } from './tx-tree.js';
import { BIN, dgpu, HOST_BRIDGE, IGPU, navi21, ROOT_PORT, treesForThisFile, turing } from '../core/plan/support.js';

const { root } = treesForThisFile();
const GRUB = 'GRUB_DEFAULT=0\nGRUB_CMDLINE_LINUX_DEFAULT="quiet"\nGRUB_CMDLINE_LINUX=""\n';
function twoGuests(): string {
  const r = root({
    devices: [HOST_BRIDGE, ROOT_PORT, IGPU, ...turing('0a', 10), ...navi21('0b', 11)],
    files: { 'etc/default/grub': GRUB, 'boot/grub/grub.cfg': '# generated\n', 'etc/initramfs-tools/modules': '# modules\n', 'etc/initramfs-tools/initramfs.conf': 'MODULES=most\n' },
  });
  mkdirSync(join(r, 'var/lib/dgpu'), { recursive: true });
  return r;
}

/** A pid that is surely not running: a child that has exited. */
function deadPid(): number {
  return Number(execFileSync('sh', ['-c', 'sh -c "echo \\$\\$"'], { encoding: 'utf8' }).trim());
}

describe('the lock', () => {
  it('a second holder waits, then gets exit 4 naming the first; released, it is free again', async () => {
    const r = twoGuests();
    const sleeper = spawn('sleep', ['30']);
    try {
      writeFileSync(join(r, LOCK_FILE), JSON.stringify({ pid: sleeper.pid, command: 'apply', since: '2026-01-01T00:00:00Z' }));
      const err = await acquireLock(r, 'rollback', { waitMs: 300, pollMs: 50 }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ConflictError);
      expect((err as ConflictError).exitCode).toBe(4);
      expect((err as Error).message).toMatch(new RegExp(`\`dgpu apply\` \\(pid ${sleeper.pid}, since 2026-01-01T00:00:00Z\\) is changing this host`));
    } finally {
      sleeper.kill();
    }
  });

  it('takes over the lock of a run that was killed, and releases its own', async () => {
    const r = twoGuests();
    writeFileSync(join(r, LOCK_FILE), JSON.stringify({ pid: deadPid(), command: 'apply', since: 'then' }));
    const release = await acquireLock(r, 'apply', { waitMs: 0 });
    expect(JSON.parse(readFileSync(join(r, LOCK_FILE), 'utf8')).pid).toBe(process.pid);
    release();
    expect(existsSync(join(r, LOCK_FILE))).toBe(false);
  });
});

const hasStrace = (() => {
  try {
    execFileSync('strace', ['-V'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

function slowApply(r: string, gpu: string): Promise<{ code: number; stderr: string }> {
  return new Promise((done) => {
    // every fsync returns 30 ms late: the window in which two unlocked applies interleaved
    const p = spawn('strace', ['-f', '-qq', '-o', '/dev/null', '-e', 'inject=fsync:delay_exit=30000', process.execPath, BIN,
      'apply', '--gpu', gpu, '--root', r, '--yes'], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    p.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    p.on('close', (code) => done({ code: code ?? -1, stderr }));
  });
}

describe.runIf(hasStrace)('two applies at once on one host', () => {
  it.each([1, 2, 3, 4, 5, 6, 7, 8])('round %i: one whole setup, and rollback restores the tree', async () => {
    const r = twoGuests();
    const before = treeState(r);
    const runs = await Promise.all([slowApply(r, '0a:00.0'), slowApply(r, '0b:00.0')]);
    // the second waits for the first, then plans from the files as they are now, or stops with exit 4
    for (const run of runs) expect([0, 4], run.stderr).toContain(run.code);
    expect(runs.map((x) => x.code)).toContain(0);
    const grub = readFileSync(join(r, 'etc/default/grub'), 'utf8');
    const vfio = readFileSync(join(r, 'etc/modprobe.d/vfio.conf'), 'utf8');
    const grubIds = /vfio-pci\.ids=([0-9a-f:,]+)/.exec(grub)?.[1];
    expect(grubIds, grub).toBeDefined();
    expect(vfio).toContain(`options vfio-pci ids=${grubIds}`);
    for (;;) {
      const rb = dgpu(['rollback', '--root', r]);
      if (rb.status !== 0) {
        expect(rb.stderr).toMatch(/no transaction to roll back/);
        break;
      }
    }
    expect(treeState(r)).toEqual(before);
  });
});
