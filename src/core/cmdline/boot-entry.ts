// systemd-boot / Boot Loader Specification type #1 entries (`loader/entries/*.conf` on the ESP or XBOOTLDR).
// Per the Boot Loader Specification (uapi-group.org, "Type #1 Boot Loader Entry Keys"), a line is a key, whitespace
// (spaces or tabs), and the value; lines starting with `#` are comments; `options` "may appear more than once in
// which case all specified parameters are combined in the order they are listed". The value runs to the end of
// the line, so a `#` inside it is part of the command line.
//
// Decision: the entry's `options` lines are the parts of one command line (editCmdlineParts): a parameter that is
// present is edited on the line that holds it (later duplicates, on any line, are dropped), and a new one goes on
// the LAST `options` line, where appending to the concatenated line would put it (before a `--` on any line).
// An entry with no `options` line gets one after its last key line, with the separator the entry's keys use (tabs
// in some real entries). Every other line is kept byte for byte.

import { editCmdline, editCmdlineParts, type CmdlineEdit } from './cmdline.js';

const OPTIONS = /^([ \t]*options)(?:([ \t]+)(.*))?$/;

interface OptionsLine {
  index: number;
  head: string;
  sep: string;
  value: string;
}

function optionsLines(lines: string[]): OptionsLine[] {
  return lines.flatMap((line, index) => {
    const m = OPTIONS.exec(line);
    return m ? [{ index, head: m[1]!, sep: m[2] ?? ' ', value: m[3] ?? '' }] : [];
  });
}

/** The entry's kernel command line: its `options` values joined by one space, as systemd-boot joins them. */
export function readBootEntryOptions(text: string): string {
  return optionsLines(text.split('\n'))
    .map((o) => o.value)
    .join(' ');
}

export function editBootEntry(text: string, edit: CmdlineEdit): string {
  const lines = text.split('\n');
  const opts = optionsLines(lines);
  if (opts.length === 0) return addOptionsLine(lines, editCmdline('', edit));
  const values = editCmdlineParts(opts.map((o) => o.value), edit);
  const dropped = new Set<number>();
  opts.forEach((o, n) => {
    const value = values[n]!;
    if (value === o.value) return;
    // A line we emptied goes away: adding to an entry and removing again gives the entry back.
    if (value.trim() === '' && o.value.trim() !== '') dropped.add(o.index);
    lines[o.index] = o.head + o.sep + value;
  });
  return lines.filter((_, i) => !dropped.has(i)).join('\n');
}

function addOptionsLine(lines: string[], value: string): string {
  if (value === '') return lines.join('\n');
  const isKey = (l: string): boolean => l.trim() !== '' && !l.trimStart().startsWith('#');
  let last = lines.length - 1;
  while (last >= 0 && !isKey(lines[last]!)) last--;
  const sep = /^\S+([ \t]+)/.exec(lines.find(isKey) ?? '')?.[1] ?? ' ';
  // After the last key line: before trailing comments, and before the '' that a final newline leaves.
  lines.splice(last + 1, 0, `options${sep}${value}`);
  return lines.join('\n');
}
