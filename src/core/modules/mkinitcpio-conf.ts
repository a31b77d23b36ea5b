// /etc/mkinitcpio.conf: the vfio modules first in MODULES, and the `modconf` hook in HOOKS (it copies
// /etc/modprobe.d into the image, so vfio.conf's softdeps act in early boot; mkinitcpio(8), HOOKS).
//
// Which file: the one whose assignment takes effect. mkinitcpio (v36 and later) appends
// /etc/mkinitcpio.conf.d/*.conf, in `sort -V` order, to the main file and sources the result once (mkinitcpio:
// "Source additional configuration files"; mkinitcpio.conf(5): drop-ins "override the main configuration
// file"), so a later `MODULES=(...)` replaces the main file's list and `MODULES+=(...)` extends it.
// `effectiveAssignment` finds the last outright assignment; dgpu edits that line, wherever it is. Why no
// drop-in of dgpu's own: the main file often already lists vfio modules in the wrong order or with
// vfio_virqfd (which breaks the build on kernels >= 6.2), so it must be edited anyway, and mkinitcpio
// before v36 reads no drop-ins.
import {
  findShellArray,
  insertWordAfter,
  prependWords,
  removeWords,
  replaceArray,
  wordValue,
  type ShellArray,
} from './shell-array.js';
import { isVfioModule, vfioModules } from './vfio-modules.js';
import { EARLY_HOOK } from './early-bind-files.js';
import { EditError } from '../errors.js';

export const MKINITCPIO_CONF_PATH = '/etc/mkinitcpio.conf';

export interface ConfigEdit {
  text: string;
  /** One line per change beyond the vfio modules themselves, for the plan's reason. */
  notes: string[];
}

/**
 * Strips every vfio module, puts the ones for `kernelRelease` first in MODULES, adds `modconf` if missing;
 * with `earlyHook`, dgpu's per-address hook goes into HOOKS too (editHooks). MODULES and HOOKS may live in
 * different files (a drop-in that sets one outright): planMkinitcpio then calls editModules and editHooks
 * on each file.
 */
export function editMkinitcpioConf(text: string, kernelRelease: string | null, file = MKINITCPIO_CONF_PATH, earlyHook = false): ConfigEdit {
  const m = editModules(text, kernelRelease, file);
  const h = editHooks(m.text, file, earlyHook);
  return { text: h.text, notes: [...m.notes, ...h.notes] };
}

export function editModules(text: string, kernelRelease: string | null, file = MKINITCPIO_CONF_PATH): ConfigEdit {
  let out = stripModules(text, file);
  const wanted = vfioModules(kernelRelease);
  const modules = findShellArray(out, 'MODULES', file);
  if (modules !== null) return { text: replaceArray(out, modules, prependWords(modules.pieces, wanted)), notes: [] };
  out = appendLine(out, `MODULES=(${wanted.join(' ')})`);
  return { text: out, notes: ['MODULES was not set: added a MODULES line'] };
}

/**
 * HOOKS: `modconf` added when missing; dgpu's early hook (per-address binding) removed, and put back right
 * after `base` (first when there is no base) when `earlyHook`: its run_earlyhook then runs before udevd
 * starts and before the MODULES array loads (mkinitcpio(8), "About runtime hooks").
 */
export function editHooks(text: string, file: string, earlyHook: boolean): ConfigEdit {
  const notes: string[] = [];
  let out = stripHooks(text, file);
  let hooks = findShellArray(out, 'HOOKS', file);
  if (hooks === null) {
    notes.push(`HOOKS is not set in ${file}: make sure the modconf hook is in use`);
    if (earlyHook) throw new EditError(`${file}: HOOKS is not set, so dgpu cannot add its ${EARLY_HOOK} hook`, 'add a HOOKS=(...) line, then run dgpu again');
    return { text: out, notes };
  }
  if (!hookValues(hooks).includes('modconf')) {
    out = replaceArray(out, hooks, insertWordAfter(hooks.pieces, modconfPosition(hooks), 'modconf'));
    notes.push('added the modconf hook to HOOKS, so /etc/modprobe.d/vfio.conf is in the image');
    hooks = findShellArray(out, 'HOOKS', file)!;
  }
  if (earlyHook) {
    const base = hookValues(hooks).indexOf('base');
    out = replaceArray(out, hooks, insertWordAfter(hooks.pieces, base < 0 ? 0 : 2 * base + 1, EARLY_HOOK));
  }
  return { text: out, notes };
}

/** The hooks that make the image systemd-based, where runtime hooks (run_earlyhook) never run. */
export function usesSystemdInit(text: string, file: string): boolean {
  const hooks = findShellArray(text, 'HOOKS', file);
  return hooks !== null && hookValues(hooks).includes('systemd');
}

/**
 * Removes the vfio modules (any of vfio_pci, vfio, vfio_iommu_type1, vfio_virqfd, dash or `?` forms) from
 * MODULES, and dgpu's early hook from HOOKS; modconf stays (a stock hook, not dgpu's to take away).
 */
export function stripMkinitcpioConf(text: string, file = MKINITCPIO_CONF_PATH): string {
  return stripHooks(stripModules(text, file), file);
}

function stripModules(text: string, file: string): string {
  const modules = findShellArray(text, 'MODULES', file);
  if (modules === null) return text;
  return replaceArray(text, modules, removeWords(modules.pieces, isVfioModule));
}

function stripHooks(text: string, file: string): string {
  const hooks = findShellArray(text, 'HOOKS', file);
  if (hooks === null) return text;
  return replaceArray(text, hooks, removeWords(hooks.pieces, (w) => w === EARLY_HOOK));
}

/**
 * The file whose `variable=` takes effect: the last one, in the order given (main file, then drop-ins in
 * `sort -V` order), that assigns it outright. `VAR+=(...)` and `VAR=(${VAR[@]} ...)` extend the value and
 * do not count. Null when no file assigns it.
 */
export function effectiveAssignment(files: ReadonlyArray<{ path: string; text: string }>, variable: 'MODULES' | 'HOOKS'): string | null {
  let found: string | null = null;
  const line = new RegExp(`^[ \\t]*${variable}=(.*)$`, 'gm');
  for (const f of files) {
    for (const m of f.text.matchAll(line)) {
      if (!m[1]!.includes(`$${variable}`) && !m[1]!.includes(`\${${variable}`)) found = f.path;
    }
  }
  return found;
}

function hookValues(arr: ShellArray): string[] {
  return arr.pieces.filter((_p, i) => i % 2 === 1).map(wordValue);
}

/** Piece index of the hook modconf goes after: autodetect, else udev/systemd, else base; 0 = first. */
function modconfPosition(hooks: ShellArray): number {
  const values = hookValues(hooks);
  for (const after of [['autodetect'], ['udev', 'systemd'], ['base']]) {
    const i = values.findIndex((v) => after.includes(v));
    if (i >= 0) return 2 * i + 1;
  }
  return 0;
}

function appendLine(text: string, line: string): string {
  if (text === '') return line + '\n';
  return text.endsWith('\n') ? `${text}${line}\n` : `${text}\n${line}`;
}

