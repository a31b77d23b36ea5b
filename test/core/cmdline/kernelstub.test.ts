import { describe, expect, it } from 'vitest';
import type { CmdlineEdit } from '../../../src/core/cmdline/cmdline.js';
import { EditError } from '../../../src/core/errors.js';
import { editKernelstub, kernelstubArgv, readKernelstubOptions } from '../../../src/core/cmdline/kernelstub.js';
import { configFixtures, DGPU, UNDO } from '../../support/config-fixtures.js';

describe.each(configFixtures('kernelstub-'))('%s', (_, text) => {
  const after = editKernelstub(text, DGPU);

  it('appends to user.kernel_options in the file layout and changes nothing else', () => {
    expect(readKernelstubOptions(after)).toEqual([
      ...readKernelstubOptions(text),
      'vfio-pci.ids=10de:1b81,10de:10f0',
      'intel_iommu=on',
      'iommu=pt',
      'video=efifb:off',
    ]);
    const { kernel_options: _a, ...restAfter } = (JSON.parse(after) as { user: Record<string, unknown> }).user;
    const { kernel_options: _b, ...restBefore } = (JSON.parse(text) as { user: Record<string, unknown> }).user;
    expect(restAfter).toEqual(restBefore);
    // one element per line, at the indentation the file's elements use
    expect(after).toContain('      "systemd.show_status=true",\n      "vfio-pci.ids=10de:1b81,10de:10f0",\n');
    // and everything after the array is the original text
    expect(after.slice(after.indexOf('"video=efifb:off"') + '"video=efifb:off"'.length)).toBe(text.slice(text.indexOf('"systemd.show_status=true"') + '"systemd.show_status=true"'.length));
  });

  it('is idempotent and gives back the original byte for byte', () => {
    expect(editKernelstub(after, DGPU)).toBe(after);
    expect(editKernelstub(after, UNDO)).toBe(text);
  });

  it('has an argv alternative that names exact options', () => {
    expect(kernelstubArgv(text, DGPU)).toEqual(['kernelstub', '--add-options', 'vfio-pci.ids=10de:1b81,10de:10f0 intel_iommu=on iommu=pt video=efifb:off']);
    expect(kernelstubArgv(after, DGPU)).toBeNull();
    expect(kernelstubArgv(after, UNDO)).toEqual(['kernelstub', '--delete-options', 'vfio-pci.ids=10de:1b81,10de:10f0 intel_iommu=on iommu=pt video=efifb:off']);
  });
});

describe('editKernelstub', () => {
  const edit: CmdlineEdit = { set: [{ key: 'vfio-pci.ids', value: '1:2' }], remove: ['quiet'] };
  it.each([
    ['{"user": {"kernel_options": ["quiet", "splash"]}}', '{"user": {"kernel_options": ["splash", "vfio-pci.ids=1:2"]}}'],
    ['{\n\t"user": {\n\t\t"kernel_options": []\n\t}\n}', '{\n\t"user": {\n\t\t"kernel_options": [\n\t\t\t"vfio-pci.ids=1:2"\n\t\t]\n\t}\n}'],
    // the default section is kernelstub's own; only user is edited
    ['{"default": {"kernel_options": ["quiet"]}, "user": {"kernel_options": ["vfio_pci.ids=0:0"]}}\n', '{"default": {"kernel_options": ["quiet"]}, "user": {"kernel_options": ["vfio-pci.ids=1:2"]}}\n'],
  ])('%j', (input, expected) => {
    expect(editKernelstub(input, edit)).toBe(expected);
    expect(editKernelstub(expected, edit)).toBe(expected);
  });

  it.each([
    ['a JSON syntax error', '{"user": {"kernel_options": ["quiet",]}}'],
    ['no user section', '{"default": {"kernel_options": []}}'],
    ['options not a list of strings', '{"user": {"kernel_options": "quiet"}}'],
  ])('refuses %s', (_, input) => {
    expect(() => editKernelstub(input, DGPU)).toThrow(EditError);
  });
});
