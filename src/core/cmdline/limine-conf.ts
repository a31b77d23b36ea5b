// Limine's configuration (limine-bootloader/limine CONFIG.md). Version 8 and later read `limine.conf`: an entry
// is a line starting with `/` (`//` a sub-entry), its keys are `key: value` lines, and a Linux entry
// (`protocol: linux`) takes its command line from `cmdline:` (alias `kernel_cmdline:`). Before version 8 the file
// was `limine.cfg`: entries start with `:`, keys are `KEY=VALUE`, and the command line is `CMDLINE=` (alias
// `KERNEL_CMDLINE=`). In both the value runs to the end of the line, spaces and `=` included, unquoted.
// Each Linux entry's command line line is edited on its own; other protocols (efi, chainload, multiboot) and
// every other line stay as they are.

import type { CmdlineEdit } from './cmdline.js';
import { editLineValues, readLineValues, type LineValue } from './line-values.js';

interface Syntax {
  entry: RegExp;
  protocol: RegExp;
  cmdline: RegExp;
}

const V8: Syntax = {
  entry: /^[ \t]*\/+/,
  protocol: /^[ \t]*protocol[ \t]*:[ \t]*(\S+)/i,
  cmdline: /^([ \t]*(?:kernel_)?cmdline[ \t]*:[ \t]*)(.*)$/i,
};

const LEGACY: Syntax = {
  entry: /^[ \t]*:+/,
  protocol: /^[ \t]*PROTOCOL[ \t]*=[ \t]*(\S+)/i,
  cmdline: /^([ \t]*(?:KERNEL_)?CMDLINE[ \t]*=[ \t]*)(.*)$/i,
};

/** `limine.cfg` is the pre-8 syntax; every other name (`limine.conf`) the current one. */
function syntaxOf(path: string): Syntax {
  return path.endsWith('.cfg') ? LEGACY : V8;
}

/** The command line lines of the Linux entries (the protocol may stand before or after them). */
function linuxCmdlines(text: string, syntax: Syntax): LineValue[] {
  const lines = text.split('\n');
  const found: LineValue[] = [];
  let entry: { linux: boolean; lines: LineValue[] } | null = null;
  const close = (): void => {
    if (entry?.linux) found.push(...entry.lines);
  };
  lines.forEach((line, index) => {
    if (line.trimStart().startsWith('#')) return;
    if (syntax.entry.test(line)) {
      close();
      entry = { linux: false, lines: [] };
      return;
    }
    if (!entry) return; // global assignments: no command line there
    const p = syntax.protocol.exec(line);
    if (p) entry.linux = p[1]!.toLowerCase() === 'linux';
    const c = syntax.cmdline.exec(line);
    if (c) entry.lines.push({ index, head: c[1]!, value: c[2]!, tail: '' });
  });
  close();
  return found;
}

export function editLimineConf(path: string, text: string, edit: CmdlineEdit): string {
  return editLineValues(text, linuxCmdlines(text, syntaxOf(path)), edit);
}

export function readLimineConf(path: string, text: string): string {
  return readLineValues(linuxCmdlines(text, syntaxOf(path)));
}

/** How many Linux entries carry a command line: none means there is nothing dgpu can edit in the file. */
export function limineLinuxCmdlineCount(path: string, text: string): number {
  return linuxCmdlines(text, syntaxOf(path)).length;
}
