// Files dgpu owns outright carry this first line; a file without it belongs to the user and is never
// overwritten silently (issue 3: "a bootloader or initramfs generator it does not recognise: never write blind").

export const MANAGED_HEADER = '# Managed by dgpu - do not edit; `dgpu rollback` restores the previous state.';

const MARK = /^# Managed by dgpu\b/;

/** Whether the file was written by dgpu: its first line is the managed header. */
export function isDgpuOwned(text: string): boolean {
  const first = text.split('\n', 1)[0] ?? '';
  return MARK.test(first);
}
