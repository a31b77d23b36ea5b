// Limine's configuration (limine-bootloader/limine CONFIG.md). Version 8 and later read `limine.conf`: an entry
// is a line starting with `/` (`//` a sub-entry), its keys are `key: value` lines, and a Linux entry
// (`protocol: linux`) takes its command line from `cmdline:` (alias `kernel_cmdline:`). Before version 8 the file
// was `limine.cfg`: entries start with `:`, keys are `KEY=VALUE`, and the command line is `CMDLINE=` (alias
// `KERNEL_CMDLINE=`). In both the value runs to the end of the line, spaces and `=` included, unquoted.
// The syntax is told from the entries themselves (a file named limine.conf in the old syntax exists in the wild),
// the file name deciding only when there is no entry.
// Each command line line of a Linux entry is edited on its own: `protocol: linux`, and `protocol: efi` (or the
// older `efi_chainload`) entries that carry a `cmdline:`, which Limine hands to the EFI program as its load
// options: a unified kernel image or an EFI-stub kernel (limine-entry-tool writes UKI entries this way).
// Other protocols (limine, multiboot: not Linux) and every other line stay as they are.

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

/** The syntax of the first entry line; without entries, `limine.cfg` is the pre-8 syntax. */
function syntaxOf(path: string, text: string): Syntax {
  for (const line of text.split('\n')) {
    if (line.trimStart().startsWith('#')) continue;
    if (V8.entry.test(line)) return V8;
    if (LEGACY.entry.test(line)) return LEGACY;
  }
  return path.endsWith('.cfg') ? LEGACY : V8;
}

const LINUX_PROTOCOLS = new Set(['linux', 'efi', 'efi_chainload']);

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
    if (p) entry.linux = LINUX_PROTOCOLS.has(p[1]!.toLowerCase());
    const c = syntax.cmdline.exec(line);
    if (c) entry.lines.push({ index, head: c[1]!, value: c[2]!, tail: '' });
  });
  close();
  return found;
}

export function editLimineConf(path: string, text: string, edit: CmdlineEdit): string {
  return editLineValues(text, linuxCmdlines(text, syntaxOf(path, text)), edit);
}

export function readLimineConf(path: string, text: string): string {
  return readLineValues(linuxCmdlines(text, syntaxOf(path, text)));
}

/** How many Linux entries carry a command line: none means there is nothing dgpu can edit in the file. */
export function limineLinuxCmdlineCount(path: string, text: string): number {
  return linuxCmdlines(text, syntaxOf(path, text)).length;
}
