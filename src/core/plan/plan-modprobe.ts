// The modprobe part of the plan (docs/domain.md, "The five steps", step 3): dgpu's own vfio.conf with the ids (none when binding by address)
// and one softdep per driver that the kernel's modules.alias matches to a guest function.
import { filesIn, type ConfigFiles } from './config-files.js';
import type { Host } from '../host.js';
import { deviceAt } from '../host.js';
import type { Intent } from './intent.js';
import { isDgpuOwned } from '../modules/managed-file.js';
import { driversFor, parseModulesAliasFor } from '../modules/modalias.js';
import { findVfioConflicts, vfioOptionIds } from '../modules/modprobe-conf.js';
import type { FileChange } from './plan.js';
import { renderVfioConf, VFIO_CONF_PATH } from '../modules/vfio-conf.js';
import { vfioBuiltin } from '../modules/vfio-modules.js';

/** Where dgpu writes when the user has a vfio.conf of their own (never overwritten). */
export const DGPU_VFIO_CONF_PATH = '/etc/modprobe.d/dgpu-vfio.conf';

export interface ModprobePlan {
  changes: FileChange[];
  warnings: string[];
  /** The modprobe.d file dgpu owns on this host (the initramfs setup may need to name it). */
  path: string;
  softdeps: string[];
  /** The ids that `options vfio-pci ids=` lines in the user's own files claim, in order, lower-case. */
  userIds: string[];
  /** The ids dgpu's own file claimed before this plan (an earlier guest): dgpu's to take back, not the user's. */
  ownIds: string[];
}

/** Drivers matching any function's modalias in this kernel's modules.alias, in function order, once each. */
export function competingDrivers(host: Host, functions: string[]): string[] | null {
  if (host.modules.aliasText === null) return null;
  const modaliases = functions.flatMap((a) => deviceAt(host, a)?.modalias || []);
  const aliases = parseModulesAliasFor(host.modules.aliasText, modaliases);
  const out: string[] = [];
  for (const modalias of modaliases) {
    for (const m of driversFor(aliases, modalias)) if (!out.includes(m)) out.push(m);
  }
  return out;
}



export function planModprobe(host: Host, files: ConfigFiles, intent: Intent): ModprobePlan {
  const warnings: string[] = [];
  const drivers = competingDrivers(host, intent.functions);
  if (drivers === null) {
    warnings.push(`modules.alias of kernel ${host.kernelRelease ?? '(unknown)'} was not found: no softdeps written; a host driver may claim the GPU first`);
  }
  if (vfioBuiltin(host)) {
    warnings.push(`vfio-pci is built into this kernel: the modprobe options and softdeps do not apply, ${intent.perAddress ? 'the initramfs binds the devices by address' : 'the kernel command line binds the devices'}`);
  }
  const user = files[VFIO_CONF_PATH];
  const path = user !== null && user !== undefined && !isDgpuOwned(user) ? DGPU_VFIO_CONF_PATH : VFIO_CONF_PATH;
  if (path !== VFIO_CONF_PATH) warnings.push(`${VFIO_CONF_PATH} is yours (no dgpu header): left as is, dgpu writes ${DGPU_VFIO_CONF_PATH}`);
  const others = filesIn(files, '/etc/modprobe.d', '.conf').filter((f) => f.path !== path);
  const conflicts = findVfioConflicts(others);
  const userIds = [...new Set(conflicts.flatMap((c) => c.ids))];
  for (const c of conflicts) {
    // kmod joins the options of every file (in file-name order) and then the command line's into one string
    // (libkmod-module.c kmod_module_get_options), and vfio-pci's `ids` is a single string, so the last `ids=`
    // wins: a list of dgpu's own without these ids would unbind the user's cards. dgpu's lists carry them.
    const what = c.kind === 'ids'
      ? `claims ${c.ids.join(',') || 'no ids'}; kmod keeps only the last ids= it reads, so dgpu's lists carry these ids too`
      : 'is another install command for vfio-pci (only one takes effect); remove it if it is stale';
    warnings.push(`${c.path}:${c.line}: \`${c.text.trim()}\` ${what}`);
  }
  const after = renderVfioConf({
    ids: intent.perAddress ? [] : [...userIds, ...intent.ids],
    softdeps: drivers ?? [],
    ...(intent.perAddress ? { perAddress: intent.functions } : {}),
  });
  const before = files[path] ?? null;
  const ownIds = before !== null && isDgpuOwned(before) ? vfioOptionIds(before) : [];
  const reason = intent.perAddress
    ? `softdeps for the functions bound by address${drivers && drivers.length > 0 ? ` (${drivers.join(', ')})` : ''}; no ids= (the host keeps a card with the same ids)`
    : `bind ${intent.ids.join(',')} to vfio-pci${drivers && drivers.length > 0 ? `; softdeps for ${drivers.join(', ')}` : ''}`;
  return { changes: before === after ? [] : [{ path, before, after, reason }], warnings, path, softdeps: drivers ?? [], userIds, ownIds };
}
