// /etc/mkinitcpio.conf: the vfio modules first in MODULES, and the `modconf` hook in HOOKS (it copies
// /etc/modprobe.d into the image, so vfio.conf's softdeps act in early boot; mkinitcpio(8), HOOKS).
//
// Why the main file and not a /etc/mkinitcpio.conf.d/ drop-in (read by mkinitcpio v36 and later): the
// main file often already lists vfio modules in the wrong order or with vfio_virqfd (which breaks the
// build on kernels >= 6.2), so it must be edited anyway; a drop-in would depend on the mkinitcpio version,
// on no later drop-in resetting MODULES, and on presets not passing another config with -c. One edit of
// the line the user knows works on every version; `mkinitcpioDropInOverrides` reports drop-ins that would
// override it.
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

export const MKINITCPIO_CONF_PATH = '/etc/mkinitcpio.conf';

export interface ConfigEdit {
  text: string;
  /** One line per change beyond the vfio modules themselves, for the plan's reason. */
  notes: string[];
}

/** Strips every vfio module, puts the ones for `kernelRelease` first in MODULES, adds `modconf` if missing. */
export function editMkinitcpioConf(text: string, kernelRelease: string | null, file = MKINITCPIO_CONF_PATH): ConfigEdit {
  const notes: string[] = [];
  let out = stripMkinitcpioConf(text, file);
  const wanted = vfioModules(kernelRelease);
  const modules = findShellArray(out, 'MODULES', file);
  if (modules === null) {
    out = appendLine(out, `MODULES=(${wanted.join(' ')})`);
    notes.push('MODULES was not set: added a MODULES line');
  } else {
    out = replaceArray(out, modules, prependWords(modules.pieces, wanted));
  }
  const hooks = findShellArray(out, 'HOOKS', file);
  if (hooks === null) {
    notes.push(`HOOKS is not set in ${file}: make sure the modconf hook is in use`);
  } else if (!hookValues(hooks).includes('modconf')) {
    out = replaceArray(out, hooks, insertWordAfter(hooks.pieces, modconfPosition(hooks), 'modconf'));
    notes.push('added the modconf hook to HOOKS, so /etc/modprobe.d/vfio.conf is in the image');
  }
  return { text: out, notes };
}

/**
 * Removes the vfio modules (any of vfio_pci, vfio, vfio_iommu_type1, vfio_virqfd, dash or `?` forms) from
 * MODULES; HOOKS stay as they are (modconf is a stock hook, not dgpu's to take away).
 */
export function stripMkinitcpioConf(text: string, file = MKINITCPIO_CONF_PATH): string {
  const modules = findShellArray(text, 'MODULES', file);
  if (modules === null) return text;
  return replaceArray(text, modules, removeWords(modules.pieces, isVfioModule));
}

/**
 * Drop-ins (sourced after the main file) that assign MODULES or HOOKS outright, replacing its values;
 * `MODULES+=(...)` and `MODULES=(${MODULES[@]} ...)` extend it and are fine.
 */
export function mkinitcpioDropInOverrides(files: ReadonlyArray<{ path: string; text: string }>): Array<{ path: string; variable: string }> {
  const out: Array<{ path: string; variable: string }> = [];
  for (const f of files) {
    for (const variable of ['MODULES', 'HOOKS']) {
      const line = new RegExp(`^[ \\t]*${variable}=(.*)$`, 'm').exec(f.text);
      if (line && !line[1]!.includes(`$${variable}`) && !line[1]!.includes(`\${${variable}`)) out.push({ path: f.path, variable });
    }
  }
  return out;
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

