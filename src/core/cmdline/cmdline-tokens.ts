// Kernel command line tokens: a tokenizer that keeps every byte (offsets), the key/value of one parameter, key
// equality. Rules as in cmdline.ts.

import { EditError } from '../errors.js';

export interface CmdlineParam {
  key: string;
  /** The value without its quotes; undefined for a flag (`quiet`), '' for `foo=`. */
  value: string | undefined;
}

export interface CmdlineSet {
  key: string;
  value?: string;
  /**
   * 'replace' (default): the parameter appears once with this value; an existing one with the same key is
   * replaced where it stands (the first; later duplicates are dropped), otherwise it is appended.
   * 'add': this exact key=value is present; other parameters with the same key are left alone. For
   * parameters the kernel reads once per occurrence (`video=`, `console=`), where replacing would lose the
   * user's own values.
   * 'merge': a comma-separated list whose last occurrence wins (a module_param_string such as vfio-pci's
   * `ids`): the parameter appears once, holding every item it held (in every occurrence, in order; compared
   * without case, as the kernel's `%x` parsing of ids does) and then the wanted items it lacked. A line that
   * already holds every item once is left as written.
   * 'option': a comma-separated option list read in full at every occurrence (`iommu=`, `intel_iommu=`;
   * kernel-parameters.txt lists their options as one comma list): the option is in effect when any occurrence
   * holds it; otherwise it joins the last occurrence (`iommu=1` → `iommu=1,pt`), or the parameter is added.
   */
  mode?: 'replace' | 'add' | 'merge' | 'option';
  /**
   * 'merge' only: items taken out of the list before the wanted ones are added (compared without case): what
   * dgpu itself put there for an earlier guest, so that switching guests does not keep the old one bound.
   */
  without?: string[];
}

export interface CmdlineEdit {
  set: CmdlineSet[];
  /**
   * Keys to drop (every parameter with that key), or `key=value` to drop only that exact parameter.
   * A key that `set` also names is set, not removed; an exact `key=value` is dropped before `set` looks,
   * so that removing `intel_iommu=off` and setting option `intel_iommu=on` gives `intel_iommu=on`.
   */
  remove: string[];
}

/** A parameter as it stands in the text: [start, end) offsets and the parsed key and value. */
export interface CmdlineToken extends CmdlineParam {
  start: number;
  end: number;
  raw: string;
  /** An odd number of `"`: the kernel would read the rest of the line into this parameter. */
  unbalanced: boolean;
}

const SPACE = /\s/;

/** Every whitespace-separated parameter of `line`, `--` and what follows it included, with its offsets. */
export function tokenizeCmdline(line: string): CmdlineToken[] {
  const tokens: CmdlineToken[] = [];
  let i = 0;
  while (i < line.length) {
    while (i < line.length && SPACE.test(line[i]!)) i++;
    if (i >= line.length) break;
    const start = i;
    let inQuote = false;
    let quotes = 0;
    while (i < line.length && (inQuote || !SPACE.test(line[i]!))) {
      if (line[i] === '"') {
        inQuote = !inQuote;
        quotes++;
      }
      i++;
    }
    const raw = line.slice(start, i);
    tokens.push({ start, end: i, raw, unbalanced: quotes % 2 === 1, ...parseParam(raw) });
  }
  return tokens;
}

/** Key and value of one raw parameter, quotes removed the way `next_arg()` removes them. */
export function parseParam(raw: string): CmdlineParam {
  let body = raw;
  const wholeQuoted = body.startsWith('"');
  if (wholeQuoted) body = body.slice(1);
  const eq = body.indexOf('=');
  if (eq < 0) return { key: wholeQuoted && body.endsWith('"') ? body.slice(0, -1) : body, value: undefined };
  const key = body.slice(0, eq);
  let value = body.slice(eq + 1);
  const valueQuoted = value.startsWith('"');
  if (valueQuoted) value = value.slice(1);
  if ((valueQuoted || wholeQuoted) && value.endsWith('"')) value = value.slice(0, -1);
  return { key, value };
}

/** The parameters the kernel would parse (those before `--`), in order, duplicates kept. */
export function cmdlineParams(line: string): CmdlineParam[] {
  return kernelTokens(tokenizeCmdline(line)).map(({ key, value }) => ({ key, value }));
}

/** The tokens before the first bare `--`: what the kernel parses as parameters (kernel/params.c parse_args). */
export function kernelTokens<T extends { raw: string }>(tokens: T[]): T[] {
  const end = tokens.findIndex((t) => t.raw === '--');
  return end < 0 ? tokens : tokens.slice(0, end);
}

/** Kernel parameter names are equal when they differ only by `-` versus `_`. */
export function sameKey(a: string, b: string): boolean {
  return normalizeKey(a) === normalizeKey(b);
}

export function normalizeKey(key: string): string {
  return key.replaceAll('-', '_');
}

/** `key`, `key=value`, or `key="value with spaces"`; throws EditError for what the kernel cannot express. */
export function formatParam(key: string, value: string | undefined): string {
  if (key === '' || /[\s="]/.test(key)) throw new EditError(`not a kernel parameter name: ${JSON.stringify(key)}`);
  if (value === undefined) return key;
  if (value.includes('"')) {
    throw new EditError(`kernel parameter ${key} cannot hold a double quote: ${JSON.stringify(value)}`);
  }
  return SPACE.test(value) ? `${key}="${value}"` : `${key}=${value}`;
}
