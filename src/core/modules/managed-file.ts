// Files dgpu owns outright carry this first line (second after a script's `#!` line); a file without it
// belongs to the user and is never overwritten silently ("a bootloader or initramfs generator it
// does not recognise: never write blind").

export const MANAGED_HEADER = '# Managed by dgpu - do not edit; `dgpu rollback` restores the previous state.';

const MARK = /^# Managed by dgpu\b/;

/** Whether the file was written by dgpu: its first line (after a `#!` line) is the managed header. */
export function isDgpuOwned(text: string): boolean {
  const [first = '', second = ''] = text.split('\n', 2);
  return MARK.test(first) || (first.startsWith('#!') && MARK.test(second));
}
