// The initramfs part of the plan (DOMAIN.md, "Binding to vfio-pci"): the vfio modules early in the image of each
// generator host.boot found, and its command that rebuilds every installed kernel's image.
import { BOOSTER_CONF_PATH, editBoosterConf } from '../modules/booster-conf.js';
import { filesIn, type ConfigFiles } from './config-files.js';
import { DRACUT_DROPIN_PATH, renderDracutDropIn, scanDracutConf } from '../modules/dracut-conf.js';
import { EnvironmentError } from '../errors.js';
import type { Host, InitramfsKind } from '../host.js';
import { isDgpuOwned } from '../modules/managed-file.js';
import { editInitramfsToolsModules, INITRAMFS_TOOLS_MODULES_PATH } from '../modules/initramfs-tools-modules.js';
import { regenerateInitramfs } from '../modules/initramfs-regenerate.js';
import { editMkinitcpioConf, MKINITCPIO_CONF_PATH, mkinitcpioDropInOverrides } from '../modules/mkinitcpio-conf.js';
import type { CommandStep, FileChange, Plan } from './plan.js';
import { editFile } from './plan-cmdline.js';
import { VFIO_CONF_PATH } from '../modules/vfio-conf.js';
import { vfioModules } from '../modules/vfio-modules.js';

function change(path: string, before: string | null, after: string, reason: string): FileChange[] {
  return before === after ? [] : [{ path, before, after, reason }];
}

/** `modprobePath`: the modprobe.d file dgpu owns (dracut must put that one into the image). */
export function planInitramfs(host: Host, files: ConfigFiles, modprobePath: string): Plan {
  const kinds = host.boot.initramfs.map((d) => d.kind);
  if (kinds.length === 0) {
    throw new EnvironmentError(
      'no initramfs generator dgpu knows was found (looked for /etc/mkinitcpio.conf, /etc/dracut.conf(.d), /etc/initramfs-tools/initramfs.conf, /etc/booster.yaml)',
      'add vfio_pci vfio vfio_iommu_type1 to your initramfs by hand; dgpu does not write blind',
    );
  }
  const warnings: string[] = [];
  if (kinds.length > 1) warnings.push(`several initramfs generators found (${kinds.join(', ')}): dgpu configures each`);
  const changes: FileChange[] = [];
  const commands: CommandStep[] = [];
  const modules = vfioModules(host.kernelRelease).join(' ');
  for (const kind of kinds) {
    const own = kindChanges(kind, host, files, modprobePath, warnings, modules);
    changes.push(...own);
    if (own.length > 0) commands.push(...regenerateInitramfs(kind));
  }
  return { changes, commands, warnings };
}

function kindChanges(kind: InitramfsKind, host: Host, files: ConfigFiles, modprobePath: string, warnings: string[], modules: string): FileChange[] {
  const release = host.kernelRelease;
  switch (kind) {
    case 'mkinitcpio': {
      const text = files[MKINITCPIO_CONF_PATH] ?? '';
      const edited = editFile(MKINITCPIO_CONF_PATH, () => editMkinitcpioConf(text, release));
      for (const o of mkinitcpioDropInOverrides(filesIn(files, '/etc/mkinitcpio.conf.d', '.conf'))) {
        warnings.push(`${o.path} sets ${o.variable}= outright, replacing ${MKINITCPIO_CONF_PATH}'s value: add ${modules} there too`);
      }
      const notes = edited.notes.length > 0 ? `; ${edited.notes.join('; ')}` : '';
      return change(MKINITCPIO_CONF_PATH, files[MKINITCPIO_CONF_PATH] ?? null, edited.text, `vfio modules first in MODULES (mkinitcpio)${notes}`);
    }
    case 'dracut': {
      const before = files[DRACUT_DROPIN_PATH] ?? null;
      if (before !== null && !isDgpuOwned(before)) {
        throw new EnvironmentError(`${DRACUT_DROPIN_PATH} exists and is not dgpu's`, 'rename it, then run dgpu again');
      }
      // The drop-in names the modprobe.d file to put into the image; dgpu's may have another name.
      const after = renderDracutDropIn(release).replace(VFIO_CONF_PATH, modprobePath);
      const others = [{ path: '/etc/dracut.conf', text: files['/etc/dracut.conf'] ?? '' }, ...filesIn(files, '/etc/dracut.conf.d', '.conf')];
      for (const f of scanDracutConf(others, release)) warnings.push(`${f.path}:${f.line}: ${f.message}`);
      return change(DRACUT_DROPIN_PATH, before, after, 'load the vfio modules early and put vfio.conf into the image (dracut)');
    }
    case 'initramfs-tools': {
      const before = files[INITRAMFS_TOOLS_MODULES_PATH] ?? null;
      const after = editInitramfsToolsModules(before ?? '', release);
      return change(INITRAMFS_TOOLS_MODULES_PATH, before, after, `load ${modules} early (initramfs-tools)`);
    }
    case 'booster': {
      const before = files[BOOSTER_CONF_PATH] ?? null;
      const after = editFile(BOOSTER_CONF_PATH, () => editBoosterConf(before ?? '', release));
      return change(BOOSTER_CONF_PATH, before, after, `load ${modules} first (booster modules_force_load)`);
    }
  }
}
