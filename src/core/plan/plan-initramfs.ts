// The initramfs part of the plan (docs/domain.md, "Binding to vfio-pci"): the vfio modules early in the image of each
// generator host.boot found; for per-address binding, the early script that sets driver_override
// (early-bind-files.ts); and the command that rebuilds every installed kernel's image, once per generator.
import { BOOSTER_CONF_PATH, editBoosterConf } from '../modules/booster-conf.js';
import { filesIn, type ConfigFiles } from './config-files.js';
import { DRACUT_DROPIN_PATH, OLD_DRACUT_DROPIN_PATH, renderDracutDropIn, scanDracutConf } from '../modules/dracut-conf.js';
import { EARLY_BIND_PATHS, earlyBindFiles } from '../modules/early-bind-files.js';
import { EnvironmentError } from '../errors.js';
import type { Host, InitramfsKind } from '../host.js';
import { isDgpuOwned } from '../modules/managed-file.js';
import { editInitramfsToolsModules, INITRAMFS_TOOLS_MODULES_PATH } from '../modules/initramfs-tools-modules.js';
import { regenerateInitramfs } from '../modules/initramfs-regenerate.js';
import type { CommandStep, FileChange, ManualStep, Plan } from './plan.js';
import { editFile } from './plan-cmdline.js';
import { planMkinitcpio } from './plan-mkinitcpio.js';
import { manualWarning } from './manual-steps.js';
import { VFIO_CONF_PATH } from '../modules/vfio-conf.js';
import { vfioModules } from '../modules/vfio-modules.js';

function change(path: string, before: string | null, after: string | null, reason: string, mode?: number): FileChange[] {
  if (before === after) return [];
  return [{ path, before, after, reason, ...(mode === undefined ? {} : { mode }) }];
}

/**
 * `modprobePath`: the modprobe.d file dgpu owns (dracut must put that one into the image). `perAddress`: the
 * functions to bind by address, or null when binding by ids.
 */
export function planInitramfs(host: Host, files: ConfigFiles, modprobePath: string, perAddress: string[] | null = null): Plan {
  const kinds = host.boot.initramfs.map((d) => d.kind);
  if (kinds.length === 0) return noGenerator(host, perAddress);
  const warnings: string[] = [];
  if (kinds.length > 1) warnings.push(`several initramfs generators found (${kinds.join(', ')}): dgpu configures each`);
  const changes: FileChange[] = [];
  const commands: CommandStep[] = [];
  const modules = vfioModules(host.kernelRelease).join(' ');
  for (const kind of kinds) {
    const own = [...kindChanges(kind, host, files, modprobePath, warnings, modules, perAddress), ...earlyChanges(kind, files, perAddress)];
    changes.push(...own);
    if (own.length > 0) commands.push(...regenerateInitramfs(kind));
  }
  return { changes, commands, warnings };
}

const LOOKED_FOR = '/etc/mkinitcpio.conf, /etc/dracut.conf(.d), /etc/initramfs-tools/initramfs.conf, /etc/booster.yaml';

/**
 * No generator dgpu knows (Unraid, a hand-made image): never a dead end. A built-in vfio-pci needs nothing in an
 * initramfs (vfio-pci.ids on the command line binds at boot); otherwise the modules to load early are a manual
 * step beside what dgpu does write. Binding by address needs the early script dgpu cannot place: refused.
 */
function noGenerator(host: Host, perAddress: string[] | null): Plan {
  if (perAddress !== null) {
    throw new EnvironmentError(`binding by address needs an early initramfs step, and no initramfs generator dgpu knows was found (looked for ${LOOKED_FOR})`,
      'bind the guest card by hand (driver_override before any GPU driver loads), or pass a GPU whose ids the host does not share');
  }
  if (host.modules.builtin?.includes('vfio_pci')) return { changes: [], commands: [], warnings: [] };
  const manual: ManualStep = {
    where: `the initramfs (no generator dgpu knows was found: looked for ${LOOKED_FOR})`, add: [], remove: [],
    snippet: `load these modules early, before any GPU driver: ${vfioModules(host.kernelRelease).join(' ')}`,
  };
  return { changes: [], commands: [], warnings: [manualWarning(manual)], manual: [manual] };
}

