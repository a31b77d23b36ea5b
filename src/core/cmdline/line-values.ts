// What the line-based boot loader editors share: a file is split at '\n' (a '\r' stays in its line and counts as
// trailing whitespace of the value), some lines hold a whole kernel command line each, and only those values
// change; every other byte is written back as it was.

import { editCmdline, type CmdlineEdit } from './cmdline.js';

/** One line's command line: the text before it, the value, the text after it (a closing quote...). */
export interface LineValue {
  index: number;
  head: string;
  value: string;
  tail: string;
  /** How a new value is written back (quotes added where it must); default: as it is. */
  encode?: (value: string) => string;
}

/** Edits each value on its own (each line is the whole command line of one entry). */
export function editLineValues(text: string, found: readonly LineValue[], edit: CmdlineEdit): string {
  const lines = text.split('\n');
  for (const f of found) {
    const value = editCmdline(f.value, edit);
    if (value !== f.value) lines[f.index] = f.head + (f.encode ? f.encode(value) : value) + f.tail;
  }
  return lines.join('\n');
}

/** The command lines `found` holds, joined: what a reader reports for the file. */
export function readLineValues(found: readonly LineValue[]): string {
  return found.map((f) => f.value).join(' ');
}
