// lspci's -s and -d filters (lspci(8), "Options for selection of devices"), for `dgpu scan` and `dgpu groups`:
//   -s [[[[<domain>]:]<bus>]:][<device>][.[<func>]]   any part may be left out or be `*`
//   -d [<vendor>]:[<device>][:<class>[:<prog-if>]]      hexadecimal; empty or `*` matches anything
import { UsageError } from '../errors.js';
import type { PciFunction } from '../host.js';

export type PciFilter = (d: Pick<PciFunction, 'address' | 'vendor' | 'device' | 'class'>) => boolean;

const HEX = /^[0-9a-f]+$/i;
const part = (text: string | undefined, flag: string): number | null => {
  if (text === undefined || text === '' || text === '*') return null;
  if (!HEX.test(text)) throw new UsageError(`${flag}: '${text}' is not hexadecimal`, 'see lspci(8) for the form');
  return parseInt(text, 16);
};

export function slotFilter(spec: string): PciFilter {
  const [head, func] = spec.includes('.') ? [spec.slice(0, spec.lastIndexOf('.')), spec.slice(spec.lastIndexOf('.') + 1)] : [spec, undefined];
  const fields = head.split(':');
  if (fields.length > 3) throw new UsageError(`-s: '${spec}' has too many fields`, 'write [[[[domain]:]bus]:][slot][.[func]], e.g. 03:00 or 0000:03:00.1');
  const [slot, bus, domain] = fields.reverse().map((f) => part(f, '-s'));
  const fn = part(func, '-s');
  return (d) => {
    const m = /^([0-9a-f]{4}):([0-9a-f]{2}):([0-9a-f]{2})\.([0-7])$/.exec(d.address);
    if (!m) return false;
    const [dd, bb, ss, ff] = m.slice(1).map((x) => parseInt(x, 16));
    return (domain == null || domain === dd) && (bus == null || bus === bb) && (slot == null || slot === ss) && (fn == null || fn === ff);
  };
}

export function idFilter(spec: string): PciFilter {
  const fields = spec.split(':');
  if (fields.length < 2 || fields.length > 4) throw new UsageError(`-d: '${spec}' is not [vendor]:[device][:class]`, 'e.g. 10de: or 1002:73bf or ::0300');
  const [vendor, device, cls, progIf] = fields.map((f) => part(f, '-d'));
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
