// Reading other modprobe.d files (user's own, distro's) for settings that compete with dgpu's vfio.conf.
// Line syntax as libkmod-config.c parses it: a trailing `\` continues the line, `#` at the start comments it,
// words split on blanks; module names compare with `-` and `_` as the same.
import { isDgpuOwned } from './managed-file.js';
import { normalizeModuleName } from './modalias.js';

export interface ModprobeLine {
  /** 1-based number of the line where the logical line starts. */
  line: number;
  /** The logical line, continuations joined. */
  text: string;
  words: string[];
}

export function modprobeLines(text: string): ModprobeLine[] {
  const out: ModprobeLine[] = [];
  const raw = text.split('\n');
  for (let i = 0; i < raw.length; i++) {
    const start = i;
    let joined = raw[i]!;
    while (joined.endsWith('\\') && i + 1 < raw.length) joined = joined.slice(0, -1) + raw[++i]!;
    const trimmed = joined.trim();
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    out.push({ line: start + 1, text: joined, words: trimmed.split(/[ \t]+/) });
  }
  return out;
}

export interface VfioConflict {
  path: string;
  line: number;
  text: string;
  /** `ids`: an `options vfio-pci ids=` list that also claims devices; `install`: a competing install hook. */
  kind: 'ids' | 'install';
  /** The ids it claims (kind `ids`), lowercase. */
  ids: string[];
}

/**
 * `options vfio-pci ids=` / `options vfio_pci ids=` and `install vfio-pci` lines in files dgpu does not
 * own. kmod adds the options of every file together (modprobe.d(5)), so a stale list keeps claiming its
 * devices next to ours, and only one install command per module takes effect: the planner warns on both.
 */
export function findVfioConflicts(files: ReadonlyArray<{ path: string; text: string }>): VfioConflict[] {
  const out: VfioConflict[] = [];
  for (const f of files) {
    if (isDgpuOwned(f.text)) continue;
    for (const l of modprobeLines(f.text)) {
      const [cmd, mod, ...rest] = l.words;
      if (mod === undefined || normalizeModuleName(mod) !== 'vfio_pci') continue;
      const base = { path: f.path, line: l.line, text: l.text };
      if (cmd === 'install') out.push({ ...base, kind: 'install', ids: [] });
      if (cmd !== 'options') continue;
      const ids = rest.find((w) => w.startsWith('ids='));
      if (ids !== undefined) out.push({ ...base, kind: 'ids', ids: splitIds(ids.slice(4)) });
    }
  }
  return out;
}

/** The ids every `options vfio-pci ids=` line of a file claims, in order, lower-case (dgpu's own files too). */
export function vfioOptionIds(text: string): string[] {
  return modprobeLines(text).flatMap((l) => {
    const [cmd, mod, ...rest] = l.words;
    const ids = rest.find((w) => w.startsWith('ids='));
    return cmd === 'options' && mod !== undefined && normalizeModuleName(mod) === 'vfio_pci' && ids !== undefined ? splitIds(ids.slice(4)) : [];
  });
}

function splitIds(value: string): string[] {
  return value
    .replace(/^"(.*)"$/, '$1')
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter((s) => s !== '');
}
