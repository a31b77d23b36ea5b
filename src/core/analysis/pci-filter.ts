// lspci's -s and -d filters (lspci(8), "Options for selection of devices"), for `dgpu scan` and `dgpu groups`:
//   -s [[[[<domain>]:]<bus>]:][<device>][.[<func>]]   any part may be left out or be `*`
//   -d [<vendor>]:[<device>][:<class>[:<prog-if>]]      hexadecimal; empty or `*` matches anything
import { UsageError } from '../errors.js';
import { parseAddress } from '../address.js';
import type { PciFunction } from '../host.js';

export type PciFilter = (d: Pick<PciFunction, 'address' | 'vendor' | 'device' | 'class'>) => boolean;

const HEX = /^[0-9a-f]+$/i;
/**
 * One field: null when empty or `*` (anything), else its value, which must be hex and at most `max`: lspci refuses
 * the same fields with the same bounds (pciutils lib/filter.c), where a filter that matched nothing would only hide
 * the typo.
 */
const part = (text: string | undefined, flag: string, max: number, what: string): number | null => {
  if (text === undefined || text === '' || text === '*') return null;
  if (!HEX.test(text)) throw new UsageError(`${flag}: '${text}' is not hexadecimal`, 'see lspci(8) for the form');
  const value = parseInt(text, 16);
  if (value > max) throw new UsageError(`${flag}: '${text}' is not a ${what} (at most ${max.toString(16)})`, 'see lspci(8) for the form');
  return value;
};

export function slotFilter(spec: string): PciFilter {
  const [head, func] = spec.includes('.') ? [spec.slice(0, spec.lastIndexOf('.')), spec.slice(spec.lastIndexOf('.') + 1)] : [spec, undefined];
  const fields = head.split(':');
  if (fields.length > 3) throw new UsageError(`-s: '${spec}' has too many fields`, 'write [[[[domain]:]bus]:][slot][.[func]], e.g. 03:00 or 0000:03:00.1');
  const [slotText, busText, domainText] = fields.reverse();
  const slot = part(slotText, '-s', 0x1f, 'slot number');
  const bus = part(busText, '-s', 0xff, 'bus number');
  const domain = part(domainText, '-s', 0x7fffffff, 'domain number');
  const fn = part(func, '-s', 7, 'function number');
  return (d) => {
    const a = parseAddress(d.address);
    return (domain == null || domain === a.domain) && (bus == null || bus === a.bus) && (slot == null || slot === a.slot) && (fn == null || fn === a.fn);
  };
}

export function idFilter(spec: string): PciFilter {
  const fields = spec.split(':');
  if (fields.length < 2 || fields.length > 4) throw new UsageError(`-d: '${spec}' is not [vendor]:[device][:class]`, 'e.g. 10de: or 1002:73bf or ::0300');
  const vendor = part(fields[0], '-d', 0xffff, 'vendor id');
  const device = part(fields[1], '-d', 0xffff, 'device id');
  const cls = part(fields[2], '-d', 0xffff, 'class code');
  const progIf = part(fields[3], '-d', 0xff, 'programming interface');
  const num = (x: string | null, from = 0, to?: number) => (x === null ? null : parseInt(x.slice(from, to), 16));
  return (d) =>
    (vendor == null || vendor === num(d.vendor)) && (device == null || device === num(d.device)) &&
    (cls == null || cls === num(d.class, 0, 4)) && (progIf == null || (d.class !== null && d.class.length >= 6 && progIf === num(d.class, 4, 6)));
}

/** Both filters (either may be absent): a function is shown when it passes every one given. */
export function pciFilter(o: { slot?: string; ids?: string }): PciFilter | null {
  const fs = [o.slot === undefined ? null : slotFilter(o.slot), o.ids === undefined ? null : idFilter(o.ids)].filter((f): f is PciFilter => f !== null);
  return fs.length === 0 ? null : (d) => fs.every((f) => f(d));
}
