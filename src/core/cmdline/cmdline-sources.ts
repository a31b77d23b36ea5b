// The files a kernel command line is kept in, one editor and one reader each, for the planner: every editor is
// `(text, edit) => text`, pure, idempotent, and keeps what it does not edit byte for byte; every reader gives the
// command line (or fragment) the file contributes, for cmdlineParams. Editors throw EditError where they would
// have to guess. What to run afterwards: regenerateCommands (regenerate.ts); grubby and kernelstub also have an
// argv form (grubbyArgv, kernelstubArgv).

import { onEsp } from '../analysis/boot-detect.js';
import { editBootEntry, readBootEntryOptions } from './boot-entry.js';
import type { CmdlineEdit } from './cmdline.js';
import { editGrubDefault, grubCmdlineVariable, readGrubCmdline } from './grub-default.js';
import { editKernelCmdlineFile } from './kernel-cmdline-file.js';
import { editKernelstub, readKernelstubOptions } from './kernelstub.js';

export type CmdlineSourceKind = 'grub-default' | 'boot-entry' | 'kernel-cmdline' | 'kernelstub';

export interface CmdlineSource {
  /** Where such files live, as on the host. */
  paths: string[];
  edit: (text: string, edit: CmdlineEdit) => string;
  read: (text: string) => string;
}

export const CMDLINE_SOURCES: Record<CmdlineSourceKind, CmdlineSource> = {
  'grub-default': {
    // grub.d drop-ins are sourced after /etc/default/grub, in glob order (grub-mkconfig).
    paths: ['/etc/default/grub', '/etc/default/grub.d/*.cfg'],
    edit: (text, edit) => editGrubDefault(text, edit),
    read: (text) => readGrubCmdline(text, grubCmdlineVariable(text))?.value ?? '',
  },
  'boot-entry': {
    paths: onEsp('loader/entries/*.conf'),
    edit: editBootEntry,
    read: readBootEntryOptions,
  },
  'kernel-cmdline': {
    paths: ['/etc/kernel/cmdline'],
    edit: editKernelCmdlineFile,
    read: (text) => text,
  },
  kernelstub: {
    paths: ['/etc/kernelstub/configuration'],
    edit: editKernelstub,
    read: (text) => readKernelstubOptions(text).join(' '),
  },
};
