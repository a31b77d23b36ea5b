// Issue 16: every boot loader passthrough users boot with, on fake roots with real files (test/fixtures/corpus):
// plan, apply, plan again (empty), rollback (byte-identical), and the command that regenerates what boots.
import { describe, expect, it } from 'vitest';
import type { Plan } from '../../../src/core/plan/plan.js';
import { zbmPropertyKey } from '../../../src/core/plan/plan-bootloaders.js';
import { planPassthrough } from '../../../src/core/plan/planner.js';
import { readConfigFiles } from '../../../src/host/config-files.js';
import { readHost } from '../../../src/host/sysfs-reader.js';
import { roundTrip } from './round-trip.js';
import { ARCH, corpus, corpusFiles, fixture, HOST_BRIDGE, IGPU, navi21, planAt, ROOT_PORT, SUSE, treesForThisFile } from './support.js';

const { root } = treesForThisFile();

const DEBIAN = 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nID=debian\nVERSION_ID="12"\n';
const CACHYOS = 'NAME="CachyOS Linux"\nID=cachyos\nID_LIKE=arch\n';
const NAVI = [HOST_BRIDGE, ROOT_PORT, IGPU, ...navi21('0a', 10, { parent: '0000:00:01.0' })];
const IDS = 'vfio-pci.ids=1002:73bf,1002:ab28';
const paths = (plan: Plan) => plan.changes.map((c) => c.path).sort();
const argvs = (plan: Plan) => plan.commands.map((c) => c.argv.join(' '));
const spec = (files: Record<string, string>, osRelease = ARCH, cmdline = 'BOOT_IMAGE=/vmlinuz root=/dev/sda2 rw') =>
  ({ devices: NAVI, cpuVendor: 'GenuineIntel' as const, osRelease, cmdline, kernel: '6.9.7-arch1-1', files });

