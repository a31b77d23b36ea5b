import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EnvironmentError } from '../../src/core/errors.js';
import { findExecutable, runCommand, runSteps } from '../../src/host/runner.js';

describe('runCommand', () => {
  it('streams stdout and stderr and resolves with the exit code', async () => {
    const chunks: string[] = [];
    const code = await runCommand(['sh', '-c', 'echo out; echo err >&2; exit 3'], {
      onOutput: (chunk, stream) => chunks.push(`${stream}:${chunk}`),
    });
    expect(code).toBe(3);
    expect(chunks.sort()).toEqual(['stderr:err\n', 'stdout:out\n']);
  });

  it('passes arguments verbatim, with no shell in between', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dgpu-run-'));
    let out = '';
    const code = await runCommand(['printf', '%s|', '$(touch pwned)', 'a b', '*'], { cwd: dir, onOutput: (c) => (out += c) });
    expect([code, out]).toEqual([0, '$(touch pwned)|a b|*|']);
    expect(existsSync(join(dir, 'pwned'))).toBe(false);
    rmSync(dir, { recursive: true });
  });

  it('reports a signal as 128 + its number', async () => {
    expect(await runCommand(['sh', '-c', 'kill -TERM $$'])).toBe(128 + 15);
  });

  it('turns a missing binary into an EnvironmentError', async () => {
    const err = await runCommand(['dgpu-no-such-tool', '--x']).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EnvironmentError);
    expect((err as Error).message).toBe('dgpu-no-such-tool: command not found');
  });

  it('findExecutable searches PATH', () => {
    expect(findExecutable('sh')).toMatch(/\/sh$/);
    expect(findExecutable('sh', '/nonexistent')).toBeNull();
    expect(findExecutable('dgpu-no-such-tool')).toBeNull();
  });

  it('runSteps stops at the first failure and says which steps ran', async () => {
    const seen: string[] = [];
    const steps = [['update-initramfs', '-u'], ['false'], ['update-grub']].map((argv) => ({ argv, reason: argv[0]! }));
    const out = await runSteps(steps, {
      runner: async (argv, o) => (o?.onOutput?.(`${argv[0]} ran`, 'stdout'), argv[0] === 'false' ? 1 : 0),
      onOutput: (chunk, _s, step) => seen.push(`${step.reason}: ${chunk}`),
      onStart: (step) => seen.push(`start ${step.reason}`),
      onEnd: (step, code, ms) => seen.push(`end ${step.reason} ${code} ${ms >= 0}`),
    });
    expect(out.records.map((r) => r.exitCode)).toEqual([0, 1, null]);
    expect(out.failed?.argv).toEqual(['false']);
    expect(seen).toEqual([
      'start update-initramfs', 'update-initramfs: update-initramfs ran', 'end update-initramfs 0 true',
      'start false', 'false: false ran', 'end false 1 true',
    ]);
  });
});
