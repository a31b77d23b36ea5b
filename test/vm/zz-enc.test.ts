import { it, expect } from 'vitest';
import fc from 'fast-check';
import { firstNonUtf8 } from '../../src/core/vm/xml-encoding.js';
it('matches TextDecoder fatal', () => {
  fc.assert(fc.property(fc.uint8Array({ maxLength: 12 }), (b) => {
    let ok = true; try { new TextDecoder('utf-8', { fatal: true }).decode(b); } catch { ok = false; }
    expect(firstNonUtf8(b) < 0).toBe(ok);
  }), { numRuns: 20000 });
});
