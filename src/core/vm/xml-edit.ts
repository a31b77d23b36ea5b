// Edits as splices on the original text: every change names the exact range it replaces, so the rest of the
// document is untouched. New elements are written in the document's own quote style and indented like their
// siblings, so the result reads as if libvirt or the user had written it.
import { escapeAttr, type XAttr, type XElement } from './xml-doc.js';

interface Splice {
  start: number;
  end: number;
  text: string;
  seq: number;
}

/** A node to render: name, attributes in order, children (none → self-closing). */
export interface NewElement {
  name: string;
  attrs: Array<[string, string]>;
  children?: NewElement[];
}

export class XmlEditor {
  private readonly splices: Splice[] = [];
  private readonly opened = new Set<XElement>();
  readonly quote: '"' | "'";

  constructor(readonly text: string, root: XElement) {
    this.quote = dominantQuote(root);
  }

  splice(start: number, end: number, text: string): void {
    this.splices.push({ start, end, text, seq: this.splices.length });
  }

  /** Removes the element, and its line when it stands alone on it, so that no blank line is left. */
  remove(el: XElement): void {
    const lineStart = this.text.lastIndexOf('\n', el.start - 1);
    const lead = this.text.slice(lineStart + 1, el.start);
    const nl = this.text.indexOf('\n', el.end);
    const trail = this.text.slice(el.end, nl < 0 ? this.text.length : nl);
    if (lineStart >= 0 && lead.trim() === '' && trail.trim() === '') this.splice(lineStart, el.end, '');
    else this.splice(el.start, el.end, '');
  }

  /** Replaces the element with new ones, keeping its indentation. */
  replace(el: XElement, next: NewElement[]): void {
    const indent = this.indentOf(el);
    this.splice(el.start, el.end, next.map((n) => this.render(n, indent)).join(`\n${indent}`));
  }

  /** Inserts new elements on their own lines right after `anchor`, at the anchor's indentation. */
  insertAfter(anchor: XElement, next: NewElement[]): void {
    const indent = this.indentOf(anchor);
    this.splice(anchor.end, anchor.end, next.map((n) => `\n${indent}${this.render(n, indent)}`).join(''));
  }

  /** Inserts new elements as the first children of `parent` (which may be self-closing). */
  insertFirst(parent: XElement, next: NewElement[]): void {
    const outer = this.indentOf(parent);
    const inner = outer + this.unit(parent);
    const body = next.map((n) => `\n${inner}${this.render(n, inner)}`).join('');
    if (!parent.selfClosing) {
      this.splice(parent.startTagEnd, parent.startTagEnd, body);
      return;
    }
    // `<devices/>` opens once (`/>` becomes `>`, the end tag goes last), however many insertions it takes.
    if (!this.opened.has(parent)) {
      this.opened.add(parent);
      this.splice(parent.end - 2, parent.end, '>');
      this.splices.push({ start: parent.end, end: parent.end, text: `\n${outer}</${parent.name}>`, seq: Number.MAX_SAFE_INTEGER });
    }
    this.splice(parent.end, parent.end, body);
  }

  setAttr(el: XElement, name: string, value: string): void {
    const a = el.attrs.find((x) => x.name === name);
    if (a) {
      if (a.value !== value) this.splice(a.valueStart, a.valueEnd, escapeAttr(value, a.quote));
      return;
    }
    const q = el.attrs[0]?.quote ?? this.quote;
    const at = lastAttrEnd(el);
    this.splice(at, at, ` ${name}=${q}${escapeAttr(value, q)}${q}`);
  }

  render(n: NewElement, indent: string): string {
    const q = this.quote;
    const attrs = n.attrs.map(([k, v]) => ` ${k}=${q}${escapeAttr(v, q)}${q}`).join('');
    if (!n.children || n.children.length === 0) return `<${n.name}${attrs}/>`;
    const inner = indent + this.step;
    const body = n.children.map((c) => `\n${inner}${this.render(c, inner)}`).join('');
    return `<${n.name}${attrs}>${body}\n${indent}</${n.name}>`;
  }

  /** The whitespace before the element on its line. */
  indentOf(el: XElement): string {
    const lineStart = this.text.lastIndexOf('\n', el.start - 1) + 1;
    const lead = this.text.slice(lineStart, el.start);
    return /^[ \t]*$/.test(lead) ? lead : '';
  }

  private get step(): string {
    return this.text.includes('\n\t<') ? '\t' : '  ';
  }

  private unit(parent: XElement): string {
    const first = parent.children[0];
    if (!first) return this.step;
    const d = this.indentOf(first).slice(this.indentOf(parent).length);
    return d === '' ? this.step : d;
  }

  apply(): string {
    // Later starts first; at one offset, a range before insertions, and insertions in the order made.
    const order = [...this.splices].sort((a, b) => b.start - a.start || (b.end - b.start) - (a.end - a.start) || b.seq - a.seq);
    let out = this.text;
    let floor = Infinity;
    for (const s of order) {
      if (s.end > floor) throw new Error(`internal: overlapping XML edits at ${s.start}-${s.end}`);
      out = out.slice(0, s.start) + s.text + out.slice(s.end);
      floor = s.start;
    }
    return out;
  }
}

function lastAttrEnd(el: XElement): number {
  const last: XAttr | undefined = el.attrs[el.attrs.length - 1];
  return last ? last.end : el.start + 1 + el.name.length;
}

/** The quote character most attributes use, so new attributes match (libvirt writes ', some tools write "). */
function dominantQuote(root: XElement): '"' | "'" {
  let single = 0;
  let double = 0;
  const todo = [root];
  for (let e = todo.pop(); e; e = todo.pop()) {
    for (const a of e.attrs) a.quote === "'" ? single++ : double++;
    for (const c of e.children) todo.push(c);
  }
  return double > single ? '"' : "'";
}
