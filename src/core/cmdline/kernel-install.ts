// What rebuilds the boot files after /etc/kernel/cmdline changed, decided from the files present under the root,
// never from the running system: who builds the unified kernel images, and how kernel-install can be run on this
// systemd version.

import { installedKernels, systemdVersion } from '../analysis/boot-detect.js';
import type { InitramfsKind } from '../host.js';
import { filesIn, type ConfigFiles } from '../plan/config-files.js';

export interface CommandStep {
  argv: string[];
  reason: string;
}

export interface BootFacts {
  facts: readonly string[];
  files: ConfigFiles;
  initramfs: readonly InitramfsKind[];
}

export type UkiBuilder = 'kernel-install' | 'dracut' | 'mkinitcpio';

const active = (text: string | null | undefined, re: RegExp): boolean =>
  (text ?? '').split('\n').some((l) => !/^\s*#/.test(l) && re.test(l));

/**
 * Who builds the UKIs: mkinitcpio when a preset names one (`default_uki=`, mkinitcpio(8) "UKI"), dracut when
 * `uefi=yes` (dracut.conf(5)), kernel-install when install.conf says `layout=uki` or names a `uki_generator`, or
 * ukify is configured (kernel-install(8), ukify(1)). Null when nothing says: kernel-install, the generic way.
 */
export function ukiBuilder(f: BootFacts): UkiBuilder | null {
  if (filesIn(f.files, '/etc/mkinitcpio.d', '.preset').some((p) => active(p.text, /^\s*[A-Za-z0-9_]*_uki=\S/))) return 'mkinitcpio';
  const dracut = [f.files['/etc/dracut.conf'], ...filesIn(f.files, '/etc/dracut.conf.d', '.conf').map((x) => x.text)];
  if (dracut.some((t) => active(t, /^\s*uefi\s*=\s*"?yes"?\s*$/))) return 'dracut';
  const install = f.files['/etc/kernel/install.conf'];
  if (active(install, /^\s*layout\s*=\s*uki\s*$/) || active(install, /^\s*uki_generator\s*=/)) return 'kernel-install';
  if (f.files['/etc/kernel/uki.conf'] != null) return 'kernel-install';
  return null;
}

/** The one command that rebuilds the UKIs, which embed /etc/kernel/cmdline. */
export function ukiCommands(f: BootFacts): CommandStep[] {
  const reason = 'rebuild the unified kernel images, which embed /etc/kernel/cmdline';
  switch (ukiBuilder(f)) {
    case 'mkinitcpio':
      return [{ argv: ['mkinitcpio', '-P'], reason: `${reason} (mkinitcpio presets with uki=)` }];
    case 'dracut':
      return [{ argv: ['dracut', '-f', '--regenerate-all'], reason: `${reason} (dracut uefi=yes)` }];
    case 'kernel-install':
    case null:
      return kernelInstallCommands(f, reason);
  }
}

/**
 * kernel-install for every installed kernel. `add-all` exists since systemd 255 (kernel-install(8), systemd NEWS
 * for 255); before that: Debian's systemd-boot package hooks (/etc/initramfs/post-update.d/systemd-boot) run
 * `kernel-install add` whenever update-initramfs rebuilds an image, so that rebuild is the step; otherwise
 * `kernel-install add VERSION IMAGE` for each kernel image under the root.
 */
export function kernelInstallCommands(f: BootFacts, reason: string): CommandStep[] {
  const version = systemdVersion(f.facts);
  if (version !== null && version >= 255) return [{ argv: ['kernel-install', 'add-all'], reason }];
  if (f.facts.includes('/etc/initramfs/post-update.d/systemd-boot') && f.initramfs.includes('initramfs-tools')) {
    return [{ argv: ['update-initramfs', '-u', '-k', 'all'], reason: `${reason} (the systemd-boot hook runs kernel-install add for each image)` }];
  }
  const kernels = installedKernels(f.facts);
  if (kernels.length === 0) return [{ argv: ['kernel-install', 'add-all'], reason: `${reason} (no kernel image found under the root; add-all needs systemd 255)` }];
  const why = version === null ? 'systemd version unknown' : `systemd ${version} has no add-all`;
  return kernels.map((k) => ({ argv: ['kernel-install', 'add', k.version, k.image], reason: `${reason} (${why}: kernel ${k.version})` }));
}
