// The boot loaders whose own files hold each entry's command line: Limine, limine-entry-tool's
// /etc/default/limine, rEFInd, SYSLINUX/EXTLINUX, and ZFSBootMenu's dataset property. Each edits every Linux
// entry it finds; where a file has none to edit, the parameters become a manual step, never a dead end.
import { BOOTLOADER_FILES } from '../analysis/boot-detect.js';
import { editCmdline, tokenizeCmdline, type CmdlineEdit } from '../cmdline/cmdline.js';
import { editLimineConf, limineLinuxCmdlineCount } from '../cmdline/limine-conf.js';
import { editLimineDefaults, limineDefaultPieceCount } from '../cmdline/limine-default.js';
import { editRefindConf, editRefindLinuxConf, readRefindLinuxConf, refindStanzaOptionCount } from '../cmdline/refind.js';
import { editSyslinuxCfg, syslinuxLinuxAppendCount } from '../cmdline/syslinux-cfg.js';
import type { Host } from '../host.js';
import { filesIn, type ConfigFiles } from './config-files.js';
import { manualCmdline } from './manual-steps.js';
import type { CommandStep, FileChange, ManualStep } from './plan.js';
import { editFile } from './edit-file.js';

export interface KindPlan {
  changes: FileChange[];
  commands?: CommandStep[];
  manual?: ManualStep[];
  warnings?: string[];
}

type Found = { path: string; text: string };

function present(files: ConfigFiles, paths: readonly string[]): Found[] {
  return paths.flatMap((path) => (files[path] == null ? [] : [{ path, text: files[path]! }]));
}

function change(path: string, before: string, after: string, reason: string): FileChange[] {
  return before === after ? [] : [{ path, before, after, reason }];
}

/** Edits each file that has something to edit; a manual step when none has. */
function perFile(host: Host, edit: CmdlineEdit, found: Found[], name: string, count: (f: Found) => number, run: (f: Found) => string): KindPlan {
  const editable = found.filter((f) => editFile(f.path, () => count(f)) > 0);
  if (editable.length === 0) {
    const m = manualCmdline(host, edit, `${name} (${found.map((f) => f.path).join(', ')}: no Linux entry with a command line to edit)`);
    return { changes: [], manual: m ? [m] : [] };
  }
  return { changes: editable.flatMap((f) => change(f.path, f.text, editFile(f.path, () => run(f)), `kernel parameters on every Linux entry (${name})`)) };
}

export function planLimine(host: Host, files: ConfigFiles, edit: CmdlineEdit): KindPlan {
  const found = present(files, BOOTLOADER_FILES.limine);
  return perFile(host, edit, found, 'Limine', (f) => limineLinuxCmdlineCount(f.path, f.text), (f) => editLimineConf(f.path, f.text, edit));
}

export function planLimineEntryTool(host: Host, files: ConfigFiles, edit: CmdlineEdit): KindPlan {
  const list = [...present(files, BOOTLOADER_FILES.limineEntryTool), ...filesIn(files, '/etc/limine-entry-tool.d', '.conf')];
  if (editFile('/etc/default/limine', () => limineDefaultPieceCount(list)) === 0) {
    const m = manualCmdline(host, edit, 'KERNEL_CMDLINE[default] of /etc/default/limine (not assigned there)');
    return { changes: [], manual: m ? [m] : [] };
  }
  const after = editFile('/etc/default/limine', () => editLimineDefaults(list, edit));
  return { changes: list.flatMap((f, i) => change(f.path, f.text, after[i]!, 'kernel parameters in KERNEL_CMDLINE[default] (limine-entry-tool)')) };
}

export function planRefind(host: Host, files: ConfigFiles, edit: CmdlineEdit): KindPlan {
  const found = present(files, BOOTLOADER_FILES.refind);
  const isLinuxConf = (f: Found) => f.path.endsWith('/refind_linux.conf');
  return perFile(
    host, edit, found, 'rEFInd',
    (f) => (isLinuxConf(f) ? (readRefindLinuxConf(f.text) === '' ? 0 : 1) : refindStanzaOptionCount(f.text)),
    (f) => (isLinuxConf(f) ? editRefindLinuxConf(f.text, edit) : editRefindConf(f.text, edit)),
  );
}

export function planSyslinux(host: Host, files: ConfigFiles, edit: CmdlineEdit): KindPlan {
  const found = present(files, BOOTLOADER_FILES.syslinux);
  return perFile(host, edit, found, 'SYSLINUX', (f) => syslinuxLinuxAppendCount(f.text), (f) => editSyslinuxCfg(f.text, edit));
}

export const ZBM_PROPERTY = 'org.zfsbootmenu:commandline';

/** The ConfigFiles key src/host fills with the boot environment's property value (it is not a file). */
export function zbmPropertyKey(dataset: string): string {
  return `zfs-property:${dataset}:${ZBM_PROPERTY}`;
}

/** The dataset mounted at / when it is ZFS (/proc/mounts: source, mount point, type...). */
export function zfsRootDataset(mounts: string | null): string | null {
  const line = (mounts ?? '').split('\n').map((l) => l.split(' ')).filter((f) => f[1] === '/' && f[2] === 'zfs').pop();
  return line?.[0] ?? null;
}

/**
 * ZFSBootMenu boots a boot environment with the command line in its `org.zfsbootmenu:commandline` property
 * (zfsbootmenu docs, "man/zfsbootmenu.7": Properties), adding `root=zfs:...` itself: the plan sets the property
 * with `zfs set`. Its value is read by src/host (`zfs get`) on the live system; under --root it is not known, and
 * the running command line (without what ZFSBootMenu adds) stands for it.
 */
export function planZfsBootMenu(host: Host, files: ConfigFiles, edit: CmdlineEdit): KindPlan {
  const dataset = zfsRootDataset(files['/proc/mounts'] ?? null);
  if (dataset === null) {
    const m = manualCmdline(host, edit, `the ${ZBM_PROPERTY} property of the boot environment (/ is not a ZFS dataset in /proc/mounts)`);
    return { changes: [], manual: m ? [m] : [] };
  }
  const known = files[zbmPropertyKey(dataset)];
  const warnings: string[] = [];
  let current = known ?? null;
  if (current === null) {
    const own = ['BOOT_IMAGE', 'initrd', 'root', 'spl_hostid', 'spl.spl_hostid'];
    current = tokenizeCmdline(host.cmdline ?? '').filter((t) => !own.includes(t.key) && !t.key.startsWith('zbm.')).map((t) => t.raw).join(' ');
    warnings.push(`the ${ZBM_PROPERTY} property of ${dataset} could not be read: the plan starts from the running command line`);
  }
  const value = editFile(`${dataset} ${ZBM_PROPERTY}`, () => editCmdline(current!, edit));
  if (value === current) return { changes: [], warnings };
  return { changes: [], warnings, commands: [{ argv: ['zfs', 'set', `${ZBM_PROPERTY}=${value}`, dataset], reason: `kernel parameters of the boot environment ${dataset} (ZFSBootMenu)` }] };
}
