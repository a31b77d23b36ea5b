// The kernel command line part of the plan: which bootloader sources to edit, from host.boot (docs/domain.md,
// "Bootloaders and where the command line lives"), each through its editor in cmdline-sources.ts, then the
// command that makes the boot loader see it. Sources that another tool regenerates are left to that tool:
// kernelstub rewrites Pop!_OS's systemd-boot entry, and on grubby systems the BLS entries belong to GRUB.
import { onEsp } from '../analysis/boot-detect.js';
import { cmdlineParams, listItems, sameKey, tokenizeCmdline, type CmdlineEdit, type CmdlineSet } from '../cmdline/cmdline.js';
import { CMDLINE_SOURCES, type CmdlineSourceKind } from '../cmdline/cmdline-sources.js';
import { filesIn, type ConfigFiles } from './config-files.js';
import { EditError, EnvironmentError, UsageError } from '../errors.js';
import { editFile } from './edit-file.js';
import { editGrubFiles, grubCmdlineVariable, readGrubCmdline, type GrubCmdlineVariable } from '../cmdline/grub-default.js';
import { grubbyArgv } from '../cmdline/grubby.js';
import type { BootloaderKind, Host } from '../host.js';
import type { CommandStep, FileChange, Plan } from './plan.js';
import { regenerateCommands } from '../cmdline/regenerate.js';
import { manualCmdline, manualWarning } from './manual-steps.js';
import { planLimine, planLimineEntryTool, planRefind, planSyslinux, planZfsBootMenu, type KindPlan } from './plan-bootloaders.js';
import { findAssignments } from '../cmdline/shell-scan.js';

export { editFile } from './edit-file.js';

function change(path: string, before: string | null, after: string, reason: string): FileChange[] {
  return before === after ? [] : [{ path, before, after, reason }];
}

const EDITED = 'GRUB, systemd-boot, /etc/kernel/cmdline (kernel-install, UKI, Proxmox), kernelstub, grubby, Limine, rEFInd, SYSLINUX/EXTLINUX and ZFSBootMenu';

/** Proxmox VE (pve-docs, "Host Bootloader"): it does not use kernel-install, whatever /etc/kernel/cmdline suggests. */
function isProxmox(host: Host): boolean {
  const facts = host.boot.facts ?? [];
  return ['/usr/sbin/proxmox-boot-tool', '/usr/bin/pveversion', '/etc/pve'].some((p) => facts.includes(p));
}

/**
 * The bootloaders whose sources dgpu edits on this host. None: `manual` says what to add by hand (the
 * modprobe and initramfs parts are planned all the same).
 */
export function bootTargets(host: Host, files: ConfigFiles): { kinds: BootloaderKind[]; warnings: string[]; manual: string | null } {
  const found = host.boot.bootloaders;
  let kinds = found.map((b) => b.kind);
  const warnings: string[] = [];
  const drop = (...gone: BootloaderKind[]): void => void (kinds = kinds.filter((k) => !gone.includes(k)));
  if (kinds.includes('grubby')) drop('grub', 'systemd-boot');
  if (kinds.includes('kernelstub')) drop('systemd-boot');
  // proxmox-boot-tool keeps the ESPs: it takes /etc/kernel/cmdline, or GRUB's file, and copies them there.
  if (kinds.includes('proxmox-boot-tool')) drop('kernel-install', 'uki', 'systemd-boot', 'grub');
  else if (isProxmox(host)) drop('kernel-install');
  if (kinds.includes('limine-entry-tool')) drop('limine'); // limine.conf is written from /etc/default/limine
  // /etc/default/grub alone, beside another boot loader, is what a switch away from GRUB leaves behind.
  const grub = found.find((b) => b.kind === 'grub');
  if (grub && kinds.includes('grub') && kinds.length > 1 && grub.evidence.every((p) => p === '/etc/default/grub')) {
    drop('grub');
    warnings.push('/etc/default/grub is there but no grub.cfg: GRUB looks unused, so it is left alone');
  }
  const manual = kinds.length === 0 ? `the boot loader's kernel command line (no boot loader dgpu edits was found; dgpu edits ${EDITED})` : null;
  return { kinds, warnings, manual };
}

