// dracut: a drop-in owned by dgpu in /etc/dracut.conf.d/ (dracut.conf(5): the drop-ins "are then read in
// alphanumerical order and will override parameters set in /etc/dracut.conf"; dracut.sh sources each with
// bash, in the order dropindirs_sort gives: `sort -Vu` of the base names). Its name sorts after the names
// people use (`vfio.conf`, `90-vfio.conf`), so a plain `force_drivers=` or `install_items=` in one of them
// cannot throw dgpu's `+=` away; one that still sorts after it stops the plan. `force_drivers` both adds the modules and loads them early
// ("force_drivers+=\" <list of kernel modules> \"": like add_drivers, but modprobe'd early); values
// appended with `+=` need a blank at each end so they do not glue to the previous value.
// `install_items` puts vfio.conf in the image explicitly: its softdeps act in the
// initramfs whether or not the host-only module selection copies /etc/modprobe.d.
import { EARLY_HOOK } from './early-bind-files.js';
import { MANAGED_HEADER } from './managed-file.js';
import { compareVersionNames } from './version-sort.js';
import { VFIO_CONF_PATH } from './vfio-conf.js';
import { isVfioModule, kernelVersion, vfioModules } from './vfio-modules.js';

export const DRACUT_DROPIN_PATH = '/etc/dracut.conf.d/zz-dgpu-vfio.conf';
/** Where dgpu wrote its drop-in before: removed when dgpu's (it sorted before `vfio.conf` and lost to it). */
export const OLD_DRACUT_DROPIN_PATH = '/etc/dracut.conf.d/10-dgpu-vfio.conf';

/** `earlyModule`: also include dgpu's per-address bind module (early-bind-files.ts). */
export function renderDracutDropIn(kernelRelease: string | null, earlyModule = false): string {
  return [
    MANAGED_HEADER,
    '# vfio-pci and its modules load first, so the GPU is bound before any host driver sees it.',
    `force_drivers+=" ${vfioModules(kernelRelease).join(' ')} "`,
    `install_items+=" ${VFIO_CONF_PATH} "`,
    ...(earlyModule ? ['# Binds the guest functions by address (driver_override) in a cmdline hook.', `add_dracutmodules+=" ${EARLY_HOOK} "`] : []),
    '',
  ].join('\n');
}

export interface DracutFinding {
  path: string;
  line: number;
  message: string;
  /** The setting whose value the line replaces (read after dgpu's drop-in): dgpu's setting would not take effect. */
  overrides?: string;
}

const SETTING = /^\s*(add_drivers|force_drivers|install_items|add_dracutmodules)(\+?)=(["'])(.*)\3\s*(#.*)?$/;

/**
 * Settings in other dracut drop-ins that meet ours: vfio modules listed again (two sources of truth),
 * vfio_virqfd on a 6.2+ kernel (no such module), `+=` values without the blanks dracut.conf(5) asks
 * for, and a plain `=` (not `+=`) in a file sourced after ours, which throws our value away.
 */
export function scanDracutConf(files: ReadonlyArray<{ path: string; text: string }>, kernelRelease: string | null): DracutFinding[] {
  const out: DracutFinding[] = [];
  const ours = baseName(DRACUT_DROPIN_PATH);
  const v = kernelRelease === null ? null : kernelVersion(kernelRelease);
  const modern = v !== null && (v.major > 6 || (v.major === 6 && v.minor >= 2));
  for (const f of files) {
    if (f.path === DRACUT_DROPIN_PATH || f.path === OLD_DRACUT_DROPIN_PATH) continue;
    f.text.split('\n').forEach((text, i) => {
      const m = SETTING.exec(text);
      if (!m) return;
      const [, key, plus, , value] = m as unknown as [string, string, string, string, string];
      const at = { path: f.path, line: i + 1 };
      const words = value.split(/\s+/).filter((w) => w !== '');
      if ((key === 'add_drivers' || key === 'force_drivers') && words.some(isVfioModule)) {
        out.push({ ...at, message: `${key} also lists vfio modules; dgpu's ${DRACUT_DROPIN_PATH} now loads them` });
      }
      if (modern && words.includes('vfio_virqfd')) {
        out.push({ ...at, message: `vfio_virqfd is part of vfio since Linux 6.2; dracut will not find it` });
      }
      if (plus === '+' && value !== '' && !(/^\s/.test(value) && /\s$/.test(value))) {
        out.push({ ...at, message: `${key}+= value lacks the leading and trailing blank dracut.conf(5) asks for` });
      }
      if (key !== 'add_drivers' && plus === '' && compareVersionNames(baseName(f.path), ours) > 0) {
        out.push({ ...at, message: `${key}= (not +=) is read after dgpu's ${DRACUT_DROPIN_PATH} and replaces its value`, overrides: key });
      }
    });
  }
  return out;
}

function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}
