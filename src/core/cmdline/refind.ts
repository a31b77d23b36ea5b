// rEFInd (rodsbooks.com/refind/linux.html and configfile.html).
// `refind_linux.conf`, beside the kernels: each line is a menu title and the options string for that kernel,
// each a word or a double-quoted string (`"Boot with standard options"  "root=UUID=... rw quiet"`); `#` starts a
// comment line. Every line's options are one command line.
// `refind.conf`, on the ESP: manual boot stanzas `menuentry "Name" { ... }` whose `options` line (quoted or a single
// word) is the command line; `submenuentry` blocks inside may set their own `options` (edited too) or
// `add_options` (left: it only adds to the stanza's). A stanza with `disabled` is ignored by rEFInd and by dgpu;
// stanzas whose `loader` is not a Linux kernel (Windows, macOS: ostype) keep their lines.

import type { CmdlineEdit } from './cmdline.js';
import { EditError } from '../errors.js';
import { editLineValues, readLineValues, type LineValue } from './line-values.js';

/** A word (no blanks) or a double-quoted string, and what follows it. */
const FIELD = /^("([^"]*)"|[^\s"]+)/;

function quoted(value: string): string {
  if (value.includes('"')) throw new EditError(`rEFInd options cannot hold a double quote: ${value}`);
  return `"${value}"`;
}

/** A word or quoted field starting at `at`: its value, and offsets of the raw field. */
function field(line: string, at: number): { value: string; quotedField: boolean; end: number } | null {
  const m = FIELD.exec(line.slice(at));
  if (!m) return null;
  return { value: m[2] ?? m[1]!, quotedField: m[2] !== undefined, end: at + m[0].length };
}

function valueAt(index: number, line: string, at: number): LineValue | null {
  const f = field(line, at);
  if (!f) return null;
  const encode = f.quotedField ? quoted : (v: string) => (/\s/.test(v) || v === '' ? quoted(v) : v);
  return { index, head: line.slice(0, at), value: f.value, tail: line.slice(f.end), encode };
}

function linuxConfLines(text: string): LineValue[] {
  return text.split('\n').flatMap((line, index) => {
    if (/^[ \t]*(#|$)/.test(line)) return [];
    const title = field(line, line.length - line.trimStart().length);
    if (!title) return [];
    const gap = /^[ \t]+/.exec(line.slice(title.end));
    const v = gap ? valueAt(index, line, title.end + gap[0].length) : null;
    return v ? [v] : [];
  });
}

export function editRefindLinuxConf(text: string, edit: CmdlineEdit): string {
  return editLineValues(text, linuxConfLines(text), edit);
}

export function readRefindLinuxConf(text: string): string {
  return readLineValues(linuxConfLines(text));
}

const LINUX_LOADER = /^[ \t]*loader[ \t]+\S*(vmlinu[xz]|bzimage|kernel)/i;
const OSTYPE_LINUX = /^[ \t]*ostype[ \t]+"?linux/i;

interface Stanza {
  linux: boolean;
  disabled: boolean;
  options: LineValue[];
}

function stanzaOptions(text: string): LineValue[] {
  const stanzas: Stanza[] = [];
  let depth = 0;
  text.split('\n').forEach((line, index) => {
    if (/^[ \t]*#/.test(line)) return;
    if (/^[ \t]*menuentry\b/i.test(line) && depth === 0) stanzas.push({ linux: false, disabled: false, options: [] });
    const s = depth > 0 || line.includes('{') ? stanzas[stanzas.length - 1] : undefined;
    if (s) {
      if (LINUX_LOADER.test(line) || OSTYPE_LINUX.test(line)) s.linux = true;
      if (/^[ \t]*disabled\b/i.test(line)) s.disabled = true;
      const o = /^([ \t]*options[ \t]+)/i.exec(line);
      const v = o ? valueAt(index, line, o[1]!.length) : null;
      if (v) s.options.push(v);
    }
    depth += (line.match(/\{/g) ?? []).length - (line.match(/\}/g) ?? []).length;
    if (depth < 0) depth = 0;
  });
  return stanzas.filter((s) => s.linux && !s.disabled).flatMap((s) => s.options);
}

export function editRefindConf(text: string, edit: CmdlineEdit): string {
  return editLineValues(text, stanzaOptions(text), edit);
}

export function readRefindConf(text: string): string {
  return readLineValues(stanzaOptions(text));
}

export function refindStanzaOptionCount(text: string): number {
  return stanzaOptions(text).length;
}
