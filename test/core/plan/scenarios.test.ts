// Every boot setup dgpu edits, on fake roots with real config files: plan, apply (through the CLI binary and
// through applyPlan), plan again → nothing to do, rollback → the tree byte-identical to before.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import type { Plan } from '../../../src/core/plan/plan.js';
import { applyPlan } from '../../../src/host/transaction.js';
import { roundTrip } from './round-trip.js';
import {
  ARCH, exampleRoot, FEDORA, fixture, HOST_BRIDGE, IGPU, navi21, planAt, POP, ROOT_PORT, SUSE, turing, treesForThisFile } from './support.js';

// Tests run concurrently (each spawns the CLI a few times); the trees go when the file is done.
const { root, cleanups } = treesForThisFile();

const paths = (plan: Plan) => plan.changes.map((c) => c.path).sort();
const argvs = (plan: Plan) => plan.commands.map((c) => c.argv.join(' '));

describe.concurrent('scenarios: plan, apply, plan again (empty), rollback (byte-identical)', () => {
  it('Debian GRUB + initramfs-tools (examples/host), --gpu auto', async () => {
    const ex = exampleRoot();
    cleanups.push(ex.cleanup);
    const { plan, after } = await roundTrip(ex.root, { gpu: 'auto' }, 'cli');
    expect(paths(plan)).toEqual(['/etc/default/grub', '/etc/initramfs-tools/modules', '/etc/modprobe.d/vfio.conf']);
    expect(after('/etc/default/grub')).toContain('GRUB_CMDLINE_LINUX_DEFAULT="quiet intel_iommu=on vfio-pci.ids=1002:73bf,1002:ab28 iommu=pt"');
    // kernel 6.1: vfio_virqfd is still its own module
    expect(after('/etc/initramfs-tools/modules')).toMatch(/\nvfio_pci\nvfio\nvfio_iommu_type1\nvfio_virqfd\n$/);
    expect(after('/etc/modprobe.d/vfio.conf')).toContain('options vfio-pci ids=1002:73bf,1002:ab28\n');
    expect(argvs(plan)).toEqual(['update-initramfs -u -k all', 'update-grub']);
  });

  it('Arch GRUB (Garuda file with an old vfio list) + mkinitcpio, NVIDIA Turing with 4 functions', async () => {
    const r = root({
      devices: [HOST_BRIDGE, ROOT_PORT, IGPU, ...turing()],
      cpuVendor: 'AuthenticAMD', osRelease: ARCH, kernel: '6.9.7-arch1-1',
      cmdline: 'BOOT_IMAGE=/vmlinuz-linux root=/dev/sda2 rw pcie_acs_override=downstream,multifunction',
      files: {
        'etc/default/grub': fixture('grub-01-ozzyhelix-garuda-default-grub').replace('iommu=pt iommu=1', 'iommu=pt vfio_pci.ids=10de:1b81 iommu=1'),
        'boot/grub/grub.cfg': '# generated\n',
        'etc/mkinitcpio.conf': fixture('mkinitcpio-01-ozzyhelix.conf'),
      },
    });
    const { plan, after } = await roundTrip(r, { gpu: '0a:00.0' }, 'cli');
    const grub = after('/etc/default/grub');
    // the user's old list is kept and the guest's ids join it
    expect(grub).toContain('vfio_pci.ids=10de:1b81,10de:1e84,10de:10f8,10de:1ad8,10de:1ad9');
    expect(grub).not.toContain('intel_iommu'); // AMD host
    expect(grub.match(/iommu=pt/g)).toHaveLength(1); // already there: not added twice
    const conf = after('/etc/modprobe.d/vfio.conf');
    for (const m of ['nouveau', 'snd_hda_intel', 'xhci_pci', 'i2c_nvidia_gpu']) expect(conf).toContain(`softdep ${m} pre: vfio-pci\n`);
    expect(after('/etc/mkinitcpio.conf')).toContain('MODULES=(vfio_pci vfio vfio_iommu_type1 usbhid amdgpu)');
    expect(argvs(plan)).toEqual(['mkinitcpio -P', 'grub-mkconfig -o /boot/grub/grub.cfg']);
    expect(plan.warnings.join('\n')).toMatch(/macOS has no driver/);
    expect(plan.warnings.join('\n')).toMatch(/pcie_acs_override/);
  });

  const archEntries = {
    'boot/loader/loader.conf': 'default arch.conf\ntimeout 3\n',
    'boot/loader/entries/arch-zen.conf': fixture('systemd-boot-entry-01-ozzyhelix-zen-acs-override.conf'),
    'boot/loader/entries/arch-lts-fallback.conf': fixture('systemd-boot-entry-02-ozzyhelix-lts-no-acs.conf'),
    'boot/loader/entries/arch-old.conf': fixture('systemd-boot-entry-03-ozzyhelix-old-nvidia-partuuid.conf'),
    'boot/loader/entries/windows.conf': 'title Windows\nefi /EFI/Microsoft/Boot/bootmgfw.efi\n',
    'etc/mkinitcpio.conf': fixture('mkinitcpio-02-akissu-vfio-virqfd-dup-hook.conf'),
  };

  it('Arch systemd-boot (every Linux entry, fallback included) + mkinitcpio', async () => {
    const r = root({ devices: [HOST_BRIDGE, ROOT_PORT, IGPU, ...turing()], osRelease: ARCH, kernel: '6.9.7-arch1-1', files: archEntries });
    const { plan, after } = await roundTrip(r, { gpu: '0a:00.0' }, 'api');
    expect(paths(plan)).toEqual([
      '/boot/loader/entries/arch-lts-fallback.conf', '/boot/loader/entries/arch-old.conf', '/boot/loader/entries/arch-zen.conf',
      '/etc/mkinitcpio.conf', '/etc/modprobe.d/vfio.conf',
    ]);
    expect(after('/boot/loader/entries/arch-lts-fallback.conf')).toMatch(/^options .* vfio-pci\.ids=10de:1e84,10de:10f8,10de:1ad8,10de:1ad9$/m);
    expect(after('/etc/mkinitcpio.conf')).toMatch(/^MODULES=\(vfio_pci vfio vfio_iommu_type1[ )]/m);
    expect(after('/etc/mkinitcpio.conf').split('\n').filter((l) => !l.startsWith('#')).join('\n')).not.toContain('vfio_virqfd'); // kernel 6.9
    expect(argvs(plan)).toEqual(['mkinitcpio -P']); // systemd-boot reads the entries at boot
  });

  it('Arch systemd-boot with --entry: only the named entry', async () => {
    const r = root({ devices: [HOST_BRIDGE, ROOT_PORT, IGPU, ...turing()], osRelease: ARCH, files: archEntries });
    const { plan } = await roundTrip(r, { gpu: '0a:00.0', entries: ['arch-zen'] }, 'cli');
    expect(paths(plan).filter((p) => p.includes('/loader/'))).toEqual(['/boot/loader/entries/arch-zen.conf']);
  });

  it('Fedora grubby + dracut: GRUB_CMDLINE_LINUX and grubby for the installed kernels', async () => {
    const r = root({
      devices: [HOST_BRIDGE, ROOT_PORT, IGPU, ...navi21('0a', 10, { parent: '0000:00:01.0' })],
      cpuVendor: 'GenuineIntel', osRelease: FEDORA, kernel: '6.8.5-301.fc40.x86_64',
      files: {
        'etc/default/grub': fixture('grub-08-fedora-sysconfig-cmdline-linux'),
        'boot/grub2/grub.cfg': '# generated\n',
        'usr/sbin/grubby': '#!/bin/sh\n',
        'boot/loader/entries/abc-6.8.5-301.fc40.x86_64.conf': 'title Fedora\nversion 6.8.5\nlinux /vmlinuz-6.8.5\ninitrd /initramfs-6.8.5.img\noptions root=/dev/mapper/fedora-root ro rhgb quiet\n',
        'etc/dracut.conf.d/.keep': '',
      },
    });
    const { plan, after } = await roundTrip(r, { gpu: '0a:00.0' }, 'cli');
    expect(paths(plan)).toEqual(['/etc/default/grub', '/etc/dracut.conf.d/zz-dgpu-vfio.conf', '/etc/modprobe.d/vfio.conf']);
    expect(after('/etc/default/grub')).toContain('GRUB_CMDLINE_LINUX="rd.driver.blacklist=nouveau rd.driver.pre=vfio-pci rd.lvm.lv=fedora/root rd.lvm.lv=fedora/swap rhgb quiet intel_iommu=on iommu=pt vfio-pci.ids=1002:73bf,1002:ab28"');
    expect(after('/etc/dracut.conf.d/zz-dgpu-vfio.conf')).toContain('force_drivers+=" vfio_pci vfio vfio_iommu_type1 "');
    expect(argvs(plan)).toEqual([
      'dracut -f --regenerate-all',
      // the parameters that keep the IOMMU off go from every installed kernel too
      'grubby --update-kernel=ALL --args=vfio-pci.ids=1002:73bf,1002:ab28 intel_iommu=on iommu=pt --remove-args=intel_iommu=off intel-iommu=off iommu=off vfio_pci.ids',
    ]);
  });

  it('Pop!_OS kernelstub + initramfs-tools (the systemd-boot entry is kernelstub\'s)', async () => {
    const r = root({
      devices: [HOST_BRIDGE, ROOT_PORT, IGPU, ...navi21('0a', 10, { parent: '0000:00:01.0' })],
      osRelease: POP, kernel: '6.9.3-76060903-generic',
      files: {
        'etc/kernelstub/configuration': fixture('kernelstub-01-vindex10-user-only.txt'),
        'boot/efi/loader/loader.conf': 'default Pop_OS-current\n',
        'boot/efi/loader/entries/Pop_OS-current.conf': 'title Pop!_OS\nlinux /EFI/Pop_OS-x/vmlinuz.efi\noptions root=UUID=x ro quiet\n',
        'etc/initramfs-tools/initramfs.conf': 'MODULES=most\n',
      },
    });
    const { plan, after } = await roundTrip(r, { gpu: '0a:00.0' }, 'cli');
    expect(paths(plan)).toEqual(['/etc/initramfs-tools/modules', '/etc/kernelstub/configuration', '/etc/modprobe.d/vfio.conf']);
    expect(JSON.parse(after('/etc/kernelstub/configuration')).user.kernel_options).toEqual([
      'loglevel=7', 'resume=UUID=c117c9f9-83e4-48cb-b425-451d605fb21b', 'systemd.show_status=true', 'vfio-pci.ids=1002:73bf,1002:ab28', 'iommu=pt',
    ]);
    expect(argvs(plan)).toEqual(['update-initramfs -u -k all', 'kernelstub']);
  });

  it('kernel-install /etc/kernel/cmdline (multi-line) + dracut', async () => {
    const r = root({
      devices: [HOST_BRIDGE, ROOT_PORT, IGPU, ...navi21('0a', 10, { parent: '0000:00:01.0' })],
      osRelease: SUSE, files: { 'etc/kernel/cmdline': fixture('kernel-cmdline-02-multiline-btrfs.txt'), 'etc/dracut.conf': '' },
    });
    const { plan, after } = await roundTrip(r, { gpu: '0a:00.0' }, 'api');
    expect(after('/etc/kernel/cmdline')).toBe(fixture('kernel-cmdline-02-multiline-btrfs.txt').replace(/nowatchdog(\s*)$/, 'nowatchdog vfio-pci.ids=1002:73bf,1002:ab28 iommu=pt$1'));
    expect(argvs(plan)).toEqual(['dracut -f --regenerate-all', 'kernel-install add-all']);
  });

  it('kernel-install without /etc/kernel/cmdline: seeded from /proc/cmdline minus BOOT_IMAGE and initrd', async () => {
    const r = root({
      devices: [HOST_BRIDGE, ROOT_PORT, IGPU, ...navi21('0a', 10, { parent: '0000:00:01.0' })],
      cmdline: 'BOOT_IMAGE=/vmlinuz-6.8 initrd=\\initrd.img root=UUID=42 rw quiet',
      osRelease: SUSE, files: { 'etc/kernel/install.conf': 'layout=bls\n', 'etc/dracut.conf': '' },
    });
    const { after } = await roundTrip(r, { gpu: '0a:00.0' }, 'cli');
    expect(after('/etc/kernel/cmdline')).toBe('root=UUID=42 rw quiet vfio-pci.ids=1002:73bf,1002:ab28 iommu=pt\n');
  });

  it('booster (Arch, systemd-boot)', async () => {
    const r = root({
      devices: [HOST_BRIDGE, ROOT_PORT, IGPU, ...navi21('0a', 10, { parent: '0000:00:01.0' })],
      osRelease: ARCH, kernel: '6.1.90-1-lts',
      files: { ...{ 'boot/loader/entries/arch.conf': 'title Arch\nlinux /vmlinuz-linux\noptions root=/dev/sda2 rw\n' }, 'etc/booster.yaml': 'compress: zstd\nmodules_force_load: usbhid\n' },
    });
    const { plan, after } = await roundTrip(r, { gpu: '0a:00.0' }, 'api');
    expect(after('/etc/booster.yaml')).toBe('compress: zstd\nmodules_force_load: vfio_pci,vfio,vfio_iommu_type1,vfio_virqfd,usbhid\n');
    expect(argvs(plan)).toEqual(['/usr/lib/booster/regenerate_images']);
  });

  it('two identical cards, the host keeps one: per-address binding, old vfio-pci.ids removed', async () => {
    const hostCard = navi21('0b', 11, { bootVga: true, driver: 'amdgpu' });
    const r = root({
      devices: [HOST_BRIDGE, ...navi21('0a', 10), ...hostCard],
      cmdline: 'BOOT_IMAGE=/vmlinuz root=/dev/sda1 ro',
      files: {
        'etc/default/grub': 'GRUB_CMDLINE_LINUX_DEFAULT="quiet vfio-pci.ids=1002:73bf,1002:ab28"\nGRUB_CMDLINE_LINUX=""\n',
        'boot/grub/grub.cfg': '', 'etc/initramfs-tools/initramfs.conf': '',
      },
    });
    const { plan, after } = await roundTrip(r, { gpu: '0a:00.0' }, 'cli');
    expect(after('/etc/default/grub')).toContain('GRUB_CMDLINE_LINUX_DEFAULT="quiet iommu=pt"');
    const conf = after('/etc/modprobe.d/vfio.conf');
    expect(conf).not.toContain('options vfio-pci ids=');
    expect(conf).not.toContain('install vfio-pci');
    expect(after('/etc/initramfs-tools/scripts/init-top/dgpu-vfio')).toContain('for dgpu_d in 0000:0a:00.0 0000:0a:00.1; do');
    expect(plan.warnings.join('\n')).toMatch(/same ids .* by address/);
  });

  it('two identical cards and the user\'s own ids for a third card: only the guest\'s ids leave vfio-pci.ids (GRUB and grubby)', async () => {
    const hostCard = navi21('0b', 11, { bootVga: true, driver: 'amdgpu' });
    const r = root({
      devices: [HOST_BRIDGE, ...navi21('0a', 10), ...hostCard],
      osRelease: FEDORA, cmdline: 'BOOT_IMAGE=/vmlinuz root=/dev/sda1 ro',
      files: {
        'etc/default/grub': 'GRUB_CMDLINE_LINUX="rhgb quiet vfio-pci.ids=10DE:1B81,1002:73bf,10de:10f0"\n',
        'boot/grub2/grub.cfg': '', 'usr/sbin/grubby': '', 'etc/dracut.conf': '',
      },
    });
    const { plan, after } = await roundTrip(r, { gpu: '0a:00.0' }, 'api');
    expect(after('/etc/default/grub')).toContain('GRUB_CMDLINE_LINUX="rhgb quiet vfio-pci.ids=10DE:1B81,10de:10f0 iommu=pt"');
    expect(argvs(plan).find((a) => a.startsWith('grubby'))).toMatch(/--args=.*vfio-pci\.ids=10DE:1B81,10de:10f0/);
  });

  it('two identical cards, the user\'s list held only the guest\'s ids: grubby takes the parameter away', async () => {
    const hostCard = navi21('0b', 11, { bootVga: true, driver: 'amdgpu' });
    const r = root({
      devices: [HOST_BRIDGE, ...navi21('0a', 10), ...hostCard],
      osRelease: FEDORA, cmdline: 'BOOT_IMAGE=/vmlinuz root=/dev/sda1 ro',
      files: { 'etc/default/grub': 'GRUB_CMDLINE_LINUX="quiet vfio-pci.ids=1002:73bf"\n', 'boot/grub2/grub.cfg': '', 'usr/sbin/grubby': '', 'etc/dracut.conf': '' },
    });
    const { plan, after } = await roundTrip(r, { gpu: '0a:00.0' }, 'api');
    expect(after('/etc/default/grub')).toContain('GRUB_CMDLINE_LINUX="quiet iommu=pt"');
    expect(argvs(plan).find((a) => a.startsWith('grubby'))).toMatch(/--remove-args=.*\bvfio-pci\.ids\b/);
  });

  it('a card that shares only its display id with the host (QEMU VGA + secondary-vga): the warning names that id alone', async () => {
    const r = root({
      devices: [
        HOST_BRIDGE,
        { address: '0000:00:02.0', vendor: '1234', device: '1111', class: '030000', group: 1, driver: 'bochs-drm', bootVga: true },
        { address: '0000:01:00.0', vendor: '1234', device: '1111', class: '038000', group: 5, driver: 'bochs-drm' },
        { address: '0000:01:00.1', vendor: '8086', device: '2668', class: '040300', group: 5, driver: 'snd_hda_intel' },
      ],
      files: { 'etc/default/grub': 'GRUB_CMDLINE_LINUX_DEFAULT="quiet"\n', 'boot/grub/grub.cfg': '', 'etc/initramfs-tools/initramfs.conf': '' },
    });
    const { plan, intent } = await planAt(r, { gpu: '01:00.0', also: ['01:00.1'] });
    expect(intent.perAddress).toBe(true);
    expect(plan.warnings).toContain('the host keeps a card with the same ids (1234:1111): binding 0000:01:00.0 0000:01:00.1 by address, not with vfio-pci.ids');
    await roundTrip(r, { gpu: '01:00.0', also: ['01:00.1'] }, 'cli');
  });

  it('vfio-pci built into the kernel: the command line binds, and the plan says so', async () => {
    const r = root({
      devices: [HOST_BRIDGE, IGPU, ...navi21('0a', 10)],
      modulesBuiltin: 'kernel/drivers/vfio/vfio.ko\nkernel/drivers/vfio/pci/vfio-pci.ko\n',
      files: { 'etc/default/grub': 'GRUB_CMDLINE_LINUX_DEFAULT="quiet"\n', 'boot/grub/grub.cfg': '', 'etc/initramfs-tools/initramfs.conf': '' },
    });
    const { plan, after } = await roundTrip(r, { gpu: '0a:00.0' }, 'api');
    expect(plan.warnings.join('\n')).toMatch(/vfio-pci is built into this kernel/);
    expect(after('/etc/default/grub')).toContain('vfio-pci.ids=1002:73bf,1002:ab28');
  });

  it('the boot GPU with --allow-boot-gpu: video=efifb:off and initcall_blacklist=sysfb_init, loudly', async () => {
    const r = root({
      devices: [HOST_BRIDGE, ...navi21('0a', 10, { bootVga: true }), ...turing('0b', 11).map((d) => ({ ...d, parent: undefined }))],
      kernel: '6.6.30',
      files: { 'etc/default/grub': 'GRUB_CMDLINE_LINUX_DEFAULT="quiet"\n', 'boot/grub/grub.cfg': '', 'etc/initramfs-tools/initramfs.conf': '' },
    });
    const { plan, after } = await roundTrip(r, { gpu: '0a:00.0', allowBootGpu: true }, 'cli');
    expect(after('/etc/default/grub')).toContain('video=efifb:off initcall_blacklist=sysfb_init');
    expect(plan.warnings.join('\n')).toMatch(/BOOT GPU/);
  });

  it('the boot GPU on a kernel before 5.15: video=efifb:off only', async () => {
    const r = root({
      devices: [HOST_BRIDGE, ...navi21('0a', 10, { bootVga: true }), ...turing('0b', 11).map((d) => ({ ...d, parent: undefined }))],
      kernel: '5.10.0-28-amd64',
      files: { 'etc/default/grub': 'GRUB_CMDLINE_LINUX_DEFAULT="quiet"\n', 'boot/grub/grub.cfg': '', 'etc/initramfs-tools/initramfs.conf': '' },
    });
    const { after } = await roundTrip(r, { gpu: '0a:00.0', allowBootGpu: true }, 'api');
    expect(after('/etc/default/grub')).toContain('video=efifb:off');
    expect(after('/etc/default/grub')).not.toContain('initcall_blacklist');
  });

  it('a user\'s own vfio.conf is kept: dgpu writes dgpu-vfio.conf and warns about its lines', async () => {
    const r = root({
      devices: [HOST_BRIDGE, ROOT_PORT, IGPU, ...turing()],
      osRelease: ARCH,
      files: {
        'etc/modprobe.d/vfio.conf': fixture('modprobe-01-ozzyhelix-vfio.conf'),
        'boot/loader/entries/arch.conf': 'title Arch\nlinux /vmlinuz-linux\noptions root=/dev/sda2 rw\n',
        'etc/mkinitcpio.conf': fixture('mkinitcpio-03-regeneric-kvmgt-mdev.conf'),
      },
    });
    const { plan } = await roundTrip(r, { gpu: '0a:00.0' }, 'cli');
    expect(paths(plan)).toContain('/etc/modprobe.d/dgpu-vfio.conf');
    expect(paths(plan)).not.toContain('/etc/modprobe.d/vfio.conf');
    expect(plan.warnings.join('\n')).toMatch(/vfio\.conf:\d+: `options vfio-pci ids=10de:1e84/);
  });

  it('grub.d drop-in holding the variable is the one edited; the main file loses dgpu\'s parameters', async () => {
    const r = root({
      devices: [HOST_BRIDGE, IGPU, ...navi21('0a', 10)],
      files: {
        'etc/default/grub': 'GRUB_CMDLINE_LINUX_DEFAULT="quiet iommu=pt"\n',
        'etc/default/grub.d/50-local.cfg': "GRUB_CMDLINE_LINUX_DEFAULT='quiet splash'\n",
        'boot/grub/grub.cfg': '', 'etc/initramfs-tools/initramfs.conf': '',
      },
    });
    const { after } = await roundTrip(r, { gpu: '0a:00.0' }, 'api');
    expect(after('/etc/default/grub.d/50-local.cfg')).toBe("GRUB_CMDLINE_LINUX_DEFAULT='quiet splash vfio-pci.ids=1002:73bf,1002:ab28 iommu=pt'\n");
    expect(after('/etc/default/grub')).toBe('GRUB_CMDLINE_LINUX_DEFAULT="quiet"\n');
  });
});

// Issue 10, item 2: two identical cards with vfio-pci built into the kernel (modules.builtin lists it), so no
// modprobe.d line can act; the initramfs binds the guest's functions by address on each generator.
describe.concurrent('identical cards, vfio-pci built in: the initramfs binds by address', () => {
  const BUILTIN = 'kernel/drivers/vfio/vfio.ko\nkernel/drivers/vfio/pci/vfio-pci.ko\n';
  const identical = () => [HOST_BRIDGE, ...navi21('0a', 10), ...navi21('0b', 11, { bootVga: true })];
  const grub = { 'etc/default/grub': 'GRUB_CMDLINE_LINUX_DEFAULT="quiet"\n', 'boot/grub/grub.cfg': '' };

  it('initramfs-tools: an executable init-top script, no ids anywhere', async () => {
    const r = root({ devices: identical(), modulesBuiltin: BUILTIN, files: { ...grub, 'etc/initramfs-tools/initramfs.conf': '' } });
    const { plan, after } = await roundTrip(r, { gpu: '0a:00.0' }, 'cli');
    const script = plan.changes.find((c) => c.path === '/etc/initramfs-tools/scripts/init-top/dgpu-vfio')!;
    expect(script.mode).toBe(0o755); // set_initlist skips scripts that are not executable
    expect(after(script.path)).toMatch(/^#!\/bin\/sh\n# Managed by dgpu/);
    expect(after(script.path)).toContain('for dgpu_d in 0000:0a:00.0 0000:0a:00.1; do');
    expect(after(script.path)).not.toContain('0000:0b:00');
    expect(after('/etc/default/grub')).not.toContain('vfio-pci.ids');
    expect(plan.warnings.join('\n')).toMatch(/built into this kernel: .* the initramfs binds the devices by address/);
    expect(argvs(plan)).toEqual(['update-initramfs -u -k all', 'update-grub']); // regenerated once
  });

  it('dracut: a module with a cmdline hook, named in dgpu\'s drop-in', async () => {
    const r = root({ devices: identical(), modulesBuiltin: BUILTIN, osRelease: FEDORA, files: { ...grub, 'etc/dracut.conf.d/.keep': '' } });
    const { plan, after } = await roundTrip(r, { gpu: '0a:00.0' }, 'api');
    expect(paths(plan)).toEqual(expect.arrayContaining([
      '/etc/dracut.conf.d/zz-dgpu-vfio.conf', '/usr/lib/dracut/modules.d/90dgpu-vfio/dgpu-vfio-bind.sh', '/usr/lib/dracut/modules.d/90dgpu-vfio/module-setup.sh',
    ]));
    expect(after('/etc/dracut.conf.d/zz-dgpu-vfio.conf')).toContain('add_dracutmodules+=" dgpu-vfio "');
    expect(after('/usr/lib/dracut/modules.d/90dgpu-vfio/module-setup.sh')).toContain('inst_hook cmdline 00 "$moddir/dgpu-vfio-bind.sh"');
    expect(argvs(plan).filter((a) => a.startsWith('dracut'))).toEqual(['dracut -f --regenerate-all']);
  });

  it('mkinitcpio: install and runtime hook, dgpu-vfio right after base in HOOKS', async () => {
    const r = root({
      devices: identical(), modulesBuiltin: BUILTIN, osRelease: ARCH, kernel: '6.9.7-arch1-1',
      files: { 'boot/loader/entries/arch.conf': 'title Arch\nlinux /vmlinuz-linux\noptions root=/dev/sda2 rw\n', 'etc/mkinitcpio.conf': fixture('mkinitcpio-01-ozzyhelix.conf') },
    });
    const { plan, after } = await roundTrip(r, { gpu: '0a:00.0' }, 'cli');
    expect(after('/etc/mkinitcpio.conf')).toMatch(/^HOOKS=\(base dgpu-vfio udev /m);
    expect(after('/etc/initcpio/hooks/dgpu-vfio')).toMatch(/^run_earlyhook\(\) \{$/m);
    expect(after('/etc/initcpio/install/dgpu-vfio')).toContain('add_runscript');
    expect(argvs(plan)).toEqual(['mkinitcpio -P']);
  });

  it('booster has no early hook: refused with what to use instead', async () => {
    const r = root({ devices: identical(), modulesBuiltin: BUILTIN, osRelease: ARCH, files: { 'boot/loader/entries/arch.conf': 'linux /vmlinuz\noptions rw\n', 'etc/booster.yaml': 'compress: zstd\n' } });
    await expect(planAt(r, { gpu: '0a:00.0' })).rejects.toThrow(/booster has no early hook/);
  });

  it('a systemd-based mkinitcpio image runs no runtime hooks: refused', async () => {
    const r = root({
      devices: identical(), osRelease: ARCH,
      files: { 'boot/loader/entries/arch.conf': 'linux /vmlinuz\noptions rw\n', 'etc/mkinitcpio.conf': 'MODULES=()\nHOOKS=(base systemd autodetect microcode modconf kms keyboard sd-vconsole block filesystems fsck)\n' },
    });
    await expect(planAt(r, { gpu: '0a:00.0' })).rejects.toThrow(/systemd hook/);
  });

  it('choosing a GPU with distinct ids later removes the early script again', async () => {
    const r = root({ devices: [...identical(), ...turing('0c', 12).map((d) => ({ ...d, parent: undefined }))], modulesBuiltin: BUILTIN, files: { ...grub, 'etc/initramfs-tools/initramfs.conf': '' } });
    const first = await planAt(r, { gpu: '0a:00.0' });
    await applyPlan(r, first.plan);
    const second = await planAt(r, { gpu: '0c:00.0' });
    const gone = second.plan.changes.find((c) => c.path === '/etc/initramfs-tools/scripts/init-top/dgpu-vfio');
    expect(gone).toMatchObject({ after: null });
  });
});

// Issue 10, item 16: a drop-in that sets the module list outright is where the value takes effect.
describe.concurrent('drop-ins that replace the module list', () => {
  it('mkinitcpio: the drop-in with MODULES=(...) is edited; bash, sourcing the files in mkinitcpio\'s order, sees vfio first', async () => {
    const r = root({
      devices: [HOST_BRIDGE, ROOT_PORT, IGPU, ...turing()], osRelease: ARCH, kernel: '6.9.7-arch1-1',
      files: {
        'boot/loader/entries/arch.conf': 'linux /vmlinuz\noptions rw\n',
        'etc/mkinitcpio.conf': fixture('mkinitcpio-02-akissu-vfio-virqfd-dup-hook.conf'),
        'etc/mkinitcpio.conf.d/10-nvidia.conf': 'MODULES=(nvidia nvidia_modeset nvidia_uvm nvidia_drm)\n',
        'etc/mkinitcpio.conf.d/20-extra.conf': 'MODULES+=(btrfs)\n',
      },
    });
    const { plan } = await roundTrip(r, { gpu: '0a:00.0' }, 'api');
    expect(paths(plan)).toContain('/etc/mkinitcpio.conf.d/10-nvidia.conf');
    await applyPlan(r, plan);
    const src = `. ./mkinitcpio.conf; for f in $(ls mkinitcpio.conf.d | sort -V); do . "mkinitcpio.conf.d/$f"; done; echo "\${MODULES[*]}"`;
    const out = spawnSync('env', ['-i', 'bash', '--noprofile', '--norc', '-c', src], { cwd: `${r}/etc`, encoding: 'utf8' });
    expect(out.stdout).toBe('vfio_pci vfio vfio_iommu_type1 nvidia nvidia_modeset nvidia_uvm nvidia_drm btrfs\n');
  });

  it('dracut: a drop-in that sorts after dgpu\'s and sets force_drivers= outright stops the plan', async () => {
    const r = root({
      devices: [HOST_BRIDGE, ROOT_PORT, IGPU, ...navi21('0a', 10, { parent: '0000:00:01.0' })], osRelease: FEDORA,
      files: { 'etc/default/grub': 'GRUB_CMDLINE_LINUX="quiet"\n', 'boot/grub2/grub.cfg': '', 'etc/dracut.conf.d/_local.conf': 'force_drivers="nvme"\n' },
    });
    await expect(planAt(r, { gpu: '0a:00.0' })).rejects.toThrow(/_local\.conf:1: force_drivers= \(not \+=\) is read after/);
  });

  it('dracut: dgpu\'s old 10-dgpu-vfio.conf (lost to a later vfio.conf) is replaced by zz-dgpu-vfio.conf', async () => {
    const r = root({
      devices: [HOST_BRIDGE, ROOT_PORT, IGPU, ...navi21('0a', 10, { parent: '0000:00:01.0' })], osRelease: FEDORA,
      files: {
        'etc/default/grub': 'GRUB_CMDLINE_LINUX="quiet"\n', 'boot/grub2/grub.cfg': '',
        'etc/dracut.conf.d/10-dgpu-vfio.conf': '# Managed by dgpu - do not edit\nforce_drivers+=" vfio_pci "\n',
        'etc/dracut.conf.d/vfio.conf': fixture('dracut-03-raro28-vfio-module-driver-override.txt').split('\n').slice(9, 12).join('\n'),
      },
    });
    const { plan } = await roundTrip(r, { gpu: '0a:00.0' }, 'cli');
    expect(plan.changes.find((c) => c.path === '/etc/dracut.conf.d/10-dgpu-vfio.conf')).toMatchObject({ after: null });
  });
});
