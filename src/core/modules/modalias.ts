// Which kernel modules would bind a PCI function: its sysfs `modalias` matched against the `alias pci:...`
// lines of `/lib/modules/<release>/modules.alias` (written by depmod from each module's MODULE_DEVICE_TABLE,
// see scripts/mod/file2alias.c). These are the drivers that need `softdep <driver> pre: vfio-pci` (issue 3):
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
    if (text.startsWith('alias pci:', start)) {
      const fields = text.slice(start, end).trim().split(/\s+/);
      if (fields.length === 3) {
        const pattern = fields[1]!;
        out.push({ pattern, module: normalizeModuleName(fields[2]!), prefix: literalPrefix(pattern) });
      }
    }
    start = end + 1;
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
