// A pasted dump as lines, cleaned of what the posting added. People post the listing
// as comments in a systemd-boot entry or a shell script (`# IOMMU Group 19 27:00.0 ...`), as Markdown quotes
// (`> `), after a prompt (`$ `), as inline code or in <pre>, inside code fences, with CRLF or lone-CR endings and
// with stray control bytes.
// Each line is cleaned on its own and in one pass, so reading stays linear in the size of the text; whatever is
// removed or skipped is said in a note with its line number, never silently.
import { printable } from '../printable.js';

export interface TextLine {
  /** 1-based line number in the text as given. */
  number: number;
  /** The line without its quote/comment/prompt markers; indentation after them kept. */
  text: string;
  /** A marker (`#`, `>`, `$`, a backtick, <pre>) was removed: indentation cannot be relied on. */
  marked: boolean;
}

/** lspci lines are under 300 characters; a longer line is not part of a dump, and skipping it bounds the regexes. */
export const MAX_LINE = 4096;
/** Notes of one kind beyond this many are counted, not listed (a 4,000-function dump is not 4,000 warnings). */
const MAX_NOTES_PER_KIND = 5;

// One or more markers at the start, each with at most one space after it: the rest keeps its indentation. Besides
// comment, quote and prompt marks: an opening inline-code backtick (a listing posted as `...`, not a ``` fence) and
// an HTML <pre>/<code> tag (corpus 04, 07, 09 in test/fixtures/corpus/dumps).
const MARKERS = /^[ \t]*(?:(?:[#>$]|`(?!``)|<(?:pre|code)>)[ \t]?)+/i;
// CSI and OSC sequences whole (ECMA-48 §5.4: ESC [ params intermediates final), then any other control byte.
const ESCAPES = /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)?/g;
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;
/** CONTROL without the global flag, whose test() would carry lastIndex from one line to the next. */
const HAS_CONTROL = new RegExp(CONTROL.source);

/** Notes grouped by kind, each kind capped; `list()` gives them in first-seen order with a count of the rest. */
export class DumpNotes {
  private readonly kinds = new Map<string, { shown: string[]; more: number }>();

  add(kind: string, note: string): void {
    let k = this.kinds.get(kind);
    if (k === undefined) this.kinds.set(kind, (k = { shown: [], more: 0 }));
    if (k.shown.length < MAX_NOTES_PER_KIND) k.shown.push(note);
    else k.more++;
  }

  list(): string[] {
    return [...this.kinds.values()].flatMap((k) => (k.more > 0 ? [...k.shown, `... and ${k.more} more like it`] : k.shown));
  }
}

export function textLines(text: string, notes: DumpNotes): TextLine[] {
  const out: TextLine[] = [];
  const lines = text.split(/\r\n|\r|\n/);
  for (let i = 0; i < lines.length; i++) {
    const number = i + 1;
    let line = lines[i]!;
    if (line.length > MAX_LINE) {
      notes.add('long', `line ${number}: skipped, ${line.length} characters is no dump line`);
      continue;
    }
    line = withoutControls(line, number, notes);
    const marker = MARKERS.exec(line);
    out.push(marker ? { number, text: line.slice(marker[0].length), marked: true } : { number, text: line, marked: false });
  }
  return out;
}

function withoutControls(line: string, number: number, notes: DumpNotes): string {
  if (!HAS_CONTROL.test(line)) return line;
  const clean = line.replace(ESCAPES, '').replace(CONTROL, '');
  const removed = [...new Set(line.match(CONTROL) ?? [])].map((c) => printable(c)).join(' ');
  notes.add('control', `line ${number}: removed control characters (${removed || 'terminal escape sequences'}): ${printable(clean.trim()).slice(0, 120)}`);
  return clean;
}
