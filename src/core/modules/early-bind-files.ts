// The files that run the per-address bind (vfio-bind-script.ts) in the initramfs, one set per generator,
// each placed where its generator runs it before udev and before any GPU driver loads. All owned by dgpu
// (managed header after the `#!` line); every path here is removed again when the plan binds by ids.
import type { InitramfsKind } from '../host.js';
import { MANAGED_HEADER } from './managed-file.js';
import { bindBody } from './vfio-bind-script.js';

/** The hook's name in mkinitcpio's HOOKS and dracut's module list. */
export const EARLY_HOOK = 'dgpu-vfio';

export const INITRAMFS_TOOLS_SCRIPT_PATH = '/etc/initramfs-tools/scripts/init-top/dgpu-vfio';
export const DRACUT_MODULE_SETUP_PATH = '/usr/lib/dracut/modules.d/90dgpu-vfio/module-setup.sh';
export const DRACUT_HOOK_PATH = '/usr/lib/dracut/modules.d/90dgpu-vfio/dgpu-vfio-bind.sh';
export const MKINITCPIO_INSTALL_PATH = '/etc/initcpio/install/dgpu-vfio';
export const MKINITCPIO_HOOK_PATH = '/etc/initcpio/hooks/dgpu-vfio';

export interface EarlyFile {
  path: string;
  text: string;
  mode: number;
}

/** Every path dgpu may write for `kind` (what a plan by ids deletes again). */
export const EARLY_BIND_PATHS: Readonly<Record<InitramfsKind, readonly string[]>> = {
  'initramfs-tools': [INITRAMFS_TOOLS_SCRIPT_PATH],
  dracut: [DRACUT_MODULE_SETUP_PATH, DRACUT_HOOK_PATH],
  mkinitcpio: [MKINITCPIO_INSTALL_PATH, MKINITCPIO_HOOK_PATH],
  booster: [],
};

const WHY = '# Binds the guest GPU\'s functions to vfio-pci by PCI address (driver_override): the host keeps a card with the same ids.';

export function earlyBindFiles(kind: InitramfsKind, addresses: string[]): EarlyFile[] {
  switch (kind) {
    case 'initramfs-tools':
      return [{ path: INITRAMFS_TOOLS_SCRIPT_PATH, mode: 0o755, text: initramfsToolsScript(addresses) }];
    case 'dracut':
      return [
        { path: DRACUT_MODULE_SETUP_PATH, mode: 0o755, text: dracutModuleSetup() },
        { path: DRACUT_HOOK_PATH, mode: 0o755, text: dracutHook(addresses) },
      ];
    case 'mkinitcpio':
      return [
        { path: MKINITCPIO_INSTALL_PATH, mode: 0o644, text: mkinitcpioInstall() },
        { path: MKINITCPIO_HOOK_PATH, mode: 0o644, text: mkinitcpioHook(addresses) },
      ];
    case 'booster':
      return [];
  }
}

/**
 * initramfs-tools(7), "Boot scripts": an executable script in scripts/init-top with the PREREQ boilerplate;
 * init-top runs first, before the modules in /etc/initramfs-tools/modules are loaded. Inside init-top, the
 * order is the scripts' names in glob order, reordered only by PREREQ (hook-functions: set_initlist, then
 * get_prereq_pairs | tsort), so `dgpu-vfio` with no PREREQ runs before `udev`, whose init-top script starts
 * udevd and the coldplug that loads GPU drivers.
 */
function initramfsToolsScript(addresses: string[]): string {
  return [
    '#!/bin/sh',
    MANAGED_HEADER,
    WHY,
    '# initramfs-tools(7) init-top script: runs before udev starts and before any GPU driver loads.',
    'PREREQ=""',
    'prereqs()',
    '{',
    '\techo "$PREREQ"',
    '}',
    'case $1 in',
    'prereqs)',
    '\tprereqs',
    '\texit 0',
    '\t;;',
    'esac',
    ...bindBody(addresses),
    'exit 0',
    '',
  ].join('\n');
}

/**
 * dracut.modules(7): module-setup.sh's check() returning 0 includes the module; install() adds the hook.
 * The `cmdline` hook at priority 00 runs before 80base's parse-kernel.sh (cmdline 01) and systemd's
 * dracut-pre-udev, which modprobe the rd.driver.pre modules (force_drivers) — a GPU driver listed there
 * would otherwise take both cards — and before udevd starts.
 */
function dracutModuleSetup(): string {
  return [
    '#!/bin/bash',
    MANAGED_HEADER,
    '# dracut module (dracut.modules(7)): installs the per-address vfio-pci bind as a cmdline hook, priority 00.',
    'check() {',
    '\treturn 0',
    '}',
    'depends() {',
    '\treturn 0',
    '}',
    'install() {',
    '\t# shellcheck disable=SC2154 # moddir is set by dracut',
    '\tinst_hook cmdline 00 "$moddir/dgpu-vfio-bind.sh"',
    '}',
    '',
  ].join('\n');
}

/** dracut sources hook scripts (dracut.modules(7), "Boot Process Stages"): no exit, variables unset. */
function dracutHook(addresses: string[]): string {
  return ['#!/bin/sh', MANAGED_HEADER, WHY, '# Sourced by dracut as a cmdline hook: no exit.', ...bindBody(addresses), ''].join('\n');
}

/** mkinitcpio(8), "About install hooks": build() adds the runtime hook of the same name (add_runscript). */
function mkinitcpioInstall(): string {
  return [
    '#!/bin/bash',
    MANAGED_HEADER,
    'build() {',
    '\tadd_runscript',
    '}',
    'help() {',
    '\tcat <<HELPEOF',
    'Binds the guest GPU of dgpu to vfio-pci by PCI address (driver_override) in an early hook,',
    'before udev and before the MODULES array load any GPU driver.',
    'HELPEOF',
    '}',
    '',
  ].join('\n');
}

/**
 * mkinitcpio(8), "About runtime hooks": run_earlyhook runs once the API mounts are set up, before the
 * MODULES array is loaded and before the udev hook's run_hook triggers the coldplug. The file is sourced
 * by busybox ash, so it only defines the function.
 */
function mkinitcpioHook(addresses: string[]): string {
  return ['#!/usr/bin/ash', MANAGED_HEADER, WHY, 'run_earlyhook() {', ...bindBody(addresses, '\t'), '}', ''].join('\n');
}
