// `/etc/kernel/cmdline`: the command line kernel-install (90-loaderentry.install, 60-ukify.install) and
// mkinitcpio/ukify put into new boot entries and unified kernel images. kernel-install reads the whole file and
// turns every run of whitespace, newlines included, into one space (`tr -s "$IFS" ' '` in 90-loaderentry.install),
// so a multi-line file is one command line and is edited as one: new parameters go after the last one (on the
// last line), removed ones take their separator with them, and every other byte stays.
//
// When the file is absent kernel-install falls back to /proc/cmdline; the planner must then seed the new file
// from the running command line (minus BOOT_IMAGE= and initrd=), not from an empty string.

import { editCmdline, cmdlineParams, type CmdlineEdit, type CmdlineParam } from './cmdline.js';

export function readKernelCmdlineFile(text: string): CmdlineParam[] {
  return cmdlineParams(text);
}

export function editKernelCmdlineFile(text: string, edit: CmdlineEdit): string {
  return editCmdline(text, edit);
}
