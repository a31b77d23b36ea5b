// SYSLINUX / EXTLINUX / ISOLINUX configuration (syslinux.cfg, extlinux.conf; the Syslinux wiki, "Config"):
// keywords are case-insensitive, `LABEL name` starts an entry, `LINUX file` (or `KERNEL file` whose type is a
// Linux image) is what it boots, and `APPEND options` is the whole command line handed to it, to the end of the
// line. An `APPEND` before the first `LABEL` is the default for labels that have none. Unraid's flash drive boots
// this way (/boot/syslinux/syslinux.cfg: `kernel /bzimage`, `append initrd=/bzroot`).
// Edited: the `APPEND` lines of the Linux labels, and the global one when a Linux label relies on it. Labels that
// boot a COM32 module (`KERNEL menu.c32`, `COM32 ...`), `LOCALBOOT`, or memtest keep their lines.

import type { CmdlineEdit } from './cmdline.js';
import { editLineValues, readLineValues, type LineValue } from './line-values.js';

const KEYWORD = /^([ \t]*)([A-Za-z0-9_]+)([ \t]+|$)(.*)$/;

/** Images SYSLINUX does not boot as a Linux kernel (by extension, per the wiki's KERNEL file types), and memtest. */
const NOT_LINUX = /(\.(c32|com|cbt|bin|bs|bss|0|img)$|memtest)/i;

interface Label {
  linux: boolean;
  append: LineValue[];
}

function appendValue(index: number, m: RegExpExecArray): LineValue {
  return { index, head: m[1]! + m[2]! + (m[3] === '' ? ' ' : m[3]!), value: m[4]!, tail: '' };
}

function linuxAppends(text: string): LineValue[] {
  const labels: Label[] = [];
  const globalAppend: LineValue[] = [];
  text.split('\n').forEach((line, index) => {
    if (line.trimStart().startsWith('#')) return;
    const m = KEYWORD.exec(line);
    if (!m) return;
    const key = m[2]!.toUpperCase();
    const label = labels[labels.length - 1];
    if (key === 'LABEL') labels.push({ linux: false, append: [] });
    else if ((key === 'LINUX' || key === 'KERNEL') && label) label.linux = !NOT_LINUX.test(m[4]!.trim());
    else if (key === 'APPEND') (label ? label.append : globalAppend).push(appendValue(index, m));
  });
  const linux = labels.filter((l) => l.linux);
  const inherits = linux.some((l) => l.append.length === 0);
  return [...(inherits ? globalAppend : []), ...linux.flatMap((l) => l.append)].sort((a, b) => a.index - b.index);
}

export function editSyslinuxCfg(text: string, edit: CmdlineEdit): string {
  return editLineValues(text, linuxAppends(text), edit);
}

export function readSyslinuxCfg(text: string): string {
  return readLineValues(linuxAppends(text));
}

export function syslinuxLinuxAppendCount(text: string): number {
  return linuxAppends(text).length;
}
