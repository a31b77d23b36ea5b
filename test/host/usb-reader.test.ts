import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { comparePorts, readUsb } from '../../src/host/usb-reader.js';
import { makeSysroot } from '../support/sysroot.js';

// bus-port[.port...] (drivers/usb/core/usb.c, usb_alloc_dev): numbers without leading zeros
const port = fc
  .tuple(fc.integer({ min: 1, max: 20 }), fc.array(fc.integer({ min: 1, max: 15 }), { minLength: 1, maxLength: 5 }))
  .map(([bus, path]) => `${bus}-${path.join('.')}`);

describe('USB port order', () => {
  it('agrees with a numeric collation on any two kernel port names', () => {
    // the collator is the oracle: it was the comparison before, and ICU's numeric order is the kernel's here
    const collator = new Intl.Collator('en', { numeric: true });
    fc.assert(
      fc.property(port, port, (a, b) => {
        expect(Math.sign(comparePorts(a, b))).toBe(Math.sign(collator.compare(a, b)));
      }),
      { numRuns: 2000 },
    );
  });

  it('numbers, not characters: 1-2 < 1-4 < 1-4.1 < 1-4.2 < 1-10 < 2-1 < 10-1', () => {
    const ports = ['10-1', '1-10', '1-4.2', '2-1', '1-4', '1-4.1', '1-2'];
    expect([...ports].sort(comparePorts)).toEqual(['1-2', '1-4', '1-4.1', '1-4.2', '1-10', '2-1', '10-1']);
  });
});

describe('readUsb', () => {
  let root: string;
  let cleanup: () => void;
  beforeAll(() => {
    const controller = '0000:00:14.0';
    ({ root, cleanup } = makeSysroot({
      devices: [{ address: controller, vendor: '8086', device: '7ae0', class: '0c0330', driver: 'xhci_hcd', group: 1 }],
      usb: ['1-10', '1-9', '1-9.2', '1-9.10', '1-2'].map((p) => ({ controller, port: p, vendor: '046d', product: 'c31c' })),
    }));
  });
  afterAll(() => cleanup());

  it('lists a controller\'s devices in port order', () => {
    expect(readUsb(root)![0]!.devices.map((d) => d.port)).toEqual(['1-2', '1-9', '1-9.2', '1-9.10', '1-10']);
  });
});
