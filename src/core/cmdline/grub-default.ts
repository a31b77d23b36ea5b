// `/etc/default/grub` and `/etc/default/grub.d/*.cfg`: shell files that grub-mkconfig sources, whose
// GRUB_CMDLINE_LINUX (every entry, recovery included) and GRUB_CMDLINE_LINUX_DEFAULT (normal entries only) end up
// on the `linux` line of grub.cfg (GRUB manual, "Simple configuration"). The editor rewrites only the value of one
// assignment, keeping its quote style, the comments, the other lines and the final newline (or its absence).
// Where the value is not a plain literal (a `$VAR`, a backtick, `$(...)`, two active assignments, `+=`), it stops
// with EditError: dgpu does not evaluate shell. One expansion is understood: the drop-in idiom
// GRUB_CMDLINE_LINUX_DEFAULT="$GRUB_CMDLINE_LINUX_DEFAULT foo" (the variable's own earlier value, as a whole word
// inside double quotes), kept as written while the literal parameters around it are edited. Expansions elsewhere in the file (GRUB_DISTRIBUTOR=`lsb_release
// -i -s`) do not matter.

import { editCmdline, editCmdlineParts, type CmdlineEdit } from './cmdline.js';
import { EditError } from '../errors.js';
import { findAssignments } from './shell-scan.js';

export type GrubCmdlineVariable = 'GRUB_CMDLINE_LINUX_DEFAULT' | 'GRUB_CMDLINE_LINUX';
export type GrubQuote = '"' | "'" | '';

export interface GrubValue {
  variable: GrubCmdlineVariable;
  /** The value as the shell sees it (quotes and escapes removed): a kernel command line fragment. */
  value: string;
  quote: GrubQuote;
  /** The value extends the variable's earlier value (`"$GRUB_CMDLINE_LINUX ..."`, a grub.d drop-in idiom). */
  inherits: boolean;
  /** 1-based line of the assignment. */
  line: number;
  /** Offsets of the value's word in the text (quotes included). */
  start: number;
  end: number;
}

const DEFAULT: GrubCmdlineVariable = 'GRUB_CMDLINE_LINUX_DEFAULT';
const LINUX: GrubCmdlineVariable = 'GRUB_CMDLINE_LINUX';
/** Characters an unquoted shell word may hold without changing meaning. */
const SAFE_UNQUOTED = /^[A-Za-z0-9_.,:=+/@%!^-]*$/;

/**
 * The variable dgpu edits in this file: GRUB_CMDLINE_LINUX_DEFAULT where the file assigns it (Debian, Ubuntu,
 * Arch), else GRUB_CMDLINE_LINUX where it is assigned (Fedora/RHEL files have only that one), else
 * GRUB_CMDLINE_LINUX_DEFAULT (to be added). Commented-out assignments do not count.
 */
export function grubCmdlineVariable(text: string): GrubCmdlineVariable {
  if (findAssignments(text, DEFAULT).length > 0) return DEFAULT;
  if (findAssignments(text, LINUX).length > 0) return LINUX;
  return DEFAULT;
}

/** Stands for `\<newline>` between parameters: U+2028 is whitespace to the tokenizer (JS `\s`), and no GRUB file holds it. */
const CONTINUATION = '\u2028';

/** Stands for a `$VAR` self-reference while the value is edited: a token no edit can name. */
const SELF = '\u0001';

interface Assignment extends GrubValue {
  /** The value with each self-reference as a SELF token, and how each was spelled (`$X` or `${X}`). */
  template: string;
  spellings: string[];
}

/** The active assignment of `variable`, or null when there is none. Throws EditError where it cannot tell. */
export function readGrubCmdline(text: string, variable: GrubCmdlineVariable): GrubValue | null {
  const a = readAssignment(text, variable);
  if (!a) return null;
  const { template: _t, spellings: _s, ...value } = a;
  return value;
}

