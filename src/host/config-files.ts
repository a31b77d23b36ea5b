// Reads, under a root, every configuration file the planner may edit or must take into account, into one
// pure snapshot: path as on the host → text, or null when the file does not exist. The planner then decides
// from this and the Host alone (docs/architecture.md: planning reads nothing itself).
// A file that exists but cannot be read (a folder where a file should be, a dangling link, no permission)
// is an EnvironmentError naming it: planning around a file we could not see would be writing blind.
import { lstatSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BOOTLOADER_FILES, onEsp } from '../core/analysis/boot-detect.js';
import { QEMU_CONF } from '../core/vm/attach-plan.js';
import type { ConfigFiles } from '../core/plan/config-files.js';
import { EditError, EnvironmentError } from '../core/errors.js';
import { EARLY_BIND_PATHS } from '../core/modules/early-bind-files.js';
import { VENDOR_RESET_PATHS } from '../core/modules/vendor-reset-files.js';
import { ZBM_PROPERTY, zbmPropertyKey, zfsRootDataset } from '../core/plan/plan-bootloaders.js';
import { readZfsProperty } from './zfs-property.js';

export type { ConfigFiles };

/** Single files: absent ones are recorded as null, so the planner knows they were looked at. */
export const CONFIG_FILE_PATHS: readonly string[] = [
  '/etc/default/grub',
  '/etc/kernel/cmdline',
  '/etc/kernel/install.conf',
  '/etc/kernel/uki.conf',
  '/etc/kernelstub/configuration',
  '/etc/mkinitcpio.conf',
  '/etc/dracut.conf',
  '/etc/initramfs-tools/modules',
  '/etc/booster.yaml',
  // dgpu's per-address bind in the initramfs (written by dgpu, read back so planning again is empty)
  ...Object.values(EARLY_BIND_PATHS).flat(),
  // dgpu's vendor-reset files (--vendor-reset)
  ...VENDOR_RESET_PATHS,
  // the boot loaders with their own files (BOOTLOADER_FILES), and the root's mounts (ZFSBootMenu's boot environment)
  ...Object.values(BOOTLOADER_FILES).flat(),
  '/proc/mounts',
  '/etc/zfsbootmenu/config.yaml',
];

/** Folders whose entries with this suffix are read (drop-ins, systemd-boot entries on every ESP mount). */
export const CONFIG_DIRS: ReadonlyArray<{ dir: string; suffix: string }> = [
  { dir: '/etc/default/grub.d', suffix: '.cfg' },
  ...onEsp('loader/entries').map((dir) => ({ dir, suffix: '.conf' })),
  { dir: '/etc/modprobe.d', suffix: '.conf' },
  { dir: '/etc/mkinitcpio.conf.d', suffix: '.conf' },
  { dir: '/etc/dracut.conf.d', suffix: '.conf' },
  { dir: '/etc/mkinitcpio.d', suffix: '.preset' },
  { dir: '/etc/limine-entry-tool.d', suffix: '.conf' },
];

/**
 * The files dgpu may write: those it reads for planning (every planner edits only files it read) and qemu.conf.
 * A journal naming anything else was not written by dgpu: rollback refuses it, --force included.
 */
export function isManagedPath(path: string): boolean {
  if (path === QEMU_CONF || CONFIG_FILE_PATHS.includes(path)) return true;
  return CONFIG_DIRS.some(({ dir, suffix }) => path.startsWith(`${dir}/`) && path.endsWith(suffix) && !path.slice(dir.length + 1).includes('/'));
}

function unreadable(path: string, why: string): EnvironmentError {
  return new EnvironmentError(`cannot read ${path}: ${why}; nothing was written`, `fix or remove ${path}, then run dgpu again`);
}

/**
 * The text of `path` (as on the host) under root; null when nothing is there (not even a dangling link).
 * Anything else that stops the read is an EnvironmentError naming the file.
 */
export function readConfigFile(root: string, path: string): string | null {
  const full = join(root, path);
  try {
    lstatSync(full);
  } catch {
    return null;
  }
  try {
    return decode(full, readFileSync(full));
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    const why =
      err.code === 'EISDIR' ? 'it is a folder, not a file'
      : err.code === 'ENOENT' ? 'it is a link to nothing'
      : err.code === 'EACCES' ? 'permission denied'
      : err.message;
    throw unreadable(path, why);
  }
}

const utf8 = new TextDecoder('utf-8', { fatal: true });
/** Files whose bytes are not UTF-8 (a Latin-1 comment): read byte for byte, never to be written back as text. */
const NOT_UTF8 = new Set<string>();

/** UTF-8 text; another encoding is kept byte for byte (latin1) and remembered, so a plan to rewrite it stops. */
function decode(full: string, bytes: Buffer): string {
  try {
    const text = utf8.decode(bytes);
    NOT_UTF8.delete(full); // read again after it was converted
    return text;
  } catch {
    NOT_UTF8.add(full);
    return bytes.toString('latin1');
  }
}

/**
 * Refuses a change to a file that is not UTF-8: dgpu's editors and the transaction work on UTF-8 text, and
 * writing such a file back would turn its other bytes into U+FFFD or into two bytes each.
 */
export function checkWritable(root: string, paths: readonly string[]): void {
  const bad = paths.find((p) => NOT_UTF8.has(join(root, p)));
  if (bad !== undefined) {
    throw new EditError(`${bad} is not UTF-8 text (another encoding, such as Latin-1): dgpu does not rewrite it`,
      `convert it (iconv -f latin1 -t utf-8 ${bad}), or add the change by hand`);
  }
}

function listEntries(root: string, dir: string, suffix: string): string[] {
  let names: string[];
  try {
    names = readdirSync(join(root, dir));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return [];
    throw unreadable(dir, (e as Error).message);
  }
  return names.filter((n) => n.endsWith(suffix) && !n.startsWith('.')).sort().map((n) => `${dir}/${n}`);
}

export function readConfigFiles(root: string): ConfigFiles {
  const files: ConfigFiles = {};
  for (const p of CONFIG_FILE_PATHS) files[p] = readConfigFile(root, p);
  for (const { dir, suffix } of CONFIG_DIRS) {
    for (const p of listEntries(root, dir, suffix)) files[p] = readConfigFile(root, p);
  }
  const dataset = zfsRootDataset(files['/proc/mounts'] ?? null);
  if (dataset !== null) {
    files[zbmPropertyKey(dataset)] = readZfsProperty(root, dataset, ZBM_PROPERTY);
  }
  return files;
}
