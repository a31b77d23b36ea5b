// Which bootloader and initramfs generator a host uses, decided from the set of paths present (as on the
// host: "/etc/default/grub"). Pure: src/host/boot-probe.ts looks the paths up under a root.
// Several may be present at once (GRUB files left behind after moving to systemd-boot); all are reported,
// each with its evidence, and the planner decides what to edit.
import type { BootloaderKind, BootSetup, Detected, InitramfsKind } from '../host.js';

/** Where an ESP may be mounted (systemd-boot's bootctl looks at /efi, /boot, /boot/efi; docs/domain.md). */
export const ESP_MOUNTS = ['/boot', '/efi', '/boot/efi'] as const;

/** A directory whose entries ending in `suffix` are evidence (systemd-boot entries, UKIs). */
export interface DirProbe {
  dir: string;
  suffix: string;
  /** The entry's name must also start with this. */
  prefix?: string;
}

interface Rule<K extends string> {
  kind: K;
  paths: string[];
  dirs?: DirProbe[];
}

/** `rel` on every place an ESP may be mounted: `loader/entries` → `/boot/loader/entries`, ... */
export const onEsp = (rel: string): string[] => ESP_MOUNTS.map((m) => `${m}/${rel}`);

/**
 * The files of the boot loaders whose configuration dgpu edits in place (each read whole by
 * src/host/config-files.ts). Limine looks in these places on the boot partition (limine CONFIG.md), limine.cfg
 * before version 8; extlinux.conf / syslinux.cfg per the Syslinux wiki ("Config"), Unraid's flash drive being /boot.
 */
export const BOOTLOADER_FILES = {
  limine: ['limine', 'limine/limine', 'EFI/BOOT/limine', 'EFI/limine/limine'].flatMap((n) => [...onEsp(`${n}.conf`), ...onEsp(`${n}.cfg`)]),
  limineEntryTool: ['/etc/default/limine'],
  refind: ['/boot/refind_linux.conf', ...onEsp('EFI/refind/refind.conf'), ...onEsp('EFI/BOOT/refind.conf')],
  syslinux: ['/boot/syslinux/syslinux.cfg', '/boot/extlinux/extlinux.conf', '/boot/syslinux.cfg', '/boot/extlinux.conf', '/boot/syslinux/extlinux.conf'],
} as const;

const BOOTLOADERS: Rule<BootloaderKind>[] = [
  // grub.cfg is generated; /etc/default/grub is the source (docs/domain.md, "Bootloaders and where the command line lives").
  { kind: 'grub', paths: ['/etc/default/grub', '/boot/grub/grub.cfg', '/boot/grub2/grub.cfg'] },
  {
    kind: 'systemd-boot',
    paths: [...onEsp('loader/loader.conf'), ...onEsp('EFI/systemd/systemd-bootx64.efi')],
    dirs: onEsp('loader/entries').map((dir) => ({ dir, suffix: '.conf' })),
  },
  // kernel-install(8): /etc/kernel/cmdline is the command line it installs; install.conf selects the layout.
  { kind: 'kernel-install', paths: ['/etc/kernel/cmdline', '/etc/kernel/install.conf'] },
  // Unified kernel images: ukify's config, or images in EFI/Linux on the ESP (Boot Loader Specification, type #2).
  { kind: 'uki', paths: ['/etc/kernel/uki.conf'], dirs: onEsp('EFI/Linux').map((dir) => ({ dir, suffix: '.efi' })) },
  { kind: 'kernelstub', paths: ['/etc/kernelstub/configuration'] },
  { kind: 'grubby', paths: ['/usr/sbin/grubby', '/sbin/grubby'] },
  // Proxmox VE: ESPs listed here are kept by proxmox-boot-tool, which copies kernels and the command line onto
  // them (pve-docs, "Host Bootloader"); the ESPs are not mounted, so no loader entries show.
  { kind: 'proxmox-boot-tool', paths: ['/etc/kernel/proxmox-boot-uuids'] },
  { kind: 'limine', paths: [...BOOTLOADER_FILES.limine] },
  // limine-entry-tool (CachyOS limine-mkinitcpio-hook) writes limine.conf from this file.
  { kind: 'limine-entry-tool', paths: [...BOOTLOADER_FILES.limineEntryTool] },
  { kind: 'refind', paths: [...BOOTLOADER_FILES.refind] },
  { kind: 'syslinux', paths: [...BOOTLOADER_FILES.syslinux] },
  { kind: 'zfsbootmenu', paths: ['/etc/zfsbootmenu/config.yaml', ...onEsp('EFI/zbm'), ...onEsp('EFI/ZBM')] },
  // nixos-rebuild writes the boot loader from configuration.nix; /etc/NIXOS marks a NixOS root.
  { kind: 'nixos', paths: ['/etc/NIXOS'] },
];