/** dgpu's early bind files for `kind`: written when binding by address, removed (when dgpu's) otherwise. */
function earlyChanges(kind: InitramfsKind, files: ConfigFiles, perAddress: string[] | null): FileChange[] {
  const wanted = perAddress === null ? [] : earlyBindFiles(kind, perAddress);
  return EARLY_BIND_PATHS[kind].flatMap((path) => {
    const before = files[path] ?? null;
    const want = wanted.find((f) => f.path === path);
    if (before !== null && !isDgpuOwned(before)) {
      if (!want) return [];
      throw new EnvironmentError(`${path} exists and is not dgpu's`, 'rename or remove it, then run dgpu again');
    }
    if (!want) return change(path, before, null, 'per-address binding no longer needed (the guest is bound by ids)');
    return change(path, before, want.text, `bind ${perAddress!.join(' ')} to vfio-pci by address before any GPU driver loads (${kind})`, want.mode);
  });
}

function kindChanges(kind: InitramfsKind, host: Host, files: ConfigFiles, modprobePath: string, warnings: string[], modules: string, perAddress: string[] | null): FileChange[] {
  const release = host.kernelRelease;
  switch (kind) {
    case 'mkinitcpio':
      return planMkinitcpio(files, release, perAddress !== null);
    case 'dracut':
      return dracutChanges(files, release, modprobePath, warnings, perAddress !== null);
    case 'initramfs-tools': {
      const before = files[INITRAMFS_TOOLS_MODULES_PATH] ?? null;
      const after = editInitramfsToolsModules(before ?? '', release);
      return change(INITRAMFS_TOOLS_MODULES_PATH, before, after, `load ${modules} early (initramfs-tools)`);
    }
    case 'booster': {
      if (perAddress !== null) {
        // booster.yaml(5) has no hook: booster's init is its own Go program, and of /etc/modprobe.d it reads
        // only `options` lines (generator/kmod.go, parseModprobe), so nothing can set driver_override early.
        throw new EnvironmentError(
          'booster has no early hook, so dgpu cannot bind the guest functions by address (the host keeps a card with the same ids)',
          'use mkinitcpio, dracut or initramfs-tools for this host, or set driver_override for the guest functions yourself',
        );
      }
      const before = files[BOOSTER_CONF_PATH] ?? null;
      const after = editFile(BOOSTER_CONF_PATH, () => editBoosterConf(before ?? '', release));
      return change(BOOSTER_CONF_PATH, before, after, `load ${modules} first (booster modules_force_load)`);
    }
  }
}

function dracutChanges(files: ConfigFiles, release: string | null, modprobePath: string, warnings: string[], earlyModule: boolean): FileChange[] {
  const before = files[DRACUT_DROPIN_PATH] ?? null;
  if (before !== null && !isDgpuOwned(before)) {
    throw new EnvironmentError(`${DRACUT_DROPIN_PATH} exists and is not dgpu's`, 'rename it, then run dgpu again');
  }
  const others = [{ path: '/etc/dracut.conf', text: files['/etc/dracut.conf'] ?? '' }, ...filesIn(files, '/etc/dracut.conf.d', '.conf')];
  for (const f of scanDracutConf(others, release)) {
    // a plain `=` read after dgpu's `+=` throws dgpu's value away: the vfio modules would not load early
    if (f.overrides !== undefined && (f.overrides !== 'add_dracutmodules' || earlyModule)) {
      throw new EnvironmentError(`${f.path}:${f.line}: ${f.message}`, `write it as ${f.overrides}+=" ... " (blanks inside the quotes), or rename the file so it sorts before ${DRACUT_DROPIN_PATH}`);
    }
    if (f.overrides === undefined) warnings.push(`${f.path}:${f.line}: ${f.message}`);
  }
  // The drop-in names the modprobe.d file to put into the image; dgpu's may have another name.
  const after = renderDracutDropIn(release, earlyModule).replace(VFIO_CONF_PATH, modprobePath);
  const old = files[OLD_DRACUT_DROPIN_PATH] ?? null;
  return [
    ...(old !== null && isDgpuOwned(old) ? change(OLD_DRACUT_DROPIN_PATH, old, null, `dgpu's drop-in moves to ${DRACUT_DROPIN_PATH}, which dracut reads after the others`) : []),
    ...change(DRACUT_DROPIN_PATH, before, after, 'load the vfio modules early and put vfio.conf into the image (dracut)'),
  ];
}
