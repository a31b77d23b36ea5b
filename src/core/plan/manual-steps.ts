// What dgpu tells the user to do by hand: the kernel parameters for a boot loader it cannot edit, and
// NixOS, whose configuration is declarative (nixos-rebuild writes /etc and the boot loader from configuration.nix,
// so dgpu writes nothing there and prints what to add instead: NixOS manual, options boot.kernelParams,
// boot.initrd.kernelModules, boot.extraModprobeConfig).
import { cmdlineParams, formatParam, sameKey, type CmdlineEdit } from '../cmdline/cmdline.js';
import type { Host } from '../host.js';
import type { ManualStep } from './plan.js';

/**
 * The parameters `edit` adds that the running kernel lacks, and those it removes that the running kernel has: what
 * is left to do by hand. Null when the running command line already matches (nothing to ask for).
 */
export function manualCmdline(host: Host, edit: CmdlineEdit, where: string): ManualStep | null {
  const running = cmdlineParams(host.cmdline ?? '');
  const add = edit.set
    .filter((s) => !running.some((p) => sameKey(p.key, s.key) && p.value === s.value))
    .map((s) => formatParam(s.key, s.value));
  const remove = edit.remove.filter((r) => {
    const [key, value] = r.includes('=') ? [r.slice(0, r.indexOf('=')), r.slice(r.indexOf('=') + 1)] : [r, undefined];
    const setToo = edit.set.some((s) => sameKey(s.key, key!));
    return !setToo && running.some((p) => sameKey(p.key, key!) && (value === undefined || p.value === value));
  });
  return add.length === 0 && remove.length === 0 ? null : { where, add, remove };
}

/** The human line for a manual step (the plan's warnings carry it to the terminal). */
export function manualWarning(m: ManualStep): string {
  const parts = [
    ...(m.add.length > 0 ? [`add ${m.add.join(' ')}`] : []),
    ...(m.remove.length > 0 ? [`remove ${m.remove.join(' ')}`] : []),
  ];
  const params = parts.length > 0 ? `: ${parts.join('; ')}` : '';
  return `by hand, in ${m.where}${params}${m.snippet ? `:\n${m.snippet.replace(/\n$/, '')}` : ''}`;
}

/** A Nix indented string ('' ... ''): `''` and `${` are escaped as the Nix manual says ("String literals"). */
function nixIndented(text: string): string {
  const body = text.replaceAll("''", "'''").replaceAll('${', "''${").replace(/\n$/, '');
  return `''\n${body.split('\n').map((l) => (l === '' ? '' : `    ${l}`)).join('\n')}\n  ''`;
}

const nixString = (s: string): string => JSON.stringify(s).replaceAll('${', '\\${');

/** What to add to configuration.nix: the parameters, the initrd modules and the modprobe.d text. */
export function nixosSnippet(params: string[], modules: string[], modprobe: string | null): string {
  const lines = [
    `  boot.kernelParams = [ ${params.map(nixString).join(' ')} ];`,
    `  boot.initrd.kernelModules = [ ${modules.map(nixString).join(' ')} ];`,
    ...(modprobe === null ? [] : [`  boot.extraModprobeConfig = ${nixIndented(modprobe)};`]),
  ];
  return `${lines.join('\n')}\n`;
}
