import { describe, expect, it } from 'vitest';
import { wrapWords } from '../../src/core/wrap.js';

describe('wrapWords', () => {
  const text = 'next: reboot, then run `dgpu verify --gpu 03:00.0` (or `dgpu setup` again: it checks and goes on to the VM)';
  it.each([40, 60, 80])('at %i columns no line is longer and no word is cut', (width) => {
    const lines = wrapWords(text, width).split('\n');
    expect(lines.every((l) => l.length <= width)).toBe(true);
    expect(lines.join(' ')).toBe(text);
  });
  it('keeps indentation, and a word longer than the width on a line of its own', () => {
    expect(wrapWords('  aaa bbb ccc', 20)).toBe('  aaa bbb ccc');
    expect(wrapWords(`x ${'/very/long/path'.repeat(3)} y`, 20)).toBe(`x\n${'/very/long/path'.repeat(3)}\ny`);
  });
});