function readAssignment(text: string, variable: GrubCmdlineVariable): Assignment | null {
  const sites = findAssignments(text, variable);
  const lineOf = (at: number): number => text.slice(0, at).split('\n').length;
  if (sites.length === 0) return null;
  if (sites.length > 1) {
    throw new EditError(
      `${variable} is assigned more than once (lines ${sites.map((s) => lineOf(s.start)).join(', ')})`,
      'keep one assignment (comment out the others), then run dgpu again',
    );
  }
  const site = sites[0]!;
  const line = lineOf(site.start);
  const where = `${variable} on line ${line}`;
  if (site.append) throw new EditError(`${where} appends with +=`, 'write the whole value in one assignment');
  const lineStart = text.lastIndexOf('\n', site.start - 1) + 1;
  if (!/^[ \t]*(export[ \t]+)?$/.test(text.slice(lineStart, site.start))) {
    throw new EditError(`${where} is not a plain assignment line`, 'move the assignment onto its own line');
  }
  const { template, spellings, quote, end } = parseWord(text, site.valueStart, variable, where);
  const lineEnd = text.indexOf('\n', end);
  const rest = text.slice(end, lineEnd < 0 ? text.length : lineEnd);
  if (!/^[ \t]*(#.*)?$/.test(rest)) {
    throw new EditError(`${where} has more than one quoted value or command after the value: ${rest.trim()}`, 'write the value as one quoted string');
  }
  const value = (spellings.length > 0 ? editCmdline(template, { set: [], remove: [SELF] }) : template).replaceAll(CONTINUATION, '');
  return { variable, value, quote, inherits: spellings.length > 0, line, start: site.valueStart, end, template, spellings };
}

interface Word {
  template: string;
  spellings: string[];
  quote: GrubQuote;
  end: number;
}

function parseWord(text: string, at: number, variable: string, where: string): Word {
  const expansion = (): never => {
    throw new EditError(`${where} uses a shell expansion ($ or backtick)`, 'write the parameters literally; dgpu does not evaluate shell');
  };
  const q = text[at];
  if (q === "'") {
    const close = text.indexOf("'", at + 1);
    return { template: text.slice(at + 1, close), spellings: [], quote: "'", end: close + 1 };
  }
  if (q === '"') {
    const self = new RegExp(`^\\$(${variable}|\\{${variable}\\})(?=[\\s"])`);
    const spellings: string[] = [];
    let raw = '';
    let i = at + 1;
    while (i < text.length && text[i] !== '"') {
      const m = self.exec(text.slice(i));
      if (m && (i === at + 1 || /\s/.test(text[i - 1]!))) {
        spellings.push(m[0]);
        raw += SELF;
        i += m[0].length;
        continue;
      }
      if (text[i] === '$' || text[i] === '`') expansion();
      const step = text[i] === '\\' ? 2 : 1;
      raw += text.slice(i, i + step);
      i += step;
    }
    // A line continuation (`\<newline>`, removed by the shell) beside whitespace or at an end of the value only
    // separates parameters: it stands as CONTINUATION, which tokenizes as whitespace and is written back as it
    // was. One inside a word joins two words; the check below refuses it.
    const template = raw.replace(/\\([\\"$`\n])/g, (_, c: string, at: number) =>
      c !== '\n' ? c : at === 0 || /\s/.test(raw[at - 1]!) || /^\s|^$/.test(raw.slice(at + 2, at + 3)) ? CONTINUATION : '');
    if (encodeDouble(template) !== raw) {
      throw new EditError(`${where} uses backslash escapes dgpu would not write back the same way`, 'edit this value by hand');
    }
    return { template, spellings, quote: '"', end: i + 1 };
  }
  let i = at;
  while (i < text.length && !/[\s;&|<>()]/.test(text[i]!)) i++;
  const raw = text.slice(at, i);
  if (/[$`]/.test(raw)) expansion();
  if (!SAFE_UNQUOTED.test(raw)) throw new EditError(`${where} mixes quoting styles: ${raw}`, 'write the value as one quoted string');
  return { template: raw, spellings: [], quote: '', end: i };
}

function encodeDouble(value: string): string {
  return value.replace(/[\\"$`]/g, (c) => `\\${c}`).replaceAll(CONTINUATION, '\\\n');
}

/** The value written back in the style it was found in; an unquoted value gains double quotes when it must. */
function encodeValue(value: string, quote: GrubQuote, variable: string, spellings: string[] = []): string {
  if (quote === "'") {
    if (value.includes("'")) throw new EditError(`cannot put a single quote into the single-quoted ${variable}`);
    return `'${value}'`;
  }
  if (quote === '' && SAFE_UNQUOTED.test(value)) return value;
  const self = [...spellings];
  return `"${encodeDouble(value).replaceAll(SELF, () => self.shift()!)}"`;
}

/** The same edit, stripping only: what `edit` sets must not also stay in the other variable. */
export function stripEdit(edit: CmdlineEdit): CmdlineEdit {
  const setKeys = edit.set.map((s) => (s.mode === 'add' && s.value !== undefined ? `${s.key}=${s.value}` : s.key));
  return { set: [], remove: [...edit.remove, ...setKeys] };
}

/**
 * Applies `edit` to the file's kernel command line: GRUB_CMDLINE_LINUX and GRUB_CMDLINE_LINUX_DEFAULT are the two
 * parts of one line, in that order (10_linux puts "${GRUB_CMDLINE_LINUX} ${GRUB_CMDLINE_LINUX_DEFAULT}" on normal
 * entries, GRUB_CMDLINE_LINUX alone on recovery ones). A parameter already in either variable is edited where it
 * is, so one in GRUB_CMDLINE_LINUX keeps reaching the recovery entries; a duplicate in the other
 * variable is dropped. New parameters go into `variable` (by default the one `grubCmdlineVariable` picks); when
 * the file does not assign it, a new double-quoted assignment is appended.
 */
export function editGrubDefault(text: string, edit: CmdlineEdit, variable = grubCmdlineVariable(text)): string {
  return editGrubFiles([text], edit, variable)[0]!;
}

/**
 * The same over /etc/default/grub and its grub.d drop-ins, in the order grub-mkconfig sources them. Per variable,
 * the last assignment is in effect, with the ones before it that it extends (`"$VAR ..."`); those are the parts
 * of the command line, LINUX ones first. Assignments a later one overrides are dead: they only lose what the
 * edit sets (stripEdit). New parameters go into the last live assignment of `variable`, or a new one in the first
 * file. Returns the texts, in order.
 */
export function editGrubFiles(texts: readonly string[], edit: CmdlineEdit, variable: GrubCmdlineVariable): string[] {
  const live: Array<{ file: number; a: Assignment }> = [];
  const dead: Array<{ file: number; a: Assignment }> = [];
  for (const v of [LINUX, DEFAULT]) {
    const sites = texts.flatMap((t, file) => {
      const a = readAssignment(t, v);
      return a ? [{ file, a }] : [];
    });
    let n = sites.length - 1;
    while (n > 0 && sites[n]!.a.inherits) n--;
    dead.push(...sites.slice(0, Math.max(n, 0)));
    live.push(...sites.slice(Math.max(n, 0)));
  }
  const owned = live.filter((p) => p.a.variable === variable);
  const target = owned.length > 0 ? live.indexOf(owned.at(-1)!) : variable === LINUX ? 0 : live.length;
  const parts = live.map((p) => p.a.template);
  if (owned.length === 0) parts.splice(target, 0, '');
  const values = editCmdlineParts(parts, edit, target);
  const added = owned.length === 0 ? values.splice(target, 1)[0]! : '';
  const patches = texts.map(() => [] as Array<{ start: number; end: number; text: string }>);
  const patch = ({ file, a }: { file: number; a: Assignment }, value: string): void => {
    if (value !== a.template) patches[file]!.push({ start: a.start, end: a.end, text: encodeValue(value, a.quote, a.variable, a.spellings) });
  };
  live.forEach((p, n) => patch(p, values[n]!));
  dead.forEach((p) => patch(p, editCmdline(p.a.template, stripEdit(edit))));
  return texts.map((text, file) => {
    let out = text;
    for (const p of patches[file]!.sort((x, y) => y.start - x.start)) out = out.slice(0, p.start) + p.text + out.slice(p.end);
    if (file === 0 && added !== '') out += `${out === '' || out.endsWith('\n') ? '' : '\n'}${variable}=${encodeValue(added, '"', variable)}\n`;
    return out;
  });
}
