// The text-preserving editor of kernel command lines, over one line or over several parts the boot loader joins
// with a space in order (GRUB_CMDLINE_LINUX then GRUB_CMDLINE_LINUX_DEFAULT; a BLS entry's `options` lines).
//
// Where parameters go: one that is already present is edited where it stands, in whichever part holds it (so a
// parameter in GRUB_CMDLINE_LINUX stays there and keeps reaching the recovery entries); a new one goes
// at the end of the target part, and always before a bare `--`, after which the kernel hands everything to init
// (init/main.c start_kernel: parse_args returns `after_dashes`, which become init's arguments).
//
// Module parameters after `--`: kmod reads the whole of /proc/cmdline for `module.param=value` and does not stop
// at `--` (libkmod/libkmod-config.c, kmod_config_parse_kcmdline, kmod v29–v34), and it parses the command line
// after every modprobe.d file (kmod_config_new), so those options come last in the module's option string
// (kmod_module_get_options joins them in list order) and the last `ids=` wins when the kernel parses them. A
// `vfio-pci.ids=` after `--` therefore binds a modular vfio-pci, but not a built-in one (the kernel ignores it).
// The editor takes such an occurrence over: for a key with a module prefix (a `.` in the key), occurrences after
// `--` count as present, are merged or replaced, and are moved before `--` so that kernel and kmod agree.

import { EditError } from '../errors.js';
import {
  formatParam,
  normalizeKey,
  parseParam,
  sameKey,
  tokenizeCmdline,
  type CmdlineEdit,
  type CmdlineParam,
  type CmdlineSet,
  type CmdlineToken,
} from './cmdline-tokens.js';

interface Located extends CmdlineToken {
  part: number;
}

/** What an edit does: token index → new text, token indices dropped, texts appended (before `--`). */
interface Decision {
  replaced: Map<number, string>;
  dropped: Set<number>;
  appended: string[];
}

/** `module.param` keys: kmod applies them wherever they stand, `--` or not. */
export function moduleScoped(key: string): boolean {
  return key.includes('.');
}

/** The items of a comma-separated value, empty ones left out. */
export function listItems(value: string | undefined): string[] {
  return (value ?? '').split(',').filter((v) => v !== '');
}

/** Parses a `remove` entry: `key` or `key=value`. */
function removeSpec(entry: string): CmdlineParam {
  const eq = entry.indexOf('=');
  return eq < 0 ? { key: entry, value: undefined } : { key: entry.slice(0, eq), value: entry.slice(eq + 1) };
}

function checkEdit(edit: CmdlineEdit): void {
  const modes = new Map<string, string>();
  for (const s of edit.set) {
    formatParam(s.key, s.value);
    // a merge that only takes items out (`without`) may add none: a list left empty goes, as the kernel needs no `key=`
    const empty = (s.value ?? '') === '' && !(s.mode === 'merge' && (s.without ?? []).length > 0);
    if ((s.mode === 'merge' || s.mode === 'option') && empty) throw new EditError(`the edit gives ${s.key} no value to ${s.mode}`);
    const k = normalizeKey(s.key);
    const mode = s.mode ?? 'replace';
    const prev = modes.get(k);
    const exclusive = (m: string): boolean => m === 'replace' || m === 'merge';
    if (prev !== undefined && (exclusive(prev) || exclusive(mode))) {
      throw new EditError(`the edit sets ${s.key} twice`, 'give each replaced or merged parameter once, or use mode "add"');
    }
    modes.set(k, mode);
  }
}

class Decider {
  readonly d: Decision = { replaced: new Map(), dropped: new Set(), appended: [] };
  private readonly kept = new Set<number>();
  private readonly dash: number;

  constructor(private readonly tokens: Located[]) {
    const dash = tokens.findIndex((t) => t.raw === '--');
    this.dash = dash < 0 ? tokens.length : dash;
  }

  /** Indices of the live parameters named `key`: before `--`, and after it too for module parameters. */
  private named(key: string): number[] {
    return this.tokens.flatMap((t, i) =>
      (i < this.dash || (i > this.dash && moduleScoped(key))) && sameKey(t.key, key) && !this.d.dropped.has(i) ? [i] : [],
    );
  }

  private value(i: number): string | undefined {
    const text = this.d.replaced.get(i);
    return text === undefined ? this.tokens[i]!.value : parseParam(text).value;
  }

  private keep(hit: number, value: string | undefined, others: number[]): void {
    this.kept.add(hit);
    if (this.value(hit) !== value) this.d.replaced.set(hit, formatParam(this.tokens[hit]!.key, value));
    for (const i of others) if (i !== hit) this.d.dropped.add(i);
  }

  removeExact(entries: string[]): void {
    for (const r of entries.map(removeSpec).filter((r) => r.value !== undefined)) {
      for (const i of this.named(r.key)) if (this.tokens[i]!.value === r.value) this.d.dropped.add(i);
    }
  }

  removeKeys(entries: string[]): void {
    for (const r of entries.map(removeSpec).filter((r) => r.value === undefined)) {
      for (const i of this.named(r.key)) if (!this.kept.has(i)) this.d.dropped.add(i);
    }
  }

