import { describe, expect, it } from 'vitest';
import type { CmdlineEdit } from '../../../src/core/cmdline/cmdline.js';
import type { BootloaderKind } from '../../../src/core/host.js';
import { grubbyArgv } from '../../../src/core/cmdline/grubby.js';
import { osFamily, regenerateCommands } from '../../../src/core/cmdline/regenerate.js';
import { DGPU } from '../../support/config-fixtures.js';

describe('grubbyArgv', () => {
  it('sets, removes, and removes the other spellings of what it sets', () => {
    expect(grubbyArgv(DGPU)).toEqual([
      'grubby',
      '--update-kernel=ALL',
      '--args=vfio-pci.ids=10de:1b81,10de:10f0 intel_iommu=on iommu=pt video=efifb:off',
      '--remove-args=vfio_pci.ids intel-iommu',
    ]);
  });
  it.each([
    [{ set: [], remove: ['vfio-pci.ids', 'iommu=pt'] }, ['grubby', '--update-kernel=ALL', '--remove-args=vfio-pci.ids vfio_pci.ids iommu=pt']],
    [{ set: [{ key: 'foo', value: 'a b' }], remove: [] }, ['grubby', '--update-kernel=ALL', '--args=foo="a b"']],
    [{ set: [], remove: [] }, null],
  ] as Array<[CmdlineEdit, string[] | null]>)('%j', (edit, argv) => {
    expect(grubbyArgv(edit)).toEqual(argv);
  });
});

describe('regenerateCommands', () => {
  const os = (id: string, like?: string) => ({ ID: id, ...(like ? { ID_LIKE: like } : {}) });
  it.each([
    ['grub', os('ubuntu', 'debian'), [['update-grub']]],
    ['grub', os('pop', 'ubuntu debian'), [['update-grub']]],
    ['grub', os('debian'), [['update-grub']]],
    ['grub', os('fedora'), [['grub2-mkconfig', '-o', '/boot/grub2/grub.cfg']]],
    ['grub', os('rocky', 'rhel centos fedora'), [['grub2-mkconfig', '-o', '/boot/grub2/grub.cfg']]],
    ['grub', os('opensuse-tumbleweed', 'opensuse suse'), [['grub2-mkconfig', '-o', '/boot/grub2/grub.cfg']]],
    ['grub', os('garuda', 'arch'), [['grub-mkconfig', '-o', '/boot/grub/grub.cfg']]],
    ['grub', null, [['grub-mkconfig', '-o', '/boot/grub/grub.cfg']]],
    ['systemd-boot', os('arch'), []],
    ['grubby', os('fedora'), []],
    ['kernelstub', os('pop', 'ubuntu debian'), [['kernelstub']]],
    ['kernel-install', os('fedora'), [['kernel-install', 'add-all']]],
    ['uki', os('fedora'), [['kernel-install', 'add-all']]],
    ['proxmox-boot-tool', os('debian'), [['proxmox-boot-tool', 'refresh']]],
    ['limine-entry-tool', os('cachyos', 'arch'), [['limine-update']]],
    ['limine', os('arch'), []],
    ['refind', os('ubuntu', 'debian'), []],
    ['syslinux', os('slackware'), []],
  ] as Array<[BootloaderKind, Record<string, string> | null, string[][]]>)('%s on %j', (kind, osRelease, argvs) => {
    const steps = regenerateCommands(kind, osRelease);
    expect(steps.map((s) => s.argv)).toEqual(argvs);
    for (const s of steps) expect(s.reason).not.toBe('');
  });

  it('limine-entry-tool: limine-mkinitcpio where the command line is in UKIs, or limine-update is missing', () => {
    const f = (text: string, facts: string[]) => regenerateCommands('limine-entry-tool', os('cachyos', 'arch'), { facts, files: { '/etc/default/limine': text }, initramfs: ['mkinitcpio'] });
    const both = ['/usr/bin/limine-update', '/usr/bin/limine-mkinitcpio'];
    expect(f('ENABLE_UKI=yes\n', both).map((s) => s.argv)).toEqual([['limine-mkinitcpio']]);
    expect(f('ESP_PATH=/boot\n', both).map((s) => s.argv)).toEqual([['limine-update']]);
    expect(f('ESP_PATH=/boot\n', ['/usr/bin/limine-mkinitcpio']).map((s) => s.argv)).toEqual([['limine-mkinitcpio']]);
  });

  it('reads the family from ID_LIKE', () => {
    expect(osFamily({ ID: 'linuxmint', ID_LIKE: 'ubuntu' })).toBe('debian');
    expect(osFamily({ ID: 'endeavouros', ID_LIKE: 'arch' })).toBe('arch');
    expect(osFamily({ ID: 'nixos' })).toBe('other');
  });
});
