// dgpu's drop-in order against coreutils' own `sort -V`, the sort dracut (dropindirs_sort) and mkinitcpio use.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { compareVersionNames } from '../../../src/core/modules/version-sort.js';

// Names seen in real dracut.conf.d / mkinitcpio.conf.d folders, and the shapes where version and byte order differ.
const NAMES = [
  '01-dist.conf', '02-rescue.conf', '10-dgpu-vfio.conf', '9-early.conf', '90-vfio.conf', '99-dgpu.conf', 'vfio.conf',
  'zz-dgpu-vfio.conf', 'zz-local.conf', 'zzz.conf', '_local.conf', '-dash.conf', 'Z-upper.conf', 'a.conf', 'a1.conf',
  'a10.conf', 'a2.conf', 'a.b.conf', '00-hostonly.conf', '000-zero.conf', 'x~rc.conf', 'x.conf', 'nvidia.conf',
  'amdgpu.conf', 'omit-drivers.conf', '50-plymouth.conf', '1.conf', '1a.conf', 'v1.2.conf', 'v1.10.conf', '.hidden.conf',
];

describe('compareVersionNames = sort -V', () => {
  it('orders real and tricky drop-in names exactly as coreutils sort -V', () => {
    const r = spawnSync('sort', ['-V'], { input: NAMES.join('\n') + '\n', encoding: 'utf8', env: { LC_ALL: 'C.UTF-8' } });
    expect(r.status).toBe(0);
    const oracle = r.stdout.trim().split('\n');
    expect([...NAMES].sort(compareVersionNames)).toEqual(oracle);
  });
});