describe.concurrent('boot loaders (issue 16): plan, apply, plan again (empty), rollback', () => {
  it('Proxmox VE on ZFS/UEFI: /etc/kernel/cmdline and proxmox-boot-tool refresh, not kernel-install', async () => {
    const r = root(spec({
      'etc/kernel/proxmox-boot-uuids': '936E-9A3F\n936F-0211\n',
      'etc/kernel/cmdline': corpus('proxmox', '01-adrianlsy-zfs-cmdline'),
      'usr/bin/pveversion': '', 'usr/sbin/proxmox-boot-tool': '', 'etc/pve/.version': '',
      'etc/default/grub': fixture('grub-06-proxmox-hackinthebox'), // installed, unused on this boot path
      'etc/initramfs-tools/initramfs.conf': '',
    }, DEBIAN));
    const { plan, after } = await roundTrip(r, { gpu: '0a:00.0' }, 'cli');
    expect(paths(plan)).toEqual(['/etc/initramfs-tools/modules', '/etc/kernel/cmdline', '/etc/modprobe.d/vfio.conf']);
    expect(after('/etc/kernel/cmdline')).toBe(`root=ZFS=rpool/ROOT/pve-1 boot=zfs intel_iommu=on iommu=pt isolcpus=2-7 nohz_full=2-7 rcu_nocbs=2-7 ${IDS}\n`);
    expect(argvs(plan)).toEqual(['update-initramfs -u -k all', 'proxmox-boot-tool refresh']);
  });

  it('Proxmox VE with GRUB-managed ESPs (legacy BIOS on ZFS): GRUB\'s file, then proxmox-boot-tool refresh', async () => {
    const r = root(spec({
      'etc/kernel/proxmox-boot-uuids': '936E-9A3F\n', 'usr/bin/pveversion': '',
      'etc/default/grub': fixture('grub-06-proxmox-hackinthebox'), 'boot/grub/grub.cfg': '',
      'etc/initramfs-tools/initramfs.conf': '',
    }, DEBIAN));
    const { plan, after } = await roundTrip(r, { gpu: '0a:00.0' }, 'api');
    expect(after('/etc/default/grub')).toContain(`GRUB_CMDLINE_LINUX_DEFAULT="quiet intel_iommu=on ${IDS} iommu=pt"`);
    expect(argvs(plan)).toEqual(['update-initramfs -u -k all', 'proxmox-boot-tool refresh']);
  });

  it('Proxmox VE on LVM (GRUB, no proxmox-boot-uuids): update-grub; a stray /etc/kernel/cmdline is not kernel-install\'s', async () => {
    const r = root(spec({
      'usr/bin/pveversion': '', 'etc/kernel/cmdline': 'root=/dev/mapper/pve-root ro quiet\n',
      'etc/default/grub': fixture('grub-06-proxmox-hackinthebox'), 'boot/grub/grub.cfg': '',
      'etc/initramfs-tools/initramfs.conf': '',
    }, DEBIAN));
    const { plan } = await roundTrip(r, { gpu: '0a:00.0' }, 'api');
    expect(paths(plan)).toEqual(['/etc/default/grub', '/etc/initramfs-tools/modules', '/etc/modprobe.d/vfio.conf']);
    expect(argvs(plan)).toEqual(['update-initramfs -u -k all', 'update-grub']);
  });

  it('Debian 12 systemd-boot (systemd 252): no add-all; the package\'s hook runs kernel-install from update-initramfs', async () => {
    const r = root(spec({
      'usr/lib/x86_64-linux-gnu/systemd/libsystemd-shared-252.so': '',
      'etc/initramfs/post-update.d/systemd-boot': '#!/bin/sh\n', 'etc/kernel/postinst.d/zz-systemd-boot': '#!/bin/sh\n',
      'boot/vmlinuz-6.1.0-18-amd64': '',
      'etc/kernel/cmdline': 'root=UUID=42 ro quiet\n',
      'boot/efi/loader/loader.conf': 'timeout 3\n',
      'boot/efi/loader/entries/0123-6.1.0-18-amd64.conf': 'title Debian GNU/Linux 12 (bookworm)\nversion 6.1.0-18-amd64\nmachine-id 0123\nlinux /0123/6.1.0-18-amd64/linux\ninitrd /0123/6.1.0-18-amd64/initrd.img-6.1.0-18-amd64\noptions root=UUID=42 ro quiet\n',
      'etc/initramfs-tools/initramfs.conf': '',
    }, DEBIAN));
    const { plan } = await roundTrip(r, { gpu: '0a:00.0' }, 'cli');
    expect(paths(plan)).toContain('/etc/kernel/cmdline');
    expect(argvs(plan)).toEqual(['update-initramfs -u -k all']);
    expect(argvs(plan).join('\n')).not.toContain('add-all');
  });

  it('kernel-install on systemd 254 without distro hooks: kernel-install add VERSION IMAGE per installed kernel', async () => {
    const r = root(spec({
      'usr/lib64/systemd/libsystemd-shared-254.5-2.fc39.so': '',
      'usr/lib/modules/6.5.6-300.fc39.x86_64/vmlinuz': '', 'usr/lib/modules/6.6.2-201.fc39.x86_64/vmlinuz': '',
      'etc/kernel/cmdline': fixture('kernel-cmdline-02-multiline-btrfs.txt'), 'etc/dracut.conf': '',
    }, SUSE));
    const { plan } = await roundTrip(r, { gpu: '0a:00.0' }, 'api');
    expect(argvs(plan)).toEqual([
      'dracut -f --regenerate-all',
      'kernel-install add 6.5.6-300.fc39.x86_64 /usr/lib/modules/6.5.6-300.fc39.x86_64/vmlinuz',
      'kernel-install add 6.6.2-201.fc39.x86_64 /usr/lib/modules/6.6.2-201.fc39.x86_64/vmlinuz',
    ]);
  });

  it('UKIs built by kernel-install (layout=uki) on a dracut host: kernel-install add-all once, no dracut, no mkinitcpio', async () => {
    const r = root(spec({
      'usr/lib/systemd/libsystemd-shared-256.7-1.so': '',
      'etc/kernel/install.conf': 'layout=uki\nuki_generator=ukify\n', 'etc/kernel/cmdline': 'root=UUID=42 rw quiet\n',
      'boot/EFI/Linux/0123-6.9.7-arch1-1.efi': '', 'etc/dracut.conf.d/local.conf': 'hostonly="yes"\n',
    }));
    const { plan } = await roundTrip(r, { gpu: '0a:00.0' }, 'api');
    expect(argvs(plan)).toEqual(['kernel-install add-all']);
  });

  it('UKIs built by mkinitcpio presets (default_uki=): mkinitcpio -P once, no kernel-install', async () => {
    const r = root(spec({
      'etc/mkinitcpio.d/linux.preset': "PRESETS=('default' 'fallback')\ndefault_uki=\"/efi/EFI/Linux/arch-linux.efi\"\nfallback_uki=\"/efi/EFI/Linux/arch-linux-fallback.efi\"\n",
      'etc/kernel/cmdline': 'root=UUID=42 rw quiet\n', 'efi/EFI/Linux/arch-linux.efi': '', 'etc/mkinitcpio.conf': fixture('mkinitcpio-01-ozzyhelix.conf'),
    }));
    const { plan } = await roundTrip(r, { gpu: '0a:00.0' }, 'api');
    expect(argvs(plan)).toEqual(['mkinitcpio -P']);
  });

  it('Limine (CachyOS limine.conf on /boot): the Linux entry\'s cmdline, Windows untouched, nothing to regenerate', async () => {
    const text = corpus('limine', '01-arcplayz-cachyos-booster.conf');
    const r = root(spec({ 'boot/limine.conf': text, 'etc/booster.yaml': 'compress: zstd\n' }, CACHYOS));
    const { plan, after } = await roundTrip(r, { gpu: '0a:00.0' }, 'cli');
    expect(after('/boot/limine.conf')).toBe(text.replace('d2610762d2d1 rw\n', `d2610762d2d1 rw ${IDS} intel_iommu=on iommu=pt\n`));
    expect(argvs(plan)).toEqual(['/usr/lib/booster/regenerate_images']);
  });

  it('CachyOS limine-entry-tool: /etc/default/limine (KERNEL_CMDLINE[default]+=), not the limine.conf it writes; limine-update', async () => {
    const def = corpus('limine-default', '01-phuctruong-cachyos-append');
    const r = root(spec({
      'etc/default/limine': def, 'boot/limine.conf': corpus('limine', '01-arcplayz-cachyos-booster.conf'),
      'usr/bin/limine-update': '', 'usr/bin/limine-mkinitcpio': '', 'etc/mkinitcpio.conf': fixture('mkinitcpio-01-ozzyhelix.conf'),
    }, CACHYOS));
    const { plan, after } = await roundTrip(r, { gpu: '0a:00.0' }, 'cli');
    expect(paths(plan)).toEqual(['/etc/default/limine', '/etc/mkinitcpio.conf', '/etc/modprobe.d/vfio.conf']);
    expect(after('/etc/default/limine')).toBe(def.replace('nvidia-drm.modeset=1"', `nvidia-drm.modeset=1 ${IDS} intel_iommu=on iommu=pt"`));
    expect(argvs(plan)).toEqual(['mkinitcpio -P', 'limine-update']);
  });

  it('rEFInd: every refind_linux.conf line, and the enabled Linux stanza of refind.conf (its disabled samples left)', async () => {
    const linuxConf = corpus('refind', '02-romanenkor-hugepages-refind_linux.conf');
    const conf = corpus('refind', '04-mkittlein-stock-with-arch-stanza-refind.conf');
    const r = root(spec({ 'boot/refind_linux.conf': linuxConf, 'boot/efi/EFI/refind/refind.conf': conf, 'etc/mkinitcpio.conf': fixture('mkinitcpio-01-ozzyhelix.conf') }));
    const { plan, after } = await roundTrip(r, { gpu: '0a:00.0' }, 'cli');
    expect(paths(plan)).toEqual(['/boot/efi/EFI/refind/refind.conf', '/boot/refind_linux.conf', '/etc/mkinitcpio.conf', '/etc/modprobe.d/vfio.conf']);
    expect(after('/boot/refind_linux.conf').split('\n').filter((l) => l.includes(IDS))).toHaveLength(3);
    const changed = after('/boot/efi/EFI/refind/refind.conf').split('\n').filter((l, i) => l !== conf.split('\n')[i]);
    expect(changed).toEqual([`    options  "root=UUID=a9745212-5bf0-4d82-9fc0-facea54f133a rw rootflags=subvol=@ quiet splash vt.global_cursor_default=0 loglevel=2 rd.systemd.show_status=false rd.udev.log-priority=3 sysrq_always_enabled=1 initrd=@/boot/intel-ucode.img ${IDS} intel_iommu=on iommu=pt"`]);
    expect(argvs(plan)).toEqual(['mkinitcpio -P']);
  });

  it('EXTLINUX (a menu with a COM32 chainloader): the Linux labels\' APPEND lines only', async () => {
    const text = corpus('syslinux', '03-jn7163-menu-chain-com32-extlinux.conf');
    const r = root(spec({ 'boot/extlinux/extlinux.conf': text, 'etc/dracut.conf': '' }));
    const { after } = await roundTrip(r, { gpu: '0a:00.0' }, 'api');
    const out = after('/boot/extlinux/extlinux.conf');
    expect(out).toContain(`APPEND root=/dev/sda3 radeon.audio=1 radeon.dpm=1 ${IDS} intel_iommu=on iommu=pt\n`);
    expect(out).toContain(`APPEND root=/dev/sda3 init=/bin/bb ${IDS} intel_iommu=on iommu=pt\n`);
    expect(out).toContain('APPEND hd0 2\n');
  });
});

