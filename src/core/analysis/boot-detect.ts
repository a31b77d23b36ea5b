// Which bootloader and initramfs generator a host uses, decided from the set of paths present (as on the
// host: "/etc/default/grub"). Pure: src/host/boot-probe.ts looks the paths up under a root.
// Several may be present at once (GRUB files left behind after moving to systemd-boot); all are reported,
// each with its evidence, and the planner decides what to edit.
import type { BootloaderKind, BootSetup, Detected, InitramfsKind } from '../host.js';

/** Where an ESP may be mounted (systemd-boot's bootctl looks at /efi, /boot, /boot/efi; DOMAIN.md). */
export const ESP_MOUNTS = ['/boot', '/efi', '/boot/efi'] as const;

/** A directory whose entries ending in `suffix` are evidence (systemd-boot entries, UKIs). */
export interface DirProbe {
  dir: string;
  suffix: string;
}

interface Rule<K extends string> {
  kind: K;
  paths: string[];
  dirs?: DirProbe[];
}

/** `rel` on every place an ESP may be mounted: `loader/entries` → `/boot/loader/entries`, ... */
export const onEsp = (rel: string): string[] => ESP_MOUNTS.map((m) => `${m}/${rel}`);

const BOOTLOADERS: Rule<BootloaderKind>[] = [
  // grub.cfg is generated; /etc/default/grub is the source (DOMAIN.md, "Bootloaders").
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

function evidenceFor(rule: Rule<string>, present: readonly string[], presentSet: ReadonlySet<string>): string[] {
  const direct = rule.paths.filter((p) => presentSet.has(p));
  const listed = (rule.dirs ?? []).flatMap((d) =>
    present.filter((p) => p.startsWith(`${d.dir}/`) && p.endsWith(d.suffix) && !p.slice(d.dir.length + 1).includes('/')),
  );
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
export function detectBoot(present: Iterable<string>): BootSetup {
  const list = [...new Set(present)];
  const set = new Set(list);
  return { bootloaders: detect(BOOTLOADERS, list, set), initramfs: detect(INITRAMFS, list, set) };
}
