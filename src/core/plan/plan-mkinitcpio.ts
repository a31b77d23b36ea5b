// mkinitcpio's part of the plan: the vfio modules first in the MODULES that takes effect, modconf (and, for
// per-address binding, dgpu's early hook) in the HOOKS that takes effect — each edited in the file whose
// assignment wins once the drop-ins are read (mkinitcpio-conf.ts, effectiveAssignment).
import { filesIn, type ConfigFiles } from './config-files.js';
import { EnvironmentError } from '../errors.js';
import { EARLY_HOOK } from '../modules/early-bind-files.js';
import { editHooks, editModules, effectiveAssignment, MKINITCPIO_CONF_PATH, usesSystemdInit } from '../modules/mkinitcpio-conf.js';
import type { FileChange } from './plan.js';
import { sortByVersionName } from '../modules/version-sort.js';

export const MKINITCPIO_DROPIN_DIR = '/etc/mkinitcpio.conf.d';

/** `earlyHook`: the plan binds by address, so dgpu's runtime hook must run. */
export function planMkinitcpio(files: ConfigFiles, release: string | null, earlyHook: boolean): FileChange[] {
  const chain = [
    { path: MKINITCPIO_CONF_PATH, text: files[MKINITCPIO_CONF_PATH] ?? '' },
    ...sortByVersionName(filesIn(files, MKINITCPIO_DROPIN_DIR, '.conf')),
  ];
  const texts = new Map(chain.map((f) => [f.path, f.text]));
  const notes = new Map<string, string[]>();
  const modulesAt = effectiveAssignment(chain, 'MODULES') ?? MKINITCPIO_CONF_PATH;
  const hooksAt = effectiveAssignment(chain, 'HOOKS') ?? MKINITCPIO_CONF_PATH;
  const m = editModules(texts.get(modulesAt)!, release, modulesAt);
  texts.set(modulesAt, m.text);
  notes.set(modulesAt, [`vfio modules first in MODULES (mkinitcpio${modulesAt === MKINITCPIO_CONF_PATH ? '' : `: this drop-in's MODULES= replaces the main file's`})`, ...m.notes]);
  if (earlyHook && usesSystemdInit(texts.get(hooksAt)!, hooksAt)) {
    throw new EnvironmentError(
      `${hooksAt}: HOOKS uses the systemd hook, and a systemd-based image runs no runtime hooks (mkinitcpio(8)), so dgpu cannot bind the guest functions by address early`,
      'use the busybox hooks (base udev instead of systemd) in HOOKS, or set driver_override for the guest functions yourself, then run dgpu again',
    );
  }
  const h = editHooks(texts.get(hooksAt)!, hooksAt, earlyHook);
  texts.set(hooksAt, h.text);
  const hookNotes = [...(earlyHook ? [`the ${EARLY_HOOK} hook binds the guest functions by address before udev`] : []), ...h.notes];
  notes.set(hooksAt, [...(notes.get(hooksAt) ?? ['HOOKS (mkinitcpio)']), ...hookNotes]);
  return chain.flatMap((f) => {
    const after = texts.get(f.path)!;
    const before = files[f.path] ?? null;
    if (after === (before ?? '')) return [];
    return [{ path: f.path, before, after, reason: notes.get(f.path)!.join('; ') }];
  });
}
