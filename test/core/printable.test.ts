// printable(): text a device or a file controls reaches the terminal as visible escapes.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { printable } from '../../src/core/printable.js';
import { readHost } from '../../src/host/sysfs-reader.js';
import { EXAMPLE_HOST } from '../support/example-host.js';
import { makeSysroot } from '../support/sysroot.js';

describe('printable', () => {
  it.each([
    ['GA102 [GeForce RTX 3080]', 'GA102 [GeForce RTX 3080]'],
    ['Ünïcödé Gerät ✓', 'Ünïcödé Gerät ✓'],
    ['Kbd\u001b]0;pwned\u0007', 'Kbd\\e]0;pwned\\x07'],
    ['a\u001b[2Jb', 'a\\e[2Jb'],
    ['line\r\nnext\tcol', 'line\\r\\nnext\\tcol'],
    ['\u0000\u007f\u009b', '\\x00\\x7f\\x9b'],
    ['abc\u202edcba\u2066', 'abc\\u202edcba\\u2066'],
  ])('%j', (input, want) => expect(printable(input)).toBe(want));

  it('leaves no control character, and changes nothing printable (property)', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (s) => {
      const out = printable(s);
      expect(out).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
      if (!/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/.test(s)) expect(out).toBe(s);
    }), { numRuns: 500 });
  });

  it('is applied to the USB strings a device writes into sysfs', async () => {
    const spec = structuredClone(EXAMPLE_HOST);
    spec.usb![0]!.productName = 'Evil\u001b[2J\u001b]0;owned\u0007 Keyboard';
    const { root, cleanup } = makeSysroot(spec);
    try {
      const host = await readHost(root);
      const names = host.usb!.flatMap((b) => b.devices.map((d) => d.productName));
      expect(names).toContain('Evil\\e[2J\\e]0;owned\\x07 Keyboard');
    } finally {
      cleanup();
    }
  });
});
