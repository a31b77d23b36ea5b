import { describe, expect, it } from 'vitest';
import { cmdlineParams, editCmdline, type CmdlineEdit } from '../../../src/core/cmdline/cmdline.js';
import { editBootEntry, readBootEntryOptions } from '../../../src/core/cmdline/boot-entry.js';
import { editKernelCmdlineFile, readKernelCmdlineFile } from '../../../src/core/cmdline/kernel-cmdline-file.js';
import { changedLines, configFixtures, DGPU, lacksDgpu, UNDO } from '../../support/config-fixtures.js';

const ADD_IDS: CmdlineEdit = { set: [{ key: 'vfio-pci.ids', value: '1002:73ff,1002:ab28' }], remove: [] };
const DROP_IDS: CmdlineEdit = { set: [], remove: ['vfio_pci.ids'] };

describe.each(configFixtures('systemd-boot-entry-'))('%s', (_, text) => {
  const after = editBootEntry(text, DGPU);
  const optionsIndex = text.split('\n').findIndex((l) => /^options\s/.test(l));

  it('edits the options line only, keeping its separator, and the command line is the edited one', () => {
    expect(changedLines(text, after)).toEqual([optionsIndex]);
    const sep = /^options(\s+)/.exec(text.split('\n')[optionsIndex]!)![1];
    expect(after.split('\n')[optionsIndex]!.startsWith(`options${sep}`)).toBe(true);
    expect(readBootEntryOptions(after)).toBe(editCmdline(readBootEntryOptions(text), DGPU));
    expect(after.endsWith('\n')).toBe(text.endsWith('\n'));
  });

  it('is idempotent and reversible', () => {
    expect(editBootEntry(after, DGPU)).toBe(after);
    expect(editBootEntry(editBootEntry(text, ADD_IDS), DROP_IDS)).toBe(
      // entry 05 already has vfio-pci.ids: replaced, then removed
      cmdlineParams(readBootEntryOptions(text)).some((p) => p.key === 'vfio-pci.ids') ? editBootEntry(text, DROP_IDS) : text,
    );
    if (lacksDgpu(readBootEntryOptions(text))) expect(editBootEntry(after, UNDO)).toBe(text);
  });
});

describe('editBootEntry', () => {
  const edit: CmdlineEdit = { set: [{ key: 'vfio-pci.ids', value: '1:2' }, { key: 'iommu', value: 'pt', mode: 'add' }], remove: ['rd.driver.pre'] };
  it.each([
    // several options lines: replaced where it stands, duplicates on later lines dropped, new ones on the last line
    [
      'title A\noptions root=/x vfio_pci.ids=9:9\noptions\trd.driver.pre=vfio-pci quiet vfio-pci.ids=8:8\n',
      'title A\noptions root=/x vfio-pci.ids=1:2\noptions\tquiet iommu=pt\n',
    ],
    // no options line: one is added after the last key line, with the entry's separator
    ['title\t\tA\nlinux\t\t/vmlinuz\ninitrd\t\t/initrd\n\n# note\n', 'title\t\tA\nlinux\t\t/vmlinuz\ninitrd\t\t/initrd\noptions\t\tvfio-pci.ids=1:2 iommu=pt\n\n# note\n'],
    ['linux /vmlinuz', 'linux /vmlinuz\noptions vfio-pci.ids=1:2 iommu=pt'],
    // a `# x` inside the value is command line, not a comment (the value runs to the end of the line)
    ['options quiet # x\n', 'options quiet # x vfio-pci.ids=1:2 iommu=pt\n'],
  ])('%j', (input, expected) => {
    expect(editBootEntry(input, edit)).toBe(expected);
    expect(editBootEntry(expected, edit)).toBe(expected);
  });

  it('an options line it added goes away again on removal', () => {
    const input = 'title A\nlinux /vmlinuz\n';
    expect(editBootEntry(editBootEntry(input, DGPU), UNDO)).toBe(input);
  });
});

describe.each(configFixtures('kernel-cmdline-'))('/etc/kernel/cmdline %s', (_, text) => {
  const after = editKernelCmdlineFile(text, DGPU);

  it('appends on the last line and keeps the line structure and final newline', () => {
    const lines = text.split('\n');
    const last = lines.length - (text.endsWith('\n') ? 2 : 1);
    expect(changedLines(text, after)).toEqual([last]);
    expect(after.endsWith('\n')).toBe(text.endsWith('\n'));
    const params = readKernelCmdlineFile(after).map((p) => `${p.key}=${p.value}`);
    expect(params).toEqual(expect.arrayContaining(['vfio-pci.ids=10de:1b81,10de:10f0', 'intel_iommu=on', 'iommu=pt', 'video=efifb:off']));
  });

  it('is idempotent and reversible', () => {
    expect(editKernelCmdlineFile(after, DGPU)).toBe(after);
    expect(editKernelCmdlineFile(editKernelCmdlineFile(text, ADD_IDS), DROP_IDS)).toBe(text);
    if (lacksDgpu(text)) expect(editKernelCmdlineFile(after, UNDO)).toBe(text);
  });
});