/** One `CMDLINE_SOURCES` edit of an existing file, EditErrors naming it. */
function editSource(kind: CmdlineSourceKind, path: string, text: string, edit: CmdlineEdit): string {
  return editFile(path, () => CMDLINE_SOURCES[kind].edit(text, edit));
}

function grubFiles(files: ConfigFiles): Array<{ path: string; text: string }> {
  const main = files['/etc/default/grub'];
  return [...(main === null || main === undefined ? [] : [{ path: '/etc/default/grub', text: main }]), ...filesIn(files, '/etc/default/grub.d', '.cfg')];
}

/**
 * GRUB: grub-mkconfig sources /etc/default/grub and then grub.d/*.cfg, so the last file that assigns a variable
 * decides its value (with the ones it extends). New parameters go where that file assigns `variable`; one already
 * present stays in the file and variable that hold it (editGrubFiles), so GRUB_CMDLINE_LINUX keeps reaching the
 * recovery entries.
 */
export function planGrub(files: ConfigFiles, edit: CmdlineEdit, forced?: GrubCmdlineVariable): FileChange[] {
  const list = grubFiles(files);
  if (list.length === 0) list.push({ path: '/etc/default/grub', text: '' });
  // bash keeps a CR before the line end as part of the value, so grub-mkconfig would hand it to the kernel
  const crlf = list.find((f) => f.text.includes('\r'));
  if (crlf) throw new EditError(`${crlf.path} has carriage returns (\r, Windows line ends): bash makes them part of the values`, `convert it first (dos2unix ${crlf.path}), then run dgpu again`);
  const assigns = (f: { path: string; text: string }, v: GrubCmdlineVariable) => editFile(f.path, () => findAssignments(f.text, v).length > 0);
  const variable: GrubCmdlineVariable =
    forced ?? (list.some((f) => assigns(f, 'GRUB_CMDLINE_LINUX_DEFAULT')) ? 'GRUB_CMDLINE_LINUX_DEFAULT'
      : list.some((f) => assigns(f, 'GRUB_CMDLINE_LINUX')) ? 'GRUB_CMDLINE_LINUX' : grubCmdlineVariable(''));
  const target = [...list].reverse().find((f) => assigns(f, variable))?.path ?? '/etc/default/grub';
  const after = editFile(list.map((f) => f.path).join(', '), () => editGrubFiles(list.map((f) => f.text), edit, variable));
  const out = list.flatMap((f, n) =>
    change(f.path, files[f.path] ?? null, after[n]!, f.path === target
      ? `kernel parameters in ${variable} (GRUB)`
      : `GRUB: the kernel parameters already here are edited in place; ${target} holds the new ones`),
  );
  return out.sort((a, b) => Number(b.path === target) - Number(a.path === target));
}

const LINUX_LINE = /^[ \t]*linux[ \t]/m;

/** systemd-boot: every Linux entry (fallback included) on every ESP mount, or those named with --entry. */
export function planBootEntries(files: ConfigFiles, edit: CmdlineEdit, names: string[]): FileChange[] {
  const entries = onEsp('loader/entries').flatMap((dir) => filesIn(files, dir, '.conf'));
  const base = (p: string) => p.slice(p.lastIndexOf('/') + 1);
  const linux = entries.filter((e) => LINUX_LINE.test(e.text));
  let chosen = linux;
  if (names.length > 0) {
    const wanted = new Set(names.map((n) => (n.endsWith('.conf') ? n : `${n}.conf`)));
    chosen = linux.filter((e) => wanted.has(base(e.path)));
    const unknown = [...wanted].filter((w) => !chosen.some((e) => base(e.path) === w));
    if (unknown.length > 0) {
      throw new UsageError(`--entry ${unknown.join(', ')}: no such Linux entry`, `entries: ${linux.map((e) => base(e.path).replace(/\.conf$/, '')).join(', ') || 'none'}`);
    }
  }
  if (chosen.length === 0) throw new EnvironmentError('systemd-boot has no Linux entry (no loader/entries/*.conf with a linux line)', 'install a kernel entry first');
  return chosen.flatMap((e) => change(e.path, e.text, editSource('boot-entry', e.path, e.text, edit), `kernel parameters on the options line (systemd-boot entry ${base(e.path)})`));
}