describe.concurrent('no boot loader dgpu edits: never a dead end (issue 16)', () => {
  const lilo = spec({ 'etc/lilo.conf': 'image=/boot/vmlinuz\n  append="quiet"\n', 'etc/initramfs-tools/initramfs.conf': '' }, DEBIAN, 'BOOT_IMAGE=/vmlinuz root=/dev/sda1 ro quiet');
  // apply exits 0 and writes the modprobe and initramfs parts; the parameters are a manual step, planned again
  // until the running kernel has them (README, exit codes).
  it('plan --json: the modprobe and initramfs parts, and the exact parameters to add by hand in `manual`', async () => {
    const r = root(lilo);
    const { dgpu } = await import('./support.js');
    const p = dgpu(['plan', '--gpu', '0a:00.0', '--root', r, '--json']);
    expect(p.status).toBe(0);
    const json = JSON.parse(p.stdout);
    expect(json.changes.map((c: { path: string }) => c.path)).toEqual(['/etc/modprobe.d/vfio.conf', '/etc/initramfs-tools/modules']);
    expect(json.manual).toEqual([{ where: expect.stringContaining('no boot loader dgpu edits was found'), add: [IDS, 'intel_iommu=on', 'iommu=pt'], remove: [] }]);
    const human = dgpu(['plan', '--gpu', '0a:00.0', '--root', r]);
    expect(human.status).toBe(0);
    expect(human.stderr).toContain(`by hand, in the boot loader's kernel command line`);
    expect(human.stderr).toContain(`add ${IDS} intel_iommu=on iommu=pt`);
    const { plan } = await roundTrip(r, { gpu: '0a:00.0' }, 'cli');
    expect(plan.manual).toHaveLength(1);
  });

  it('the running kernel already has them: no manual step', async () => {
    const r = root({ ...lilo, cmdline: `BOOT_IMAGE=/vmlinuz root=/dev/sda1 ro ${IDS} intel_iommu=on iommu=pt` });
    const { plan } = await planAt(r, { gpu: '0a:00.0' });
    expect(plan.manual).toBeUndefined();
  });

  it('NixOS: nothing under /etc is written; the plan is the configuration.nix snippet', async () => {
    const r = root(spec({ 'etc/NIXOS': '' }, 'NAME=NixOS\nID=nixos\n'));
    const { plan } = await planAt(r, { gpu: '0a:00.0' });
    expect(plan.changes).toEqual([]);
    expect(plan.commands).toEqual([]);
    const snippet = plan.manual?.[0]?.snippet ?? '';
    expect(snippet).toContain(`boot.kernelParams = [ "${IDS}" "intel_iommu=on" "iommu=pt" ];`);
    expect(snippet).toContain('boot.initrd.kernelModules = [ "vfio_pci" "vfio" "vfio_iommu_type1" ];');
    expect(snippet).not.toContain('Managed by dgpu'); // Nix writes that file, not dgpu
    expect(snippet).toMatch(/boot\.extraModprobeConfig = ''\n {4}.*\n[\s\S]*options vfio-pci ids=1002:73bf,1002:ab28\n[\s\S]*'';/);
  });
});

