// Which kernel modules would bind a PCI function: its sysfs `modalias` matched against the `alias pci:...`
// lines of `/lib/modules/<release>/modules.alias` (written by depmod from each module's MODULE_DEVICE_TABLE,
// see scripts/mod/file2alias.c). These are the drivers that need `softdep <driver> pre: vfio-pci`:
// computed from the kernel's own table rather than a guessed list.
import { fnmatch, literalPrefix } from './fnmatch.js';

export interface ModuleAlias {
  /** fnmatch glob, e.g. `pci:v00001002d*sv*sd*bc03sc00i00*`. */
  pattern: string;
  /** Module name as depmod writes it (underscores). */
  module: string;
  /** Text before the first wildcard, to reject most lines without running the glob. */
  prefix: string;
}

/**
 * Modules that never count as competitors: vfio-pci is the driver we bind to, and pci-stub's table is
 * `pci:v*d*sv*sd*bc*sc*i*` (it matches everything but binds only ids given as a parameter).
 */
const NOT_COMPETITORS = new Set(['vfio_pci', 'pci_stub']);

/** The `alias pci:* module` lines of a modules.alias text; every other line (usb, acpi, of, ...) is skipped. */
export function parseModulesAlias(text: string): ModuleAlias[] {
  const out: ModuleAlias[] = [];
  let start = 0;
  while (start < text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    // `alias pci:` tested in place before splitting: a real file has ~30k lines, ~1/3 of them pci.
    if (text.startsWith('alias pci:', start)) pushAlias(out, text, start, end);
    start = end + 1;
  }
  return out;
}

function pushAlias(out: ModuleAlias[], text: string, start: number, end: number): void {
  const fields = text.slice(start, end).trim().split(/\s+/);
  if (fields.length === 3) {
    const pattern = fields[1]!;
    out.push({ pattern, module: normalizeModuleName(fields[2]!), prefix: literalPrefix(pattern) });
  }
}

/** The vendor field of a sysfs pci modalias (`pci:v00001002d...` → `00001002`). */
const VENDOR = /^pci:v([0-9A-F]{8})/;

/**
 * The `alias pci:` lines that can match one of `modaliases` (sysfs form), as parseModulesAlias gives them: a
 * glob matches only where its text before the first special character is a prefix of the modalias, and in a
 * pci alias the vendor field comes first. So one regular-expression pass picks the lines whose vendor field
 * is a modalias's, or a special character follows a prefix of one (`pci:v*`, `pci:v0000100?`); the others are
 * never split. A kernel's modules.alias holds ~10,000 pci lines (1.8 MB for 5.6); the plan asks about a
 * handful of ids.
 */
export function parseModulesAliasFor(text: string, modaliases: readonly string[]): ModuleAlias[] {
  const vendors = [...new Set(modaliases.map((m) => VENDOR.exec(m)?.[1] ?? null))];
  if (vendors.includes(null)) return parseModulesAlias(text); // not a pci modalias: no shortcut
  const fields = new Set<string>();
  for (const v of vendors) {
    fields.add(v!);
    for (let i = 0; i < v!.length; i++) fields.add(`${v!.slice(0, i)}[*?[\\\\]`);
  }
  const out: ModuleAlias[] = [];
  for (const m of text.matchAll(new RegExp(`^alias pci:v(?:${[...fields].join('|')})`, 'gm'))) {
    const end = text.indexOf('\n', m.index);
    pushAlias(out, text, m.index, end < 0 ? text.length : end);
  }
  return out;
}

/**
 * The modules whose alias matches `modalias` (sysfs form, e.g.
 * `pci:v00001002d000073BFsv00001DA2sd0000E445bc03sc00i00`), in the order of the alias file, without
 * duplicates and without vfio_pci and pci_stub. Matching is fnmatch(3), case-sensitive, as kmod does.
 */
export function driversFor(aliases: readonly ModuleAlias[], modalias: string): string[] {
  const seen = new Set<string>();
  for (const a of aliases) {
    if (!modalias.startsWith(a.prefix) || seen.has(a.module) || NOT_COMPETITORS.has(a.module)) continue;
    if (fnmatch(a.pattern, modalias)) seen.add(a.module);
  }
  return [...seen];
}

/** `snd-hda-intel` → `snd_hda_intel`: kmod treats `-` and `_` in module names as the same. */
export function normalizeModuleName(name: string): string {
  return name.replace(/-/g, '_');
}
