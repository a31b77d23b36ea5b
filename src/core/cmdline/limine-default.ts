// `/etc/default/limine` and its drop-ins `/etc/limine-entry-tool.d/*.conf`: bash files that limine-entry-tool
// (CachyOS's limine-mkinitcpio-hook, `limine-update`) sources to write limine.conf, so they, not limine.conf, are
// the source. The command line of the regular entries is the associative array element `KERNEL_CMDLINE[default]`,
// assigned (`=`) or, as CachyOS and Omarchy write it, appended to (`+=`) on several lines and in several files,
// which bash joins in order: the pieces are edited as one line (segments.ts). Pieces before the last plain `=`
// are overwritten by it, so they are left alone. Only quoted literals are edited (no `$`, backtick or backslash:
// dgpu does not evaluate shell); anything else is an EditError.

import { editCmdlineParts, type CmdlineEdit } from './cmdline.js';
import { EditError } from '../errors.js';

const ASSIGN = /^([ \t]*KERNEL_CMDLINE\[["']?default["']?\](\+?)=)(?:"([^"]*)"|'([^']*)'|([^\s#'"]*))([ \t]*(?:#.*)?)$/;

interface Piece {
  file: number;
  index: number;
  head: string;
  value: string;
  quote: '"' | "'" | '';
  tail: string;
}

function pieces(files: ReadonlyArray<{ path: string; text: string }>): Piece[] {
  const all: Array<Piece & { append: boolean }> = [];
  files.forEach((f, file) => {
    f.text.split('\n').forEach((line, index) => {
      if (!/^[ \t]*KERNEL_CMDLINE\[["']?default["']?\]\+?=/.test(line)) return;
      const m = ASSIGN.exec(line);
      const value = m?.[3] ?? m?.[4] ?? m?.[5];
      if (!m || value === undefined || (m[3] !== undefined && /[$`\\]/.test(value))) {
        throw new EditError(`${f.path}:${index + 1}: KERNEL_CMDLINE[default] is not one quoted literal`, 'write it as KERNEL_CMDLINE[default]+="..." and run dgpu again');
      }
      const quote = m[3] !== undefined ? '"' : m[4] !== undefined ? "'" : '';
      all.push({ file, index, head: m[1]!, value, quote, tail: m[6]!, append: m[2] === '+' });
    });
  });
  let from = 0;
  all.forEach((p, i) => {
    if (!p.append) from = i;
  });
  return all.slice(from);
}

function encode(p: Piece, value: string): string {
  if (p.quote === "'" && !value.includes("'")) return `'${value}'`;
  if (/[$`\\"]/.test(value)) throw new EditError(`cannot write ${value} into KERNEL_CMDLINE[default]`);
  return `"${value}"`;
}

/** The edited texts, one per file, in the same order; unchanged files come back as the same string. */
export function editLimineDefaults(files: ReadonlyArray<{ path: string; text: string }>, edit: CmdlineEdit): string[] {
  const found = pieces(files);
  const values = editCmdlineParts(found.map((p) => p.value), edit);
  const lines = files.map((f) => f.text.split('\n'));
  found.forEach((p, n) => {
    if (values[n] !== p.value) lines[p.file]![p.index] = p.head + encode(p, values[n]!) + p.tail;
  });
  return lines.map((l, i) => (found.some((p) => p.file === i) ? l.join('\n') : files[i]!.text));
}

/** `KERNEL_CMDLINE[default]` as bash would build it from these files. */
export function readLimineDefaults(files: ReadonlyArray<{ path: string; text: string }>): string {
  return pieces(files).map((p) => p.value).join('');
}

export function limineDefaultPieceCount(files: ReadonlyArray<{ path: string; text: string }>): number {
  return pieces(files).length;
}
