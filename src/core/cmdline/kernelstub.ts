// kernelstub (Pop!_OS): `/etc/kernelstub/configuration` is JSON; kernelstub writes the systemd-boot entry from
// `user.kernel_options`, an array of parameters it joins with spaces (kernelstub/config.py). The editor rewrites
// that array only, in the layout it had (one element per line with its indentation, or inline), and leaves every
// other byte alone; the `default` section is kernelstub's own and is not touched.
// Decision: elements are edited as one command line, so an element holding several parameters ("quiet splash")
// is split into one per element when, and only when, the edit changes the array.

import { editCmdline, tokenizeCmdline, type CmdlineEdit } from './cmdline.js';
import { EditError } from '../errors.js';
import { jsonSpans, type JsonSpan } from './json-span.js';

interface Located {
  options: string[];
  span: JsonSpan;
}

function locate(text: string): Located {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new EditError(`kernelstub configuration is not valid JSON: ${(e as Error).message}`, 'fix /etc/kernelstub/configuration, or run kernelstub once to rewrite it');
  }
  const options = (doc as { user?: { kernel_options?: unknown } } | null)?.user?.kernel_options;
  if (!Array.isArray(options) || !options.every((o) => typeof o === 'string')) {
    throw new EditError('kernelstub configuration has no user.kernel_options list of strings', 'run `kernelstub -a PARAM` by hand instead');
  }
  const span = jsonSpans(text).members?.get('user')?.members?.get('kernel_options');
  if (!span) throw new EditError('kernelstub configuration: could not find user.kernel_options in the text');
  return { options, span };
}

export function readKernelstubOptions(text: string): string[] {
  return locate(text).options;
}

export function editKernelstub(text: string, edit: CmdlineEdit): string {
  const { options, span } = locate(text);
  const line = options.join(' ');
  const edited = editCmdline(line, edit);
  if (edited === line) return text;
  const items = tokenizeCmdline(edited).map((t) => JSON.stringify(t.raw));
  return text.slice(0, span.start) + renderArray(text, span, items) + text.slice(span.end);
}

/** The array in the layout the original used; one that was empty gets one element per line, one level deeper. */
function renderArray(text: string, span: JsonSpan, items: string[]): string {
  if (items.length === 0) return '[]';
  const lineStart = text.lastIndexOf('\n', span.start - 1) + 1;
  const keyIndent = /^[ \t]*/.exec(text.slice(lineStart))![0];
  const old = text.slice(span.start, span.end);
  const multi = /^\[\s*\n([ \t]*)/.exec(old);
  const closing = /\n([ \t]*)\]$/.exec(old)?.[1] ?? keyIndent;
  const first = span.items?.[0];
  if (first && !multi) {
    const sep = /,(\s*)/.exec(text.slice(first.end, span.end))?.[1] ?? ' ';
    return `[${items.join(`,${sep}`)}]`;
  }
  const unit = /\n([ \t]+)/.exec(text)?.[1] ?? '  ';
  const indent = multi?.[1] ?? closing + unit;
  return `[\n${items.map((it) => indent + it).join(',\n')}\n${closing}]`;
}

/**
 * The alternative to editing the file: `kernelstub --delete-options ... --add-options ...`, which updates the
 * configuration and the loader entry in one go (kernelstub(1)). kernelstub deletes options by their exact text,
 * so the argv is computed from the current `user.kernel_options`; null when the edit changes nothing.
 */
export function kernelstubArgv(text: string, edit: CmdlineEdit): string[] | null {
  const before = readKernelstubOptions(text);
  const after = readKernelstubOptions(editKernelstub(text, edit));
  const remove = before.filter((o) => !after.includes(o));
  const add = after.filter((o) => !before.includes(o));
  if (remove.length === 0 && add.length === 0) return null;
  const argv = ['kernelstub'];
  if (remove.length > 0) argv.push('--delete-options', remove.join(' '));
  if (add.length > 0) argv.push('--add-options', add.join(' '));
  return argv;
}
