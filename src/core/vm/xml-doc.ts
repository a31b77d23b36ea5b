// A small text-preserving XML reader: elements and attributes with their source offsets, so that edits are
// splices on the original text and everything not edited (comments, namespaces, quoting, attribute order,
// whitespace) stays byte for byte. Comments, PIs, CDATA and the doctype are skipped over, never
// turned into elements: a commented-out <hostdev> is not a device (libvirt-macos-03). What is not well-formed is
// one UsageError with its line, never an internal error.
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

// XML 1.0 (Fifth Edition) productions, https://www.w3.org/TR/xml/: Char [2], S [3], NameStartChar/NameChar [4][4a]
// (the BMP part, which every libvirt name uses), Comment [15] ('--' not allowed inside), PI [16] (target 'xml' only as
// the declaration [23] at the very start), CharData [14] (no ']]>'), CharRef [66] (must name a Char). libxml2, which
// libvirt parses with, refuses all of these; refusing them here keeps dgpu from writing back what libvirt would reject.
const NAME = /[A-Za-z_:\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u02FF\u0370-\u037D\u037F-\u1FFF\u200C\u200D\u2070-\u218F\u2C00-\u2FEF\u3001-\uD7FF\uF900-\uFDCF\uFDF0-\uFFFD][-A-Za-z0-9_:.\u00B7\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u037D\u037F-\u1FFF\u200C\u200D\u203F\u2040\u2070-\u218F\u2C00-\u2FEF\u3001-\uD7FF\uF900-\uFDCF\uFDF0-\uFFFD]*/y;
const NOT_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;
const SPACE = /[ \t\r\n]*/y;
const ENTITY: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function lineCol(text: string, offset: number): string {
  let line = 1;
  let lineStart = 0;
  for (let j = text.indexOf('\n'); j >= 0 && j < offset; j = text.indexOf('\n', j + 1)) {
    line++;
    lineStart = j + 1;
  }
  return `line ${line}, column ${offset - lineStart + 1}`;
}

function fail(text: string, offset: number, what: string, source: string): never {
  throw new UsageError(`${source}: not well-formed XML at ${lineCol(text, offset)}: ${what}`,
    'fix the XML (xmllint --noout FILE shows the same problem) and run again');
}

const isChar = (c: number) => c === 0x9 || c === 0xa || c === 0xd || (c >= 0x20 && c <= 0xd7ff) || (c >= 0xe000 && c <= 0xfffd) || (c >= 0x10000 && c <= 0x10ffff);

export function decodeEntities(raw: string, fail: (what: string) => never): string {
  if (!raw.includes('&')) return raw;
  return raw.replace(/&([^;&\s]*);?/g, (m, name: string) => {
    if (!m.endsWith(';')) fail("bare '&' (write &amp;)");
    if (name in ENTITY) return ENTITY[name]!;
    const num = /^#x([0-9a-fA-F]{1,8})$/.exec(name) ?? /^#([0-9]{1,10})$/.exec(name);
    const code = num ? parseInt(num[1]!, name[1] === 'x' ? 16 : 10) : NaN;
    if (num && isChar(code)) return String.fromCodePoint(code);
    return fail(num ? `'&${name};' names no XML character` : `unknown entity '&${name};'`);
  });
}

