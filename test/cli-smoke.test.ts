import { execFileSync, spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

const BIN = 'dist/dgpu.mjs';

describe('dgpu binary', () => {
  it('prints help with exit 0', () => {
    const outText = execFileSync('node', [BIN, '--help'], { encoding: 'utf8' });
    expect(outText).toContain('Usage: dgpu');
  });

  it('exits 2 on an unknown command', () => {
    const r = spawnSync('node', [BIN, 'no-such-command'], { encoding: 'utf8' });
    expect(r.status).toBe(2);
  });
});
