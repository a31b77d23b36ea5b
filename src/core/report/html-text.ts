// Text into HTML/SVG. Every name in a report comes from a dump or a pci.ids file someone else wrote, so nothing
// reaches the page unescaped.
import { diffLines } from '../plan/diff.js';

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for element content and for quoted attribute values alike. */
export function esc(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}

/** Cuts text to `max` characters with an ellipsis (SVG text does not wrap). */
export function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, Math.max(0, max - 1))}…`;
}

/** argv as one line a user could paste: words with shell metacharacters single-quoted. */
export function shellLine(argv: string[]): string {
  return argv.map((a) => (/^[A-Za-z0-9_@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`)).join(' ');
}

export type DiffLine = { op: ' ' | '-' | '+'; text: string };

/** A change as lines for the report's diff. */
export function lineDiff(before: string, after: string): DiffLine[] {
  // the planner's own diff (src/core/plan/diff.ts): what `dgpu plan` prints, deletions before insertions
  const lines = (t: string) => (t === '' ? [] : t.replace(/\n$/, '').split('\n'));
  return diffLines(lines(before), lines(after)).map((o) => ({ op: o.kind, text: o.line }));
}
