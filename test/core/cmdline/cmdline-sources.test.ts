import { describe, expect, it } from 'vitest';
import { cmdlineParams, editCmdline } from '../../../src/core/cmdline/cmdline.js';
import { CMDLINE_SOURCES, type CmdlineSourceKind } from '../../../src/core/cmdline/cmdline-sources.js';
import { configFixtures, DGPU, UNDO } from '../../support/config-fixtures.js';

const KINDS: Array<[string, CmdlineSourceKind]> = [
  ['grub-', 'grub-default'],
  ['systemd-boot-entry-', 'boot-entry'],
  ['kernel-cmdline-', 'kernel-cmdline'],
  ['kernelstub-', 'kernelstub'],
];

describe.each(KINDS.flatMap(([prefix, kind]) => configFixtures(prefix).map(([name, text]) => [name, kind, text] as const)))(
  '%s as %s',
  (_, kind, text) => {
    const source = CMDLINE_SOURCES[kind];
    it('the file then holds the edited command line, and editing again is a no-op', () => {
      const after = source.edit(text, DGPU);
      expect(cmdlineParams(source.read(after))).toEqual(cmdlineParams(editCmdline(source.read(text), DGPU)));
      expect(source.edit(after, DGPU)).toBe(after);
      const undone = source.edit(after, UNDO);
      expect(cmdlineParams(source.read(undone))).toEqual(cmdlineParams(editCmdline(source.read(text), UNDO)));
    });
  },
);