/** kernel-install / UKI: /etc/kernel/cmdline, seeded from the running command line when it is missing. */
export function planKernelCmdline(host: Host, files: ConfigFiles, edit: CmdlineEdit): FileChange[] {
  const path = '/etc/kernel/cmdline';
  const before = files[path] ?? null;
  // kernel-install falls back to /proc/cmdline when the file is absent (kernel-install(8)); the boot loader's
  // own BOOT_IMAGE= and initrd= are not part of it.
  const running = tokenizeCmdline(host.cmdline ?? '').filter((t) => !['BOOT_IMAGE', 'initrd'].includes(t.key));
  const seed = before ?? (running.length === 0 ? '' : `${running.map((t) => t.raw).join(' ')}\n`);
  const after = editSource('kernel-cmdline', path, seed, edit);
  return change(path, before, after, before === null ? 'kernel parameters: create /etc/kernel/cmdline from the running command line' : 'kernel parameters in /etc/kernel/cmdline (kernel-install)');
}

export function planKernelstub(files: ConfigFiles, edit: CmdlineEdit): FileChange[] {
  const path = '/etc/kernelstub/configuration';
  const text = files[path];
  if (text === null || text === undefined) throw new EnvironmentError(`${path} is missing`, 'run kernelstub once to create it');
  return change(path, text, editSource('kernelstub', path, text, edit), 'kernel parameters in user.kernel_options (kernelstub)');
}

/** Every bootloader source edit and the commands that regenerate what boots. */
export function planCmdline(host: Host, files: ConfigFiles, edit: CmdlineEdit, entries: string[]): Plan {
  const { kinds, warnings, manual } = bootTargets(host, files);
  if (entries.length > 0 && !kinds.includes('systemd-boot')) {
    throw new UsageError('--entry names systemd-boot entries, but this host does not boot with systemd-boot', 'drop --entry');
  }
  if (kinds.length > 1) warnings.push(`several boot setups found (${kinds.join(', ')}): dgpu edits each`);
  const plan: Plan = { changes: [], commands: [], warnings, manual: [] };
  if (manual !== null) plan.manual!.push(...[manualCmdline(host, edit, manual)].filter((m) => m !== null));
  const facts = { facts: host.boot.facts ?? [], files, initramfs: host.boot.initramfs.map((d) => d.kind) };
  for (const kind of kinds) {
    const own = kindPlan(kind, host, files, edit, entries);
    const changes = own.changes.filter((c) => !plan.changes.some((x) => x.path === c.path));
    plan.changes.push(...changes);
    plan.commands.push(...(own.commands ?? []));
    plan.warnings.push(...(own.warnings ?? []));
    plan.manual!.push(...(own.manual ?? []));
    if (own.changes.length > 0) plan.commands.push(...regenerateCommands(kind, host.osRelease, facts));
    if (kind === 'grubby') {
      const grub = own.changes.find((c) => c.path === '/etc/default/grub')?.after ?? files['/etc/default/grub'] ?? '';
      plan.commands.push(...grubbyStep(files, resolvedFor(edit, grubLine(grub)), own.changes.length > 0, warnings));
    }
  }
  plan.changes = plan.changes.map((c) => sayTakenOut(c, edit, plan.warnings));
  plan.warnings.push(...plan.manual!.map(manualWarning));
  if (plan.manual!.length === 0) delete plan.manual;
  return plan;
}

/** How often the exact parameter `param` stands in a file's text as a word of its own (quotes around it allowed). */
function occurrences(text: string | null, param: string): number {
  const esc = param.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return (text ?? '').match(new RegExp(`(?<![^\\s"'])${esc}(?![^\\s"'])`, 'g'))?.length ?? 0;
}

/**
 * The exact `key=value` parameters the edit removes (`intel_iommu=off`, `amd_iommu=off`, `iommu=off`)
 * are never removed silently: the change's reason and a warning name each one a file loses.
 */
function sayTakenOut(c: FileChange, edit: CmdlineEdit, warnings: string[]): FileChange {
  const gone = edit.remove.filter((r) => r.includes('=') && occurrences(c.after, r) < occurrences(c.before, r));
  if (gone.length === 0) return c;
  warnings.push(`${c.path}: ${gone.join(', ')} kept the IOMMU off; dgpu takes ${gone.length > 1 ? 'them' : 'it'} out`);
  return { ...c, reason: `${c.reason}; takes out ${gone.join(', ')}` };
}

