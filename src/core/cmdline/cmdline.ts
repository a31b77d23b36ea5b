// The kernel command line: a tokenizer that keeps every byte, and a text-preserving editor.
//
// Tokenizing follows the kernel's own `next_arg()` (lib/cmdline.c): parameters are separated by whitespace
// (isspace: space, tab, newline, ...), a `"` toggles quoting anywhere in a parameter (`foo="a b"`, `"foo=a b"`),
// the key ends at the first `=`, and quotes around the value are not part of it. Parsing stops at a bare `--`:
// everything after it is handed to init (kernel/params.c `parse_args`), so the editor never touches it and adds
// new parameters before it.
//
// Keys compare with `-` and `_` as equal, as the kernel does (kernel/params.c `parameq`; documented in
// Documentation/admin-guide/kernel-parameters.rst, "Special handling": "Hyphens (dashes) and underscores are
// equivalent in parameter names"), so `vfio-pci.ids` and `vfio_pci.ids` are the same parameter.
//
// The editor is idempotent by "strip what we could have added, add what we want" (STYLE.md): applying an edit
// twice gives the same text as applying it once, and an edit that adds parameters a line lacked, followed by
// one removing them, gives back that line byte for byte.

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
   * parameters the kernel reads once per occurrence (`iommu=`, `video=`, `console=`), where replacing would
   * lose the user's own values.
   */
  mode?: 'replace' | 'add';
}

export interface CmdlineEdit {
  set: CmdlineSet[];
  /**
   * Keys to drop (every parameter with that key), or `key=value` to drop only that exact parameter.
   * A key that `set` also names is set, not removed.
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

function kernelTokens(tokens: CmdlineToken[]): CmdlineToken[] {
  const end = tokens.findIndex((t) => t.raw === '--');
  return end < 0 ? tokens : tokens.slice(0, end);
}

/** Parses a `remove` entry: `key` or `key=value`. */
function removeSpec(entry: string): CmdlineParam {
  const eq = entry.indexOf('=');
  return eq < 0 ? { key: entry, value: undefined } : { key: entry.slice(0, eq), value: entry.slice(eq + 1) };
}

function checkEdit(edit: CmdlineEdit): void {
  const modes = new Map<string, 'replace' | 'add'>();
  for (const s of edit.set) {
    formatParam(s.key, s.value);
    const k = normalizeKey(s.key);
    const mode = s.mode ?? 'replace';
    const prev = modes.get(k);
    if (prev === 'replace' || (prev !== undefined && mode === 'replace')) {
      throw new EditError(`the edit sets ${s.key} twice`, 'give each replaced parameter once, or use mode "add"');
    }
    modes.set(k, mode);
  }
}

/** One parameter of the result; `origin` is the index of the token it stands in for (its separator is kept). */
interface Item {
  text: string;
  origin?: number;
}

/** What an edit does to the parameters: token index → new text, token indices dropped, texts appended. */
interface Decision {
  replaced: Map<number, string>;
  dropped: Set<number>;
  appended: string[];
}

function decide(params: CmdlineToken[], edit: CmdlineEdit): Decision {
  const d: Decision = { replaced: new Map(), dropped: new Set(), appended: [] };
  const kept = new Set<number>(); // tokens a `set` item claimed: `remove` leaves them
  for (const s of edit.set) {
    const same = params.flatMap((t, i) => (sameKey(t.key, s.key) && !d.dropped.has(i) ? [i] : []));
    const hit = s.mode === 'add' ? same.find((i) => params[i]!.value === s.value) : same[0];
    if (hit === undefined) {
      d.appended.push(formatParam(s.key, s.value));
      continue;
    }
    kept.add(hit);
    if (s.mode === 'add') continue;
    if (params[hit]!.value !== s.value) d.replaced.set(hit, formatParam(s.key, s.value));
    for (const i of same.slice(1)) d.dropped.add(i);
  }
  for (const entry of edit.remove) {
    const r = removeSpec(entry);
    params.forEach((t, i) => {
      if (kept.has(i) || !sameKey(t.key, r.key)) return;
      if (r.value === undefined || t.value === r.value) d.dropped.add(i);
    });
  }
  return d;
}

/** Applies `edit` to a kernel command line, keeping everything it does not name byte for byte. */
export function editCmdline(line: string, edit: CmdlineEdit): string {
  checkEdit(edit);
  const tokens = tokenizeCmdline(line);
  const bad = tokens.find((t) => t.unbalanced);
  if (bad) throw new EditError(`unbalanced quote in kernel parameter ${bad.raw}`, 'fix the quoting by hand first');
  const params = kernelTokens(tokens);
  const { replaced, dropped, appended } = decide(params, edit);
  if (replaced.size === 0 && dropped.size === 0 && appended.length === 0) return line;

  const items: Item[] = [];
  const pushAppended = (): void => void items.push(...appended.map((text) => ({ text })));
  tokens.forEach((token, index) => {
    if (index === params.length) pushAppended();
    if (!dropped.has(index)) items.push({ text: replaced.get(index) ?? token.raw, origin: index });
  });
  if (params.length === tokens.length) pushAppended();
  return render(line, tokens, items);
}

/**
 * Joins the items back: the line's leading and trailing whitespace stay where they were; each kept token keeps
 * the separator that stood before it (a token that used to be first, and every new one, gets one space).
 */
function render(line: string, tokens: CmdlineToken[], items: Item[]): string {
  if (tokens.length === 0) return items.map((it) => it.text).join(' ') + line;
  const leading = line.slice(0, tokens[0]!.start);
  const trailing = line.slice(tokens[tokens.length - 1]!.end);
  const sepBefore = (i: number | undefined): string =>
    i === undefined || i === 0 ? ' ' : line.slice(tokens[i - 1]!.end, tokens[i]!.start);
  return leading + items.map((it, n) => (n === 0 ? '' : sepBefore(it.origin)) + it.text).join('') + trailing;
}
