// PCI addresses: DDDD:BB:SS.F, always stored with the domain and in lowercase.
import { UsageError } from './errors.js';

const FULL = /^([0-9a-f]{4}):([0-9a-f]{2}):([0-1][0-9a-f])\.([0-7])$/;
const SHORT = /^([0-9a-f]{2}):([0-1][0-9a-f])\.([0-7])$/;

export interface PciAddressParts {
  domain: number;
  bus: number;
  slot: number;
  fn: number;
}

/** Normalises `0a:00.0` or `0000:0A:00.0` to `0000:0a:00.0`; null when it is not an address. */
export function normalizeAddress(text: string): string | null {
  if (FULL.test(text)) return text; // already normal (sysfs names): no copies
  const s = text.trim().toLowerCase();
  if (FULL.test(s)) return s;
  if (SHORT.test(s)) return `0000:${s}`;
  return null;
}

export function parseAddress(address: string): PciAddressParts {
  const m = FULL.exec(address);
  if (!m) throw new Error(`not a normalised PCI address: ${address}`);
  return {
    domain: parseInt(m[1]!, 16),
    bus: parseInt(m[2]!, 16),
    slot: parseInt(m[3]!, 16),
    fn: parseInt(m[4]!, 16),
  };
}

/** `0000:0a:00` — domain, bus and slot: the functions of one card share it. */
export function slotOf(address: string): string {
  return address.slice(0, address.lastIndexOf('.'));
}

export function compareAddress(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A PCI address given on the command line (`--gpu`, `--also`, `rom dump`): normalised, or a usage error. */
export function addressArg(text: string, flag = '--gpu'): string {
  const a = normalizeAddress(text);
  if (a === null) {
    throw new UsageError(`${flag}: '${text}' is not a PCI address`, 'write it as 0a:00.0 or 0000:0a:00.0 (see `dgpu scan`)');
  }
  return a;
}