// Every real file of the corpus where it lives on a host: the same round trip, the file among the changes
// (or, where it has no Linux entry to edit, a manual step).
const PLACES: Record<string, (name: string) => Record<string, string>> = {
  limine: () => ({ 'boot/limine.conf': '' }),
  'limine-default': () => ({ 'etc/default/limine': '', 'usr/bin/limine-update': '' }),
  refind: (n) => ({ [n.includes('refind_linux') ? 'boot/refind_linux.conf' : 'boot/efi/EFI/refind/refind.conf']: '' }),
  syslinux: (n) => ({ [n.includes('unraid') ? 'boot/syslinux/syslinux.cfg' : 'boot/extlinux/extlinux.conf']: '' }),
  proxmox: () => ({ 'etc/kernel/cmdline': '', 'etc/kernel/proxmox-boot-uuids': 'A1B2-C3D4\n', 'usr/bin/pveversion': '' }),
};

describe.concurrent.each(Object.keys(PLACES).flatMap((dir) => corpusFiles(dir).map((name) => [dir, name])))('corpus %s/%s', (dir, name) => {
  it('plan, apply, plan again (empty), rollback', async () => {
    const files = PLACES[dir]!(name);
    const at = Object.keys(files)[0]!;
    files[at] = corpus(dir, name);
    const r = root(spec({ ...files, 'etc/dracut.conf': '' }));
    const { plan } = await roundTrip(r, { gpu: '0a:00.0' }, 'api');
    if (name === '05-nidrop-refind.conf') expect(plan.manual?.[0]?.where).toMatch(/no Linux entry/);
    else expect(plan.changes.find((c) => c.path === `/${at}`)?.after).toContain(IDS);
  });
});