function kindPlan(kind: BootloaderKind, host: Host, files: ConfigFiles, edit: CmdlineEdit, entries: string[]): KindPlan {
  switch (kind) {
    case 'grub':
      return { changes: planGrub(files, edit) };
    case 'grubby':
      // Fedora's file has GRUB_CMDLINE_LINUX only; new kernels take their command line from it.
      return { changes: files['/etc/default/grub'] == null ? [] : planGrub(files, edit, 'GRUB_CMDLINE_LINUX') };
    case 'systemd-boot':
      return { changes: planBootEntries(files, edit, entries) };
    case 'kernel-install':
    case 'uki':
      return { changes: planKernelCmdline(host, files, edit) };
    case 'kernelstub':
      return { changes: planKernelstub(files, edit) };
    case 'proxmox-boot-tool':
      // systemd-boot ESPs take /etc/kernel/cmdline; GRUB-managed ones (legacy BIOS) GRUB's file (pve-docs).
      return { changes: files['/etc/kernel/cmdline'] != null ? planKernelCmdline(host, files, edit) : planGrub(files, edit) };
    case 'limine':
      return planLimine(host, files, edit);
    case 'limine-entry-tool':
      return planLimineEntryTool(host, files, edit);
    case 'refind':
      return planRefind(host, files, edit);
    case 'syslinux':
      return planSyslinux(host, files, edit);
    case 'zfsbootmenu':
      return planZfsBootMenu(host, files, edit);
    case 'nixos':
      return { changes: [] }; // the planner prints the NixOS snippet instead (planner.ts)
  }
}

/**
 * grubby updates the installed kernels' BLS entries. Planned when GRUB's file changes (its argv carries every
 * parameter, so the entries catch up at the same moment); an entry that lacks a parameter while the file is
 * already right is reported, not planned, so that planning again after apply stays empty under --root, where
 * grubby is not run.
 */
/** The whole command line an /etc/default/grub text gives normal entries; '' where it cannot be read. */
function grubLine(text: string): string {
  try {
    return [readGrubCmdline(text, 'GRUB_CMDLINE_LINUX')?.value ?? '', readGrubCmdline(text, 'GRUB_CMDLINE_LINUX_DEFAULT')?.value ?? ''].join(' ');
  } catch {
    return '';
  }
}

/**
 * grubby's `--args=key=value` replaces a parameter of that key (grubby(8)), so a merged or optioned parameter is
 * handed over as the value the edited GRUB line holds (`vfio-pci.ids=<user's ids>,<guest's>`,
 * `intel_iommu=on,igfx_off`), not as the bare wanted value that would drop the user's part.
 */
export function resolvedFor(edit: CmdlineEdit, edited: string): CmdlineEdit {
  const params = cmdlineParams(edited);
  const remove = [...edit.remove];
  const set = edit.set.flatMap((s): CmdlineSet[] => {
    if (s.mode !== 'merge' && s.mode !== 'option') return [s];
    const named = params.filter((p) => sameKey(p.key, s.key));
    const hit = s.mode === 'merge' ? named.at(-1) : named.find((p) => listItems(p.value).includes(s.value ?? ''));
    const value = hit?.value ?? s.value;
    // a merged list the edit left empty is gone from the line: grubby takes it away too
    if (s.mode === 'merge' && (value ?? '') === '') return (remove.push(s.key), []);
    return [{ key: s.key, value, mode: s.mode === 'merge' ? 'replace' : 'add' }];
  });
  return { set, remove };
}

function grubbyStep(files: ConfigFiles, edit: CmdlineEdit, grubChanged: boolean, warnings: string[]): CommandStep[] {
  const argv = grubbyArgv(edit);
  if (argv === null) return [];
  if (grubChanged) return [{ argv, reason: 'put the kernel parameters on every installed kernel (grubby, BLS entries)' }];
  const bls = onEsp('loader/entries').flatMap((dir) => filesIn(files, dir, '.conf')).filter((e) => LINUX_LINE.test(e.text));
  const stale = bls.filter((e) => editSource('boot-entry', e.path, e.text, edit) !== e.text).map((e) => e.path);
  if (stale.length > 0) warnings.push(`${stale.join(', ')} lack the parameters: run \`${argv.join(' ')}\``);
  return [];
}