export function escapeAttr(value: string, quote: '"' | "'"): string {
  const s = value.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  return quote === '"' ? s.replace(/"/g, '&quot;') : s.replace(/'/g, '&apos;');
}

const onlySpace = (s: string) => /^[ \t\r\n]*$/.test(s);

/**
 * Parses `text` into its root element; throws UsageError naming `source` and the line on anything not well-formed.
 * One pass with an explicit stack, no recursion: a document nested 20,000 deep costs what a flat one does.
 */
export function parseXml(text: string, source = 'XML'): XElement {
  const bad = NOT_CHAR.exec(text);
  if (bad) fail(text, bad.index, `character U+${bad[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')} is not allowed in XML`, source);
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0; // a byte order mark
  let root: XElement | null = null;
  let doctype = false;
  const stack: XElement[] = [];
  const f: Fail = (at, what) => fail(text, at, what, source);
  while (i < text.length) {
    const lt = text.indexOf('<', i);
    const textEnd = lt < 0 ? text.length : lt;
    const chunk = text.slice(i, textEnd);
    if (stack.length === 0 && !onlySpace(chunk)) f(i, root ? 'text after the root element' : 'text outside the root element');
    const cdEnd = chunk.indexOf(']]>');
    if (cdEnd >= 0) f(i + cdEnd, "']]>' in text");
    decodeEntities(chunk, (what) => f(i, what));
    if (lt < 0) break;
    i = lt;
    if (text.startsWith('<!--', i)) i = skipComment(text, i, f);
    else if (text.startsWith('<![CDATA[', i)) {
      if (stack.length === 0) f(i, 'CDATA outside the root element');
      const j = text.indexOf(']]>', i + 9);
      if (j < 0) f(i, 'unterminated CDATA section');
      i = j + 3;
    } else if (text.startsWith('<?', i)) i = skipPi(text, i, f);
    else if (text.startsWith('<!DOCTYPE', i)) {
      if (doctype || root) f(i, 'a DOCTYPE after the root element or a second DOCTYPE');
      doctype = true;
      i = skipDoctype(text, i, f);
    } else if (text.startsWith('<!', i)) f(i, "'<!' that starts no comment, CDATA section or DOCTYPE");
    else if (text.startsWith('</', i)) i = endTag(text, i, stack, f);
    else {
      if (stack.length === 0 && root) f(i, 'a second root element');
      const el = startTag(text, i, f, stack[stack.length - 1] ?? null);
      if (el.parent) el.parent.children.push(el);
      else root = el;
      if (!el.selfClosing) stack.push(el);
      i = el.startTagEnd;
    }
  }
  if (stack.length > 0) f(text.length, `<${stack[stack.length - 1]!.name}> is never closed`);
  if (!root) f(0, 'no root element');
  return root;
}

type Fail = (at: number, what: string) => never;

function skipComment(text: string, at: number, f: Fail): number {
  const j = text.indexOf('--', at + 4);
  if (j < 0) f(at, 'unterminated comment');
  if (text[j + 2] !== '>') f(j, "'--' inside a comment");
  return j + 3;
}

function skipPi(text: string, at: number, f: Fail): number {
  NAME.lastIndex = at + 2;
  const m = NAME.exec(text);
  if (!m) f(at, "'<?' without a target name");
  const declAt = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  if (m[0].toLowerCase() === 'xml' && at !== declAt) f(at, 'an XML declaration that is not at the very start');
  const j = text.indexOf('?>', NAME.lastIndex);
  if (j < 0) f(at, 'unterminated processing instruction');
  if (j > NAME.lastIndex && !/[ \t\r\n]/.test(text[NAME.lastIndex]!)) f(at, 'bad processing instruction target');
  return j + 2;
}

/** `<!DOCTYPE name SYSTEM "...">` is skipped; an internal subset (`[...]`) can declare entities and is refused. */
function skipDoctype(text: string, at: number, f: Fail): number {
  let quote = '';
  for (let j = at + 9; j < text.length; j++) {
    const c = text[j]!;
    if (quote) {
      if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '[') f(j, 'a DOCTYPE with an internal subset ([...]) is not read: libvirt domains have none; remove it');
    else if (c === '>') return j + 1;
  }
  return f(at, 'unterminated DOCTYPE');
}

function endTag(text: string, at: number, stack: XElement[], f: Fail): number {
  NAME.lastIndex = at + 2;
  const m = NAME.exec(text);
  const open = stack.pop();
  if (!m || !open || m[0] !== open.name) f(at, `unexpected end tag${m ? ` </${m[0]}>` : ''}`);
  SPACE.lastIndex = NAME.lastIndex;
  SPACE.exec(text);
  if (text[SPACE.lastIndex] !== '>') f(at, 'bad end tag');
  open.closeStart = at;
  open.end = SPACE.lastIndex + 1;
  return open.end;
}

function startTag(text: string, at: number, f: Fail, parent: XElement | null): XElement {
  NAME.lastIndex = at + 1;
  const m = NAME.exec(text);
  if (!m) f(at, "'<' that starts no tag");
  const el: XElement = { name: m[0], attrs: [], children: [], parent, start: at, startTagEnd: 0, closeStart: 0, end: 0, selfClosing: false };
  const names = new Set<string>();
  let i = NAME.lastIndex;
  for (;;) {
    SPACE.lastIndex = i;
    SPACE.exec(text);
    const spaced = SPACE.lastIndex > i;
    i = SPACE.lastIndex;
    if (text.startsWith('/>', i) || text[i] === '>') {
      el.selfClosing = text[i] === '/';
      el.startTagEnd = i + (el.selfClosing ? 2 : 1);
      if (el.selfClosing) el.closeStart = el.end = el.startTagEnd;
      return el;
    }
    if (i >= text.length) f(at, `unterminated start tag <${el.name}>`);
    NAME.lastIndex = i;
    const a = NAME.exec(text);
    if (!a || !spaced) f(i, `bad attribute in <${el.name}>`);
    const eq = /[ \t\r\n]*=[ \t\r\n]*(["'])/y;
    eq.lastIndex = NAME.lastIndex;
    const q = eq.exec(text);
    if (!q) f(i, `attribute '${a[0]}' has no quoted value`);
    const quote = q[1] as '"' | "'";
    const valueStart = eq.lastIndex;
    const valueEnd = text.indexOf(quote, valueStart);
    if (valueEnd < 0) f(valueStart, `unterminated value of '${a[0]}'`);
    const raw = text.slice(valueStart, valueEnd);
    if (raw.includes('<')) f(valueStart, `'<' in the value of '${a[0]}'`);
    if (names.has(a[0])) f(i, `attribute '${a[0]}' given twice`);
    names.add(a[0]);
    const value = decodeEntities(raw, (what) => f(valueStart, what));
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
