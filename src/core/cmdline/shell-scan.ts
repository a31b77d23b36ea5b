// Just enough of a POSIX shell lexer to edit `/etc/default/grub` safely: it finds where assignments to a
// variable start at the top level (not inside quotes, comments, `$(...)`, backticks or `${...}`) and proves
// that quotes and substitutions are balanced. It is not a shell parser: anything it cannot place is an
// EditError, so the editor stops rather than guesses (docs/architecture.md). Quoting rules: POSIX "Shell Command
// Language", 2.2 Quoting and 2.6 Word Expansions.

import { EditError } from '../errors.js';

type Context = 'top' | 'dq' | 'sq' | 'bt' | 'cs' | 'br';

export interface AssignmentSite {
  /** Offset of the variable name. */
  start: number;
  /** Offset just after `=` (or `+=`). */
  valueStart: number;
  append: boolean;
}

const WORD_BREAK = new Set([' ', '\t', '\n', ';', '&', '|', '(', ')', '{', '}']);

/** Where `name=` or `name+=` begins a word at the top level of `text`. Throws EditError when unbalanced. */
export function findAssignments(text: string, name: string): AssignmentSite[] {
  const sites: AssignmentSite[] = [];
  const stack: Context[] = ['top'];
  const openedAt: number[] = [0]; // offset where each context opened, for the error message
  const depth: number[] = []; // paren depth of each open `$(`
  const line = (at: number): number => text.slice(0, at).split('\n').length;
  const pop = (): void => {
    stack.pop();
    openedAt.pop();
  };
  let i = 0;
  while (i < text.length) {
    const ctx = stack[stack.length - 1]!;
    const c = text[i]!;
    const wordStart = i === 0 || WORD_BREAK.has(text[i - 1]!);
    if (ctx === 'sq') {
      if (c === "'") pop();
      i++;
      continue;
    }
    if (c === '\\') {
      i += 2;
      continue;
    }
    if (ctx === 'top' && wordStart && text.startsWith(name, i)) {
      const after = i + name.length;
      if (text[after] === '=') sites.push({ start: i, valueStart: after + 1, append: false });
      else if (text.startsWith('+=', after)) sites.push({ start: i, valueStart: after + 2, append: true });
    }
    if ((ctx === 'top' || ctx === 'cs') && c === '#' && wordStart) {
      while (i < text.length && text[i] !== '\n') i++;
      continue;
    }
    if (c === '$' && text[i + 1] === '(') {
      stack.push('cs');
      openedAt.push(i);
      depth.push(0);
      i += 2;
      continue;
    }
    if (c === '$' && text[i + 1] === '{') {
      stack.push('br');
      openedAt.push(i);
      i += 2;
      continue;
    }
    if (c === '`') {
      if (ctx === 'bt') pop();
      else {
        stack.push('bt');
        openedAt.push(i);
      }
    } else if (c === '"') {
      if (ctx === 'dq') pop();
      else {
        stack.push('dq');
        openedAt.push(i);
      }
    } else if (c === "'" && ctx !== 'dq') {
      stack.push('sq');
      openedAt.push(i);
    } else if (ctx === 'br' && c === '}') {
      pop();
    } else if (ctx === 'cs' && c === '(') {
      depth[depth.length - 1]!++;
    } else if (ctx === 'cs' && c === ')') {
      if (depth[depth.length - 1] === 0) {
        pop();
        depth.pop();
      } else depth[depth.length - 1]!--;
    }
    i++;
  }
  if (stack.length > 1) {
    const what = { dq: 'double quote', sq: 'single quote', bt: 'backtick', cs: '$(', br: '${', top: '' }[stack[stack.length - 1]!];
    throw new EditError(`unterminated ${what} in a shell file (opened on line ${line(openedAt[openedAt.length - 1]!)})`, 'fix the file so that `bash -n` accepts it');
  }
  return sites;
}
