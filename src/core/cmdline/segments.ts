// A kernel command line written as several pieces that the boot loader (or its generator) joins in order:
// systemd-boot's `options` lines (Boot Loader Specification: "all specified parameters are combined in the order
// they are listed"), or limine-entry-tool's `KERNEL_CMDLINE[default]+=` lines. The pieces are edited as their
// concatenation: a parameter `set` replaces its first occurrence in whichever piece holds it (later duplicates, in
// any piece, are dropped); a new one goes into the LAST piece, where appending to the joined line would put it;
// `remove` applies to every piece.

import { cmdlineParams, editCmdline, sameKey, type CmdlineEdit, type CmdlineSet } from './cmdline.js';

function matches(value: string, s: CmdlineSet): boolean {
  return cmdlineParams(value).some((p) => sameKey(p.key, s.key) && (s.mode !== 'add' || p.value === s.value));
}

/** What stripping `s` from a piece that does not own it means: the key, or the exact key=value for mode 'add'. */
function stripSpec(s: CmdlineSet): string {
  return s.mode === 'add' && s.value !== undefined ? `${s.key}=${s.value}` : s.key;
}

/** The pieces after `edit`, one for one; a piece is returned unchanged (the same string) when the edit leaves it. */
export function editSegments(values: readonly string[], edit: CmdlineEdit): string[] {
  if (values.length === 0) return [];
  const owners = edit.set.map((s) => {
    const i = values.findIndex((v) => matches(v, s));
    return i < 0 ? values.length - 1 : i;
  });
  return values.map((value, n) =>
    editCmdline(value, {
      set: edit.set.filter((_, k) => owners[k] === n),
      remove: [...edit.remove, ...edit.set.filter((_, k) => owners[k] !== n).map(stripSpec)],
    }),
  );
}
