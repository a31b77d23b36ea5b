import { describe, expect, it } from 'vitest';
import { dgpu } from '../support/cli.js';

describe('dgpu binary', () => {
  it('prints help with exit 0', () => {
    const r = dgpu(['--help']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('Usage: dgpu');
  });

  it('exits 2 on an unknown command', () => {
    const r = dgpu(['no-such-command']);
    expect(r.status).toBe(2);
  });
});
