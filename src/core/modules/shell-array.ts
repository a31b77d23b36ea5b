// A text-preserving view of one bash array assignment, `NAME=(a b "c")`, as mkinitcpio.conf holds them
// (the file is sourced by bash). The words between the parentheses are kept with their exact separators
// (spaces, newlines, comments), so removing what was added gives back the original bytes.
import { EditError } from '../errors.js';

export interface ShellArray {
  /** Offset of the first character inside `(` and of the closing `)`. */
  start: number;
  end: number;
  /** [sep0, word1, sep1, ..., wordN, sepN]: odd indices are words as written, even ones separators. */
  pieces: string[];
}

const HINT = 'edit the line by hand into the plain form NAME=(word word ...), then run dgpu again';

/** The single uncommented `NAME=(...)` of `text`; null when there is none. Two, or an odd form: EditError. */
export function findShellArray(text: string, name: string, file: string): ShellArray | null {
  const re = new RegExp(`^[ \\t]*${name}=`, 'gm');
  const hits = [...text.matchAll(re)];
  if (hits.length === 0) return null;
  if (hits.length > 1) throw new EditError(`${file}: ${name} is assigned ${hits.length} times`, HINT);
  const at = hits[0]!.index + hits[0]![0].length;
  if (text[at] !== '(') throw new EditError(`${file}: ${name} is not an array of the form ${name}=(...)`, HINT);
  const arr = scanWords(text, at + 1, name, file);
  checkRestOfLine(text, arr.end + 1, name, file);
  return arr;
}

export function wordValue(word: string): string {
  return word.replace(/\\(.)|"([^"]*)"|'([^']*)'/g, (_m, esc, dq, sq) => esc ?? dq ?? sq ?? '');
}

export function words(arr: ShellArray): string[] {
  return arr.pieces.filter((_p, i) => i % 2 === 1);
}

/** The array text with `pieces` put back between the parentheses. */
export function replaceArray(text: string, arr: ShellArray, pieces: string[]): string {
  return text.slice(0, arr.start) + pieces.join('') + text.slice(arr.end);
}

/**
 * Drops the words `drop` selects, each with the blank separator after it (the last word: with the one
 * before). A separator holding a comment is kept, so no user comment is lost.
 */
export function removeWords(pieces: string[], drop: (value: string) => boolean): string[] {
  const out: string[] = [pieces[0]!];
  let keptWord = false;
  for (let i = 1; i < pieces.length; i += 2) {
    const word = pieces[i]!;
    const sepAfter = pieces[i + 1]!;
    const last = i + 2 >= pieces.length;
    if (!drop(wordValue(word))) {
      out.push(word, sepAfter);
      keptWord = true;
    } else if (last) {
      const before = out[out.length - 1]!;
      out[out.length - 1] = (keptWord && !/\S/.test(before) ? '' : before) + sepAfter;
    } else if (/\S/.test(sepAfter)) {
      out[out.length - 1] += sepAfter;
    }
  }
  return out;
}

/** Puts `added` first, one space between words. */
export function prependWords(pieces: string[], added: string[]): string[] {
  if (added.length === 0) return pieces;
  const head = added.flatMap((w, i) => (i === 0 ? [w] : [' ', w]));
  const rest = pieces.slice(1);
  return pieces.length === 1 ? [pieces[0]!, ...head, ''] : [pieces[0]!, ...head, ' ', ...rest];
}

/** Puts `word` after the word at piece index `index` (odd), or first when index is 0. */
export function insertWordAfter(pieces: string[], index: number, word: string): string[] {
  if (index === 0) return prependWords(pieces, [word]);
  return [...pieces.slice(0, index + 1), ' ', word, ...pieces.slice(index + 1)];
}

function scanWords(text: string, start: number, name: string, file: string): ShellArray {
  const pieces: string[] = [];
  let sep = '';
  let i = start;
  for (;;) {
    const c = text[i];
    if (c === undefined) throw new EditError(`${file}: ${name}=( has no closing parenthesis`, HINT);
    if (c === ')') break;
    if (/\s/.test(c)) {
      sep += c;
      i += 1;
    } else if (c === '#') {
      const nl = text.indexOf('\n', i);
      const stop = nl < 0 ? text.length : nl;
      sep += text.slice(i, stop);
      i = stop;
    } else {
      const wEnd = scanWord(text, i, name, file);
      pieces.push(sep, text.slice(i, wEnd));
      sep = '';
      i = wEnd;
    }
  }
  pieces.push(sep);
  return { start, end: i, pieces };
}

function scanWord(text: string, i: number, name: string, file: string): number {
  for (;;) {
    const c = text[i];
    if (c === undefined || /\s/.test(c) || c === ')') return i;
    if (c === '(' || c === '$' || c === '`' || c === ';' || c === '&' || c === '|' || c === '<' || c === '>') {
      throw new EditError(`${file}: ${name} contains '${c}', which dgpu does not edit`, HINT);
    }
    if (c === '\\') i += 2;
    else if (c === '"' || c === "'") {
      const close = text.indexOf(c, i + 1);
      if (close < 0) throw new EditError(`${file}: ${name} has an unterminated ${c} quote`, HINT);
      const inner = text.slice(i + 1, close);
      if (c === '"' && /[$`\\]/.test(inner)) throw new EditError(`${file}: ${name} has an expansion in quotes`, HINT);
      i = close + 1;
    } else i += 1;
  }
}

function checkRestOfLine(text: string, from: number, name: string, file: string): void {
  const nl = text.indexOf('\n', from);
  const rest = text.slice(from, nl < 0 ? text.length : nl);
  if (!/^[ \t]*(#.*)?$/.test(rest)) {
    throw new EditError(`${file}: unexpected '${rest.trim()}' after ${name}=(...)`, HINT);
  }
}
