// `--from` reads a regular file of bounded size and refuses anything else with one clear usage error, before
// reading (`--from /dev/zero` reached 6.5 GB; a FIFO blocked).
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MAX_DUMP_BYTES, readDumpFile } from '../../src/host/dump-file.js';
import { UsageError } from '../../src/core/errors.js';

const dir = mkdtempSync(join(tmpdir(), 'dgpu-dump-file-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function refusal(path: string): Promise<string> {
  const started = process.memoryUsage().rss;
  const e = await readDumpFile(path).then(() => null, (x: unknown) => x);
  expect(e).toBeInstanceOf(UsageError);
  expect(process.memoryUsage().rss - started).toBeLessThan(64 * 1024 * 1024);
  return (e as UsageError).message;
}

describe('readDumpFile', () => {
  it('reads a regular file, and one through a symlink', async () => {
    writeFileSync(join(dir, 'dump.txt'), 'IOMMU Group 1:\n\t01:00.0 VGA ...\n');
    symlinkSync(join(dir, 'dump.txt'), join(dir, 'link.txt'));
    expect(await readDumpFile(join(dir, 'dump.txt'))).toBe('IOMMU Group 1:\n\t01:00.0 VGA ...\n');
    expect(await readDumpFile(join(dir, 'link.txt'))).toContain('IOMMU Group 1');
  });

  it('reads a file of exactly the limit', async () => {
    writeFileSync(join(dir, 'limit.txt'), Buffer.alloc(MAX_DUMP_BYTES, 0x61));
    expect((await readDumpFile(join(dir, 'limit.txt'))).length).toBe(MAX_DUMP_BYTES);
  });

  it('refuses a file one byte over the limit by its size, without reading it (a sparse 4 GB file)', async () => {
    writeFileSync(join(dir, 'big.txt'), '');
    truncateSync(join(dir, 'big.txt'), MAX_DUMP_BYTES + 1);
    expect(await refusal(join(dir, 'big.txt'))).toMatch(/16777217 bytes is too big/);
    truncateSync(join(dir, 'big.txt'), 4 * 1024 ** 3);
    expect(await refusal(join(dir, 'big.txt'))).toMatch(/too big/);
  });

  it.each([
    ['/dev/zero', /is a character device, not a regular file/],
    ['/dev/null', /is a character device, not a regular file/],
  ])('refuses %s without reading it', async (path, message) => {
    expect(await refusal(path)).toMatch(message);
  });

  it('refuses a FIFO without waiting for a writer', async () => {
    execFileSync('mkfifo', [join(dir, 'fifo')]);
    expect(await refusal(join(dir, 'fifo'))).toMatch(/is a pipe \(FIFO\), not a regular file/);
  });

  it('names a directory, a missing file and a dangling link', async () => {
    mkdirSync(join(dir, 'sub'));
    symlinkSync(join(dir, 'nowhere'), join(dir, 'dangling'));
    expect(await refusal(join(dir, 'sub'))).toMatch(/--from .*sub: is a directory, not a regular file/);
    expect(await refusal(join(dir, 'missing.txt'))).toMatch(/missing.txt: no such file/);
    expect(await refusal(join(dir, 'dangling'))).toMatch(/dangling: no such file/);
  });
});
