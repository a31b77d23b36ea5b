// grubby (Fedora, RHEL and derivatives with BLS entries): the supported way to change the command line of the
// installed kernels is `grubby --update-kernel=ALL --args=... --remove-args=...` (grubby(8)); new kernels take
// theirs from GRUB_CMDLINE_LINUX in /etc/default/grub, which is edited too (editGrubDefault with
// 'GRUB_CMDLINE_LINUX', the variable Fedora's file uses).
//
// grubby compares argument names literally, not with the kernel's `-` ≡ `_` rule, so a key being set or removed
// is also removed in its other spellings (`vfio_pci.ids` when setting `vfio-pci.ids`).

import { formatParam, normalizeKey, type CmdlineEdit } from './cmdline.js';

/** The spellings of a key grubby would see as different: all-underscore, all-dash, and as written. */
export function keySpellings(key: string): string[] {
  return [...new Set([key, normalizeKey(key), key.replaceAll('_', '-')])];
}

/** The grubby argv for `edit` on every installed kernel; null when the edit sets and removes nothing. */
export function grubbyArgv(edit: CmdlineEdit): string[] | null {
  const args = edit.set.map((s) => formatParam(s.key, s.value));
  const remove = [
    ...edit.remove.flatMap((r) => {
      const eq = r.indexOf('=');
      return eq < 0 ? keySpellings(r) : keySpellings(r.slice(0, eq)).map((k) => k + r.slice(eq));
    }),
    ...edit.set.filter((s) => s.mode !== 'add').flatMap((s) => keySpellings(s.key).filter((k) => k !== s.key)),
  ].filter((r) => !edit.set.some((s) => s.key === r || formatParam(s.key, s.value) === r));
  if (args.length === 0 && remove.length === 0) return null;
  const argv = ['grubby', '--update-kernel=ALL'];
  if (args.length > 0) argv.push(`--args=${args.join(' ')}`);
  if (remove.length > 0) argv.push(`--remove-args=${[...new Set(remove)].join(' ')}`);
  return argv;
}
