// Who rebuilds after /etc/kernel/cmdline changed, from the files under the root.
import { describe, expect, it } from 'vitest';
import { installedKernels, systemdVersion } from '../../../src/core/analysis/boot-detect.js';
import { kernelInstallCommands, ukiBuilder, ukiCommands, type BootFacts } from '../../../src/core/cmdline/kernel-install.js';

const facts = (over: Partial<BootFacts>): BootFacts => ({ facts: [], files: {}, initramfs: [], ...over });
const argvs = (f: BootFacts) => kernelInstallCommands(f, 'r').map((s) => s.argv.join(' '));

describe('systemd version and kernels from paths', () => {
  it.each([
    ['/usr/lib/x86_64-linux-gnu/systemd/libsystemd-shared-252.so', 252], // Debian 12
    ['/usr/lib/systemd/libsystemd-shared-256.7-1.so', 256], // Arch
    ['/usr/lib64/systemd/libsystemd-shared-255.4-1.fc40.so', 255], // Fedora 40
    ['/usr/lib/systemd/libsystemd-core-256.so', null],
  ])('%s → %s', (path, version) => {
    expect(systemdVersion([path])).toBe(version);
  });

  it('one image per version: the modules folder first, then /boot', () => {
    expect(installedKernels(['/boot/vmlinuz-6.1.0-18-amd64', '/usr/lib/modules/6.8.5-301.fc40.x86_64/vmlinuz', '/boot/vmlinuz-6.8.5-301.fc40.x86_64', '/boot/grub'])).toEqual([
      { version: '6.1.0-18-amd64', image: '/boot/vmlinuz-6.1.0-18-amd64' },
      { version: '6.8.5-301.fc40.x86_64', image: '/usr/lib/modules/6.8.5-301.fc40.x86_64/vmlinuz' },
    ]);
  });
});

describe('kernelInstallCommands', () => {
  it('systemd 255 and later: add-all', () => {
    expect(argvs(facts({ facts: ['/usr/lib/systemd/libsystemd-shared-255.so', '/boot/vmlinuz-6.6'] }))).toEqual(['kernel-install add-all']);
  });
  it('Debian 12 (systemd 252) with the systemd-boot hooks: update-initramfs runs kernel-install add itself', () => {
    const f = facts({
      facts: ['/usr/lib/x86_64-linux-gnu/systemd/libsystemd-shared-252.so', '/etc/initramfs/post-update.d/systemd-boot', '/boot/vmlinuz-6.1.0-18-amd64'],
      initramfs: ['initramfs-tools'],
    });
    expect(argvs(f)).toEqual(['update-initramfs -u -k all']);
  });
  it('systemd 252 without hooks: kernel-install add VERSION IMAGE per kernel', () => {
    const f = facts({ facts: ['/usr/lib64/systemd/libsystemd-shared-252.so', '/usr/lib/modules/6.5.6/vmlinuz', '/usr/lib/modules/6.6.1/vmlinuz'], initramfs: ['dracut'] });
    expect(argvs(f)).toEqual(['kernel-install add 6.5.6 /usr/lib/modules/6.5.6/vmlinuz', 'kernel-install add 6.6.1 /usr/lib/modules/6.6.1/vmlinuz']);
  });
  it('no version known: per kernel (works on every version)', () => {
    expect(argvs(facts({ facts: ['/boot/vmlinuz-6.1'] }))).toEqual(['kernel-install add 6.1 /boot/vmlinuz-6.1']);
  });
});

describe('ukiBuilder: from the files present', () => {
  it.each([
    ['mkinitcpio preset with default_uki=', { '/etc/mkinitcpio.d/linux.preset': "PRESETS=('default')\ndefault_uki=\"/efi/EFI/Linux/arch-linux.efi\"\n" }, 'mkinitcpio'],
    ['a commented uki= does not count', { '/etc/mkinitcpio.d/linux.preset': "#default_uki=\"/efi/EFI/Linux/arch-linux.efi\"\n" }, null],
    ['dracut uefi=yes', { '/etc/dracut.conf.d/uki.conf': 'uefi="yes"\n' }, 'dracut'],
    ['kernel-install layout=uki', { '/etc/kernel/install.conf': 'layout=uki\nuki_generator=ukify\n' }, 'kernel-install'],
    ['ukify configuration', { '/etc/kernel/uki.conf': '[UKI]\n' }, 'kernel-install'],
  ] as const)('%s', (_n, files, builder) => {
    expect(ukiBuilder(facts({ files: { ...files } }))).toBe(builder);
  });

  it('one command: the builder\'s', () => {
    expect(ukiCommands(facts({ files: { '/etc/dracut.conf.d/uki.conf': 'uefi=yes\n' } })).map((s) => s.argv.join(' '))).toEqual(['dracut -f --regenerate-all']);
  });
});
