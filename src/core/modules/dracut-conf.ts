// dracut: a drop-in owned by dgpu in /etc/dracut.conf.d/ (dracut.conf(5): files there are sourced by bash
// in name order after /etc/dracut.conf). `force_drivers` both adds the modules and loads them early
// ("force_drivers+=\" <list of kernel modules> \"": like add_drivers, but modprobe'd early); values
// appended with `+=` need a blank at each end so they do not glue to the previous value.
// `install_items` puts vfio.conf in the image explicitly: its softdeps and install hook act in the
// initramfs whether or not the host-only module selection copies /etc/modprobe.d.
import { MANAGED_HEADER } from './managed-file.js';
import { VFIO_CONF_PATH } from './vfio-conf.js';
import { isVfioModule, kernelVersion, vfioModules } from './vfio-modules.js';

export const DRACUT_DROPIN_PATH = '/etc/dracut.conf.d/10-dgpu-vfio.conf';

export function renderDracutDropIn(kernelRelease: string | null): string {
  return [
    MANAGED_HEADER,
    '# vfio-pci and its modules load first, so the GPU is bound before any host driver sees it.',
    `force_drivers+=" ${vfioModules(kernelRelease).join(' ')} "`,
    `install_items+=" ${VFIO_CONF_PATH} "`,
    '',
  ].join('\n');
}

export interface DracutFinding {
  path: string;
  line: number;
  message: string;
}

const SETTING = /^\s*(add_drivers|force_drivers|install_items)(\+?)=(["'])(.*)\3\s*(#.*)?$/;

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
    if (f.path === DRACUT_DROPIN_PATH) continue;
    f.text.split('\n').forEach((text, i) => {
      const m = SETTING.exec(text);
      if (!m) return;
      const [, key, plus, , value] = m as unknown as [string, string, string, string, string];
      const at = { path: f.path, line: i + 1 };
      const words = value.split(/\s+/).filter((w) => w !== '');
      if (key !== 'install_items' && words.some(isVfioModule)) {
        out.push({ ...at, message: `${key} also lists vfio modules; dgpu's ${DRACUT_DROPIN_PATH} now loads them` });
      }
      if (modern && words.includes('vfio_virqfd')) {
        out.push({ ...at, message: `vfio_virqfd is part of vfio since Linux 6.2; dracut will not find it` });
      }
      if (plus === '+' && value !== '' && !(/^\s/.test(value) && /\s$/.test(value))) {
        out.push({ ...at, message: `${key}+= value lacks the leading and trailing blank dracut.conf(5) asks for` });
      }
      if (key !== 'add_drivers' && plus === '' && baseName(f.path) > ours) {
        out.push({ ...at, message: `${key}= (not +=) is read after dgpu's drop-in and replaces its value` });
      }
    });
  }
  return out;
}

function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}