const INITRAMFS: Rule<InitramfsKind>[] = [
  { kind: 'mkinitcpio', paths: ['/etc/mkinitcpio.conf'] },
  { kind: 'dracut', paths: ['/etc/dracut.conf', '/etc/dracut.conf.d'] },
  { kind: 'initramfs-tools', paths: ['/etc/initramfs-tools/initramfs.conf'] },
  { kind: 'booster', paths: ['/etc/booster.yaml'] },
];

/** Every single path the probe must check. */
export const BOOT_PROBE_PATHS: readonly string[] = [...BOOTLOADERS, ...INITRAMFS].flatMap((r) => r.paths);

/** Every directory the probe must list. */
export const BOOT_PROBE_DIRS: readonly DirProbe[] = [...BOOTLOADERS, ...INITRAMFS].flatMap((r) => r.dirs ?? []);

/**
 * Facts that decide how to regenerate, not which bootloader: Proxmox's tools, Debian's systemd-boot hooks
 * (systemd-boot package: kernel-install is run by them on every kernel and initramfs update), limine-entry-tool's
 * commands, ukify, the shared systemd library (its file name carries the version: libsystemd-shared-252.so on
 * Debian 12), kernel images and mkinitcpio presets.
 */
export const BOOT_FACT_PATHS: readonly string[] = [
  '/usr/sbin/proxmox-boot-tool', '/usr/bin/pveversion', '/etc/pve',
  '/etc/kernel/postinst.d/zz-systemd-boot', '/etc/initramfs/post-update.d/systemd-boot',
  '/usr/bin/limine-update', '/usr/bin/limine-mkinitcpio',
  '/usr/bin/ukify', '/usr/lib/systemd/ukify',
];

export const BOOT_FACT_DIRS: readonly DirProbe[] = [
  ...['/usr/lib/systemd', '/usr/lib64/systemd', '/usr/lib/x86_64-linux-gnu/systemd', '/usr/lib/aarch64-linux-gnu/systemd'].map(
    (dir) => ({ dir, prefix: 'libsystemd-shared-', suffix: '.so' }),
  ),
  { dir: '/boot', prefix: 'vmlinuz-', suffix: '' },
  { dir: '/etc/mkinitcpio.d', suffix: '.preset' },
];

/** Where kernel images live beside their modules (`/usr/lib/modules/VERSION/vmlinuz`: Fedora, Arch, openSUSE). */
export const MODULE_DIRS = ['/usr/lib/modules', '/lib/modules'] as const;

/** `path` is an entry of the probed folder with the probe's prefix and suffix. */
export function inDir(path: string, d: DirProbe): boolean {
  const name = path.slice(d.dir.length + 1);
  return path.startsWith(`${d.dir}/`) && !name.includes('/') && name.startsWith(d.prefix ?? '') && name.endsWith(d.suffix);
}

function evidenceFor(rule: Rule<string>, present: readonly string[], presentSet: ReadonlySet<string>): string[] {
  const direct = rule.paths.filter((p) => presentSet.has(p));
  const listed = (rule.dirs ?? []).flatMap((d) => present.filter((p) => inDir(p, d)));
  return [...direct, ...listed.sort()];
}

function detect<K extends string>(rules: Rule<K>[], present: readonly string[], set: ReadonlySet<string>): Detected<K>[] {
  const found: Detected<K>[] = [];
  for (const rule of rules) {
    const evidence = evidenceFor(rule, present, set);
    if (evidence.length > 0) found.push({ kind: rule.kind, evidence });
  }
  return found;
}

/** `present`: paths as on the host that exist (single paths, and the matching entries of listed directories). */
export function detectBoot(present: Iterable<string>, facts?: string[]): BootSetup {
  const list = [...new Set(present)];
  const set = new Set(list);
  const boot: BootSetup = { bootloaders: detect(BOOTLOADERS, list, set), initramfs: detect(INITRAMFS, list, set) };
  if (facts !== undefined) boot.facts = [...new Set(facts)].sort();
  return boot;
}

/** The systemd version from the shared library's name among `facts` (libsystemd-shared-255.4-1.so → 255). */
export function systemdVersion(facts: readonly string[]): number | null {
  const v = facts.map((p) => /\/libsystemd-shared-(\d+)[^/]*\.so$/.exec(p)?.[1]).find((x) => x !== undefined);
  return v === undefined ? null : Number(v);
}

/** Installed kernels among `facts`: version and image path, as kernel-install add takes them. */
export function installedKernels(facts: readonly string[]): Array<{ version: string; image: string }> {
  const out = new Map<string, string>();
  for (const p of facts) {
    const mod = /^\/(?:usr\/)?lib\/modules\/([^/]+)\/vmlinuz$/.exec(p);
    const boot = /^\/boot\/vmlinuz-(.+)$/.exec(p);
    if (mod && !out.has(mod[1]!)) out.set(mod[1]!, p);
    else if (boot && !out.has(boot[1]!)) out.set(boot[1]!, p);
  }
  return [...out].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([version, image]) => ({ version, image }));
}
