// A small text-preserving XML reader: elements and attributes with their source offsets, so that edits are
// splices on the original text and everything not edited (comments, namespaces, quoting, attribute order,
// whitespace) stays byte for byte (issue 4). Comments, PIs, CDATA and the doctype are skipped over, never
// turned into elements: a commented-out <hostdev> is not a device (libvirt-macos-03).
import { UsageError } from '../errors.js';

export interface XAttr {
  name: string;
  /** Decoded value. */
  value: string;
  quote: '"' | "'";
  /** Offsets of the whole `name="value"` text. */
  start: number;
  end: number;
  /** Offsets of the raw value between the quotes. */
  valueStart: number;
  valueEnd: number;
}

export interface XElement {
  name: string;
  attrs: XAttr[];
  children: XElement[];
  parent: XElement | null;
  /** Offset of `<`. */
  start: number;
  /** Offset just after the start tag's `>` (or `/>`). */
  startTagEnd: number;
  /** Offset of the end tag's `<`; equal to `end` for a self-closing element. */
  closeStart: number;
  /** Offset just after the element. */
  end: number;
  selfClosing: boolean;
}

const NAME = /[A-Za-z_:][-A-Za-z0-9_:.]*/y;
const ENTITY: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function lineCol(text: string, offset: number): string {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return `line ${line}, column ${offset - before.lastIndexOf('\n')}`;
}

function fail(text: string, offset: number, what: string, source: string): never {
  throw new UsageError(`${source}: not well-formed XML at ${lineCol(text, offset)}: ${what}`,
    'fix the XML (xmllint --noout FILE shows the same problem) and run again');
}

export function decodeEntities(raw: string, fail: (what: string) => never): string {
  return raw.replace(/&([^;&\s]*);?/g, (m, name: string) => {
    if (!m.endsWith(';')) fail(`bare '&' in '${raw}'`);
    if (name in ENTITY) return ENTITY[name]!;
    const num = /^#x([0-9a-fA-F]+)$/.exec(name) ?? /^#([0-9]+)$/.exec(name);
    if (num) return String.fromCodePoint(parseInt(num[1]!, name[1] === 'x' ? 16 : 10));
    return fail(`unknown entity '&${name};'`);
  });
}

export function escapeAttr(value: string, quote: '"' | "'"): string {
  const s = value.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  return quote === '"' ? s.replace(/"/g, '&quot;') : s.replace(/'/g, '&apos;');
}

/** Parses `text` into its root element; throws UsageError naming `source` and the line on anything not well-formed. */
export function parseXml(text: string, source = 'XML'): XElement {
  let i = 0;
  let root: XElement | null = null;
  const stack: XElement[] = [];
  const skipTo = (end: string, what: string) => {
    const j = text.indexOf(end, i);
    if (j < 0) fail(text, i, `unterminated ${what}`, source);
    i = j + end.length;
  };
  while (i < text.length) {
    const lt = text.indexOf('<', i);
    const textEnd = lt < 0 ? text.length : lt;
    const chunk = text.slice(i, textEnd);
    if (stack.length === 0 && chunk.trim() !== '') fail(text, i, 'text outside the root element', source);
    decodeEntities(chunk, (what) => fail(text, i, what, source));
    if (lt < 0) break;
    i = lt;
    if (text.startsWith('<!--', i)) skipTo('-->', 'comment');
    else if (text.startsWith('<![CDATA[', i)) {
      if (stack.length === 0) fail(text, i, 'CDATA outside the root element', source);
      skipTo(']]>', 'CDATA section');
    } else if (text.startsWith('<?', i)) skipTo('?>', 'processing instruction');
    else if (text.startsWith('<!DOCTYPE', i)) {
      const bracket = text.indexOf('[', i);
      const gt = text.indexOf('>', i);
      if (bracket >= 0 && bracket < gt) skipTo(']>', 'doctype');
      else skipTo('>', 'doctype');
    } else if (text.startsWith('</', i)) {
      NAME.lastIndex = i + 2;
      const m = NAME.exec(text);
      const open = stack.pop();
      if (!m || !open || m[0] !== open.name) fail(text, i, `unexpected end tag${m ? ` </${m[0]}>` : ''}`, source);
      const gt = text.indexOf('>', i);
      if (gt < 0 || text.slice(NAME.lastIndex, gt).trim() !== '') fail(text, i, 'bad end tag', source);
      open.closeStart = i;
      open.end = gt + 1;
      i = gt + 1;
    } else {
      if (stack.length === 0 && root) fail(text, i, 'a second root element', source);
      const el = startTag(text, i, source, stack[stack.length - 1] ?? null);
      if (el.parent) el.parent.children.push(el);
      else root = el;
      if (!el.selfClosing) stack.push(el);
      i = el.startTagEnd;
    }
  }
  if (stack.length > 0) fail(text, text.length, `<${stack[stack.length - 1]!.name}> is never closed`, source);
  if (!root) fail(text, 0, 'no root element', source);
  return root;
}

function startTag(text: string, at: number, source: string, parent: XElement | null): XElement {
  NAME.lastIndex = at + 1;
  const m = NAME.exec(text);
  if (!m) fail(text, at, "'<' that starts no tag", source);
  const el: XElement = { name: m[0], attrs: [], children: [], parent, start: at, startTagEnd: 0, closeStart: 0, end: 0, selfClosing: false };
  let i = NAME.lastIndex;
  for (;;) {
    const ws = /\s*/y;
    ws.lastIndex = i;
    ws.exec(text);
    const spaced = ws.lastIndex > i;
    i = ws.lastIndex;
    if (text.startsWith('/>', i) || text[i] === '>') {
      el.selfClosing = text[i] === '/';
      el.startTagEnd = i + (el.selfClosing ? 2 : 1);
      if (el.selfClosing) el.closeStart = el.end = el.startTagEnd;
      return el;
    }
    NAME.lastIndex = i;
    const a = NAME.exec(text);
    if (!a || !spaced) fail(text, i, `bad attribute in <${el.name}>`, source);
    const eq = /\s*=\s*(["'])/y;
    eq.lastIndex = NAME.lastIndex;
    const q = eq.exec(text);
    if (!q) fail(text, i, `attribute '${a[0]}' has no quoted value`, source);
    const quote = q[1] as '"' | "'";
    const valueStart = eq.lastIndex;
    const valueEnd = text.indexOf(quote, valueStart);
    if (valueEnd < 0) fail(text, valueStart, `unterminated value of '${a[0]}'`, source);
    const raw = text.slice(valueStart, valueEnd);
    if (raw.includes('<')) fail(text, valueStart, `'<' in the value of '${a[0]}'`, source);
    if (el.attrs.some((x) => x.name === a[0])) fail(text, i, `attribute '${a[0]}' given twice`, source);
    const value = decodeEntities(raw, (what) => fail(text, valueStart, what, source));
    el.attrs.push({ name: a[0], value, quote, start: i, end: valueEnd + 1, valueStart, valueEnd });
    i = valueEnd + 1;
  }
}

export function attr(el: XElement, name: string): string | undefined {
  return el.attrs.find((a) => a.name === name)?.value;
}

export function kids(el: XElement, name: string): XElement[] {
  return el.children.filter((c) => c.name === name);
}

export function kid(el: XElement, name: string): XElement | undefined {
  return el.children.find((c) => c.name === name);
}

/** The text content of a simple element such as `<name>macOS</name>` (no nested markup). */
export function textOf(text: string, el: XElement): string {
  return el.selfClosing ? '' : text.slice(el.startTagEnd, el.closeStart);
}