  set(s: CmdlineSet): void {
    const same = this.named(s.key);
    const before = same.filter((i) => i < this.dash);
    const hit = before[0];
    switch (s.mode ?? 'replace') {
      case 'add': {
        const found = before.find((i) => this.value(i) === s.value);
        if (found === undefined) this.d.appended.push(formatParam(s.key, s.value));
        else this.kept.add(found);
        return;
      }
      case 'option': {
        before.forEach((i) => this.kept.add(i));
        if (before.some((i) => listItems(this.value(i)).includes(s.value!))) return;
        const last = before.at(-1);
        if (last === undefined) this.d.appended.push(formatParam(s.key, s.value));
        else this.d.replaced.set(last, formatParam(this.tokens[last]!.key, [...listItems(this.value(last)), s.value!].join(',')));
        return;
      }
      case 'merge': {
        const items: string[] = [];
        const drop = new Set((s.without ?? []).map((x) => x.toLowerCase()));
        const held = same.flatMap((i) => listItems(this.value(i))).filter((x) => !drop.has(x.toLowerCase()));
        for (const item of [...held, ...listItems(s.value)]) {
          if (!items.some((x) => x.toLowerCase() === item.toLowerCase())) items.push(item);
        }
        const merged = items.join(',');
        if (items.length === 0) {
          same.forEach((i) => this.d.dropped.add(i));
          return;
        }
        if (hit === undefined) {
          same.forEach((i) => this.d.dropped.add(i));
          this.d.appended.push(formatParam(s.key, merged));
        } else if (same.length > 1 || listItems(this.value(hit)).join(',') !== items.join(',')) {
          this.keep(hit, merged, same);
        } else this.kept.add(hit);
        return;
      }
      case 'replace':
        if (hit === undefined) {
          same.forEach((i) => this.d.dropped.add(i));
          this.d.appended.push(formatParam(s.key, s.value));
        } else {
          this.kept.add(hit);
          if (this.value(hit) !== s.value) this.d.replaced.set(hit, formatParam(s.key, s.value));
          for (const i of same) if (i !== hit) this.d.dropped.add(i);
        }
    }
  }

  get dashIndex(): number {
    return this.dash;
  }
}

/**
 * Applies `edit` to the parts of one command line (joined by the boot loader with a space, in this order), keeping
 * every byte it does not name. New parameters go at the end of part `target` (the last by default), or before
 * `--` where a part holds one. Returns the parts, each unchanged where the edit did not touch it.
 */
export function editCmdlineParts(parts: readonly string[], edit: CmdlineEdit, target = parts.length - 1): string[] {
  checkEdit(edit);
  const perPart = parts.map((p) => tokenizeCmdline(p));
  const tokens: Located[] = perPart.flatMap((ts, part) => ts.map((t) => ({ ...t, part })));
  const bad = tokens.find((t) => t.unbalanced);
  if (bad) throw new EditError(`unbalanced quote in kernel parameter ${bad.raw}`, 'fix the quoting by hand first');
  const decider = new Decider(tokens);
  decider.removeExact(edit.remove);
  for (const s of edit.set) decider.set(s);
  decider.removeKeys(edit.remove);
  const { replaced, dropped, appended } = decider.d;
  if (replaced.size === 0 && dropped.size === 0 && appended.length === 0) return [...parts];

  const dash = decider.dashIndex < tokens.length ? decider.dashIndex : null;
  const into = dash === null ? Math.max(0, Math.min(target, parts.length - 1)) : tokens[dash]!.part;
  let offset = 0;
  return parts.map((line, part) => {
    const own = perPart[part]!;
    const base = offset;
    offset += own.length;
    const items: Item[] = [];
    const pushAppended = (): void => void items.push(...appended.map((text) => ({ text })));
    own.forEach((token, local) => {
      const g = base + local;
      if (g === dash) pushAppended();
      if (!dropped.has(g)) items.push({ text: replaced.get(g) ?? token.raw, origin: local });
    });
    if (dash === null && part === into) pushAppended();
    const touched = items.length !== own.length || items.some((it, n) => it.origin !== n || it.text !== own[n]!.raw);
    return touched ? render(line, own, items) : line;
  });
}

/** Applies `edit` to one kernel command line, keeping everything it does not name byte for byte. */
export function editCmdline(line: string, edit: CmdlineEdit): string {
  return editCmdlineParts([line], edit, 0)[0]!;
}

/** One parameter of the result; `origin` is the index of the token it stands in for (its separator is kept). */
interface Item {
  text: string;
  origin?: number;
}

/**
 * Joins the items back: the line's leading and trailing whitespace stay where they were; each kept token keeps
 * the separator that stood before it (a token that used to be first, and every new one, gets one space).
 */
function render(line: string, tokens: CmdlineToken[], items: Item[]): string {
  if (tokens.length === 0) return items.map((it) => it.text).join(' ') + line;
  const leading = line.slice(0, tokens[0]!.start);
  const trailing = line.slice(tokens[tokens.length - 1]!.end);
  const sepBefore = (i: number | undefined): string =>
    i === undefined || i === 0 ? ' ' : line.slice(tokens[i - 1]!.end, tokens[i]!.start);
  return leading + items.map((it, n) => (n === 0 ? '' : sepBefore(it.origin)) + it.text).join('') + trailing;
}
