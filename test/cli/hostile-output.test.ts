// What a careful tester tried on the command line: readers that go away, output paths that are links,
// devices, FIFOs, folders or in missing folders, text with terminal escapes, and error lines that would be huge.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, dgpu } from '../support/cli.js';
import { exampleRoot, tempDir, treesForThisFile, HOST_BRIDGE, ROOT_PORT, IGPU, navi21 } from '../core/plan/support.js';
import type { FakeDevice } from '../support/sysroot.js';
import { benchHostSpec } from '../../bench/host-spec.js';

const { root, cleanups } = treesForThisFile();
const example = () => {
  const r = exampleRoot();
  cleanups.push(r.cleanup);
  return r.root;
};
const sh = (script: string) => spawnSync('bash', ['-c', script], { encoding: 'utf8' });

describe('a reader that goes away', () => {
  it('`plan | head -1` ends quietly with the command\'s own exit code', () => {
    const r = sh(`node ${BIN} plan --gpu 03:00.0 --root ${example()} | head -1; echo "rc=\${PIPESTATUS[0]}" >&2`);
    expect(r.stdout.split('\n').filter(Boolean)).toHaveLength(1);
    expect(r.stderr).toContain('rc=0');
    expect(r.stderr).not.toMatch(/EPIPE|\n\s+at /);
  });

  it('`apply --yes | head -1` still commits, and the undo line reaches stderr', () => {
    const ex = example();
    const r = sh(`node ${BIN} apply --gpu 03:00.0 --root ${ex} --yes | head -1; echo "rc=\${PIPESTATUS[0]}" >&2`);
    expect(r.stderr).toContain('rc=0');
    expect(r.stderr).toMatch(/transaction \S+ is written; undo it with `dgpu rollback \S+ --root /);
    expect(r.stderr).not.toMatch(/EPIPE|\n\s+at /);
    expect(readFileSync(join(ex, 'etc/modprobe.d/vfio.conf'), 'utf8')).toContain('options vfio-pci ids=1002:73bf');
  });
});

describe('a reader that is slow', () => {
  it('stdout a non-blocking pipe that fills (EAGAIN): all of a 100 kB --json arrives, in order', () => {
    // 400 functions make a --json several times a pipe's 64 KiB; python3 makes the pipe non-blocking, as a
    // program sharing it may, and the reader waits before it reads
    const r = root(benchHostSpec(400));
    const whole = dgpu(['scan', '--json', '--root', r]);
    expect(whole.stdout.length).toBeGreaterThan(100_000);
    const nonBlocking = `import os, sys; os.set_blocking(1, False); os.execvp(sys.argv[1], sys.argv[1:])`;
    const got = sh(`python3 -c '${nonBlocking}' node ${BIN} scan --json --root ${r} | (sleep 0.3; cat); echo "rc=\${PIPESTATUS[0]}" >&2`);
    expect(got.stderr).toBe('rc=0\n');
    expect(got.stdout).toBe(whole.stdout);
  });
});

describe('output paths', () => {
  it('snapshot OUT through a link replaces the link, never its target', () => {
    const d = tempDir('dgpu-out-');
    writeFileSync(join(d, 'precious'), 'keep me\n');
    symlinkSync(join(d, 'precious'), join(d, 'snap.tar.gz'));
    const r = dgpu(['snapshot', join(d, 'snap.tar.gz'), '--root', example()]);
    expect(r.status, r.stderr).toBe(0);
    expect(readFileSync(join(d, 'precious'), 'utf8')).toBe('keep me\n');
    expect(lstatSync(join(d, 'snap.tar.gz')).isFile()).toBe(true);
  });

  it('a character device or a FIFO is written to, never replaced', () => {
    const d = tempDir('dgpu-out-');
    execFileSync('mkfifo', [join(d, 'fifo')]);
    const r = sh(`cat ${join(d, 'fifo')} > ${join(d, 'got')} & node ${BIN} report --root ${example()} --out ${join(d, 'fifo')}; wait`);
    expect(r.status, r.stderr).toBe(0);
    expect(statSync(join(d, 'fifo')).isFIFO()).toBe(true);
    expect(readFileSync(join(d, 'got'), 'utf8')).toMatch(/^<!doctype html>/i);
    const n = dgpu(['report', '--root', example(), '--out', '/dev/null']);
    expect(n.status, n.stderr).toBe(0);
    expect(statSync('/dev/null').isCharacterDevice()).toBe(true);
  });

  it('a folder is exit 2, a missing folder exit 3 with the path; nothing is written', () => {
    const d = tempDir('dgpu-out-');
    mkdirSync(join(d, 'dir'));
    const folder = dgpu(['report', '--root', example(), '--out', join(d, 'dir')]);
    expect(folder.status).toBe(2);
    expect(folder.stderr).toMatch(/is a folder/);
    const missing = dgpu(['snapshot', join(d, 'no/such/dir/x.tar.gz'), '--root', example()]);
    expect(missing.status).toBe(3);
    expect(missing.stderr).toContain(`the folder ${join(d, 'no/such/dir')} does not exist`);
    expect(existsSync(join(d, 'no'))).toBe(false);
  });
});

describe('text that is not for the terminal', () => {
  it('a CRLF GRUB file: the refusal shows \\r, not an invisible carriage return', () => {
    const ex = example();
    const grub = join(ex, 'etc/default/grub');
    writeFileSync(grub, readFileSync(grub, 'utf8').replaceAll('\n', '\r\n'));
    const r = dgpu(['plan', '--gpu', '03:00.0', '--root', ex]);
    expect(r.status).toBe(2);
    expect(r.stderr).not.toContain('\r');
    expect(r.stderr).toContain('/etc/default/grub has carriage returns (\\r, Windows line ends)');
  });

  it('an escape sequence in a posted dump reaches the terminal as \\e', () => {
    const d = tempDir('dgpu-dump-');
    writeFileSync(join(d, 'dump.txt'), 'IOMMU Group 1:\n\t01:00.0 VGA compatible controller [0300]: Evil \u001b]0;owned\u0007 [10de:1b81] (rev a1)\n');
    const r = dgpu(['scan', '--from', join(d, 'dump.txt')]);
    expect(r.stdout + r.stderr).not.toContain('\u001b]');
  });

  it('an error about thousands of functions stays one line of bounded length', () => {
    // one group holding the GPU and 3,000 functions with host drivers
    const crowd: FakeDevice[] = Array.from({ length: 3000 }, (_, k) => ({
      address: `0000:${(0x10 + Math.floor(k / 256)).toString(16)}:${((k % 256) >> 3).toString(16).padStart(2, '0')}.${k % 8}`,
      vendor: '8086', device: '1234', class: '020000', driver: 'e1000e', group: 10,
    }));
    const r = root({ devices: [HOST_BRIDGE, ROOT_PORT, IGPU, ...navi21('0a', 10), ...crowd], files: { 'etc/default/grub': 'GRUB_CMDLINE_LINUX_DEFAULT=""\n', 'etc/initramfs-tools/initramfs.conf': '' } });
    const p = dgpu(['plan', '--gpu', '0a:00.0', '--root', r]);
    expect(p.status).toBe(3);
    const first = p.stderr.split('\n')[0]!;
    expect(first).toMatch(/^dgpu: IOMMU group 10 of 0000:0a:00.0 is not viable/);
    expect(first.length).toBeLessThan(2100);
    expect(first).toMatch(/… \(\d+ more characters\)$/);
  });
});

describe('bytes that are not UTF-8', () => {
  it('a Latin-1 comment in GRUB\'s file: one clear refusal, the same on every retry, no U+FFFD anywhere', () => {
    const ex = example();
    const grub = join(ex, 'etc/default/grub');
    const bytes = Buffer.concat([Buffer.from('# r\xe9glages de d\xe9marrage\n', 'latin1'), readFileSync(grub)]);
    writeFileSync(grub, bytes);
    for (const args of [['plan'], ['apply', '--yes'], ['apply', '--yes']]) {
      const r = dgpu([...args, '--gpu', '03:00.0', '--root', ex]);
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stderr).toContain('/etc/default/grub is not UTF-8 text');
      expect(r.stdout + r.stderr).not.toContain('\ufffd');
    }
    expect(readFileSync(grub).equals(bytes)).toBe(true);
  });

  it('a Latin-1 file dgpu does not change stays out of the way', () => {
    const ex = example();
    mkdirSync(join(ex, 'etc/modprobe.d'), { recursive: true });
    writeFileSync(join(ex, 'etc/modprobe.d/local.conf'), Buffer.from('# r\xe9seau\noptions e1000e debug=1\n', 'latin1'));
    const r = dgpu(['apply', '--gpu', '03:00.0', '--root', ex, '--yes']);
    expect(r.status, r.stderr).toBe(0);
    expect(readFileSync(join(ex, 'etc/modprobe.d/local.conf'), 'latin1')).toBe('# r\xe9seau\noptions e1000e debug=1\n');
  });
});

describe('bounded and honest about the root', () => {
  it('a FIFO as --root is refused at once (exit 2), not read forever', () => {
    const d = tempDir('dgpu-fifo-');
    execFileSync('mkfifo', [join(d, 'root')]);
    const r = spawnSync(process.execPath, [BIN, 'scan', '--root', join(d, 'root')], { encoding: 'utf8', timeout: 20_000 });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/not a regular file/);
  });

  it('a FIFO or /dev/zero named as an input file (--scan, --xml) is refused at once (exit 2), not read forever', () => {
    const d = tempDir('dgpu-fifo-');
    execFileSync('mkfifo', [join(d, 'scan.json')]);
    for (const args of [['report', '--scan', join(d, 'scan.json'), '--out', '-'], ['vm', 'attach', '--xml', '/dev/zero', '--gpu', '03:00.0', '--root', example(), '--dry-run']]) {
      const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 20_000 });
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(/is not a regular file \(it is a (pipe \(FIFO\)|character device)\)/);
    }
  });

  it('a gzip bomb as --root stops at the snapshot bound (exit 2)', () => {
    const d = tempDir('dgpu-bomb-');
    // 200 MB of zeros packs to ~200 KB: far past the 64 MB a snapshot may unpack to
    execFileSync('bash', ['-c', `head -c 200000000 /dev/zero | gzip -1 > ${join(d, 'bomb.tar.gz')}`]);
    const r = dgpu(['scan', '--root', join(d, 'bomb.tar.gz')]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/not a usable snapshot/);
  });

  it('rollback --list on a root that does not exist is exit 3 with the path', () => {
    const r = dgpu(['rollback', '--list', '--root', '/nonexistent/dgpu-root']);
    expect(r.status).toBe(3);
    expect(r.stderr).toContain('/nonexistent/dgpu-root does not exist');
  });

  it('under umask 077 the folders and files apply creates are 0755 and 0644, like their siblings', () => {
    const ex = example();
    const r = sh(`umask 077; node ${BIN} apply --gpu 03:00.0 --root ${ex} --yes`);
    expect(r.status, r.stderr).toBe(0);
    expect(statSync(join(ex, 'etc/modprobe.d')).mode & 0o777).toBe(0o755);
    expect(statSync(join(ex, 'etc/modprobe.d/vfio.conf')).mode & 0o777).toBe(0o644);
  });
});