describe('Unraid: its stock syslinux.cfg, no initramfs generator dgpu knows', () => {
  it('the APPEND line gets the parameters, modprobe.d the softdeps, and the early modules are a manual step (exit 0)', async () => {
    const files = { 'boot/syslinux/syslinux.cfg': corpus('syslinux', '01-unraid-stock-syslinux.cfg') };
    const r = root(spec(files, 'NAME=Slackware\nID=slackware\n'));
    const { plan } = await roundTrip(r, { gpu: '0a:00.0' }, 'api');
    expect(plan.changes.find((c) => c.path === '/boot/syslinux/syslinux.cfg')?.after).toContain(IDS);
    expect(plan.manual?.map((m) => m.where)).toEqual([expect.stringMatching(/^the initramfs \(no generator dgpu knows/)]);
  });
});

describe('ZFSBootMenu (issue 16): the boot environment\'s property, set with zfs set', () => {
  const zbm = spec({
    'proc/mounts': 'zroot/ROOT/void / zfs rw,relatime,xattr,posixacl 0 0\nefivarfs /sys/firmware/efi/efivars efivarfs rw 0 0\n',
    'etc/zfsbootmenu/config.yaml': 'Global:\n  ManageImages: true\n', 'etc/dracut.conf': '',
  }, 'NAME="Void"\nID="void"\n', 'BOOT_IMAGE=/boot/vmlinuz root=zfs:zroot/ROOT/void spl_hostid=0x00bab10c quiet loglevel=4');
  const CMD = `org.zfsbootmenu:commandline=quiet loglevel=4 ${IDS} intel_iommu=on iommu=pt`;

  it('under --root the property cannot be read: the running command line, without what ZFSBootMenu adds, stands for it', async () => {
    const { plan } = await planAt(root(zbm), { gpu: '0a:00.0' });
    expect(plan.commands.at(-1)?.argv).toEqual(['zfs', 'set', CMD, 'zroot/ROOT/void']);
    expect(plan.warnings.join('\n')).toMatch(/property of zroot\/ROOT\/void could not be read/);
  });

  it('the property already holds the parameters (read on the live system): nothing to set', async () => {
    const r = root(zbm);
    const host = await readHost(r, { modulesAlias: true });
    const files = { ...readConfigFiles(r), [zbmPropertyKey('zroot/ROOT/void')]: CMD.slice(CMD.indexOf('=') + 1) };
    const { plan } = planPassthrough(host, files, { gpu: '0a:00.0', also: [], allowBootGpu: false });
    expect(plan.commands.map((c) => c.argv[0])).toEqual(['dracut']);
  });
});
