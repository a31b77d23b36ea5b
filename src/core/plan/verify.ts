// `dgpu verify`: after the reboot, the facts of the running host against the intent. One check per
// line, each with what to do when it fails. Pure: the CLI lists <root>/dev/vfio and reads the Host.
import { cmdlineParams, listItems, moduleScoped, sameKey, tokenizeCmdline, type CmdlineParam, type CmdlineSet } from '../cmdline/cmdline.js';
import { deviceAt, type Host } from '../host.js';
import type { Intent } from './intent.js';
import { iommuOffParams } from './iommu-stage.js';
import { vfioBuiltin } from '../modules/vfio-modules.js';
import { iommuEnabled, staysWithHost, STUB_DRIVERS } from '../analysis/iommu.js';

export interface Check {
  name: string;
  ok: boolean;
  detail: string;
  /** What to do when it fails. */
  fix?: string;
}

function check(name: string, ok: boolean, detail: string, fix: string): Check {
  return ok ? { name, ok, detail } : { name, ok, detail, fix };
}

/** `devVfio`: the names in <root>/dev/vfio; null when the folder is missing. */
export function verifyIntent(host: Host, intent: Intent, devVfio: string[] | null): Check[] {
  const checks: Check[] = [];
  const on = iommuEnabled(host) === true;
  checks.push(check('iommu', on, on ? `${Object.keys(host.iommuGroups!).length} IOMMU groups` : 'no IOMMU groups',
    'turn on VT-d / AMD-Vi (SVM) in the firmware setup' + (host.cpuVendor === 'intel' ? ' and check intel_iommu=on is on the command line' : '')));

  const params = cmdlineParams(host.cmdline ?? '');
  for (const p of intent.params) {
    const text = `${p.key}=${p.value ?? ''}`;
    const found = inEffect(p, host.cmdline ?? '', params, vfioBuiltin(host));
    checks.push(check(`cmdline ${p.key}`, found, found ? `${text} is in /proc/cmdline` : `${text} is not in /proc/cmdline`,
      'run `dgpu apply` (or check its regeneration commands ran), then reboot'));
  }
  const off = iommuOffParams(host).filter((o) => params.some((x) => `${x.key}=${x.value ?? ''}` === o));
  checks.push(check('cmdline iommu not off', off.length === 0, off.length === 0 ? 'nothing on the command line turns the IOMMU off' : `${off.join(' ')} turns the IOMMU off`,
    'run `dgpu apply` to take it out, then reboot'));
  if (intent.perAddress) {
    // the user's other ids may stay; the guest's ids (which the host's card shares) may not
    const guest = new Set(intent.ids.map((id) => id.toLowerCase()));
    const stale = params.find((x) => sameKey(x.key, 'vfio-pci.ids') && listItems(x.value).some((id) => guest.has(id.toLowerCase())));
    checks.push(check('cmdline no vfio-pci.ids', stale === undefined, stale ? `vfio-pci.ids=${stale.value ?? ''} would also take the host's card` : 'no guest id in vfio-pci.ids (binding by address)',
      'run `dgpu apply` again to remove it, then reboot'));
  }

  if (intent.perAddress) checks.push(...overrideChecks(host, intent));

  for (const a of intent.functions) {
    const driver = deviceAt(host, a)?.driver ?? null;
    checks.push(check(`driver ${a}`, driver === 'vfio-pci', `${a}: ${driver === null ? 'no driver' : `driver ${driver}`}`,
      driver === null
        ? 'vfio-pci did not claim it: check the initramfs was rebuilt with the vfio modules, then reboot'
        : `${driver} claimed it first: check the softdeps in /etc/modprobe.d and that the initramfs was rebuilt, then reboot`));
  }

  for (const g of intent.groups) {
    const held = (host.iommuGroups?.[g] ?? []).filter((m) => {
      if (intent.functions.includes(m)) return false;
      const d = deviceAt(host, m);
      return d !== undefined && !staysWithHost(d.class) && d.driver !== null && !STUB_DRIVERS.has(d.driver);
    });
    checks.push(check(`group ${g}`, held.length === 0,
      held.length === 0 ? `no other member of group ${g} is held by a host driver` : `group ${g}: ${held.map((m) => `${m} (driver ${deviceAt(host, m)!.driver})`).join(', ')}`,
      'pass them too with --also, or unbind them; vfio needs the whole group'));
    const node = devVfio?.includes(String(g)) === true;
    checks.push(check(`/dev/vfio/${g}`, node, node ? `/dev/vfio/${g} is present` : `/dev/vfio/${g} is missing`,
      'vfio-pci has not bound the group: see the driver checks above'));
  }
  return checks;
}

/**
 * Per-address binding: the initramfs script sets driver_override=vfio-pci on each guest
 * function and on nothing else; an override on a function the host keeps would take it from its driver.
 */
function overrideChecks(host: Host, intent: Intent): Check[] {
  const checks = intent.functions.map((a) => {
    const o = deviceAt(host, a)?.driverOverride ?? null;
    return check(`driver_override ${a}`, o === 'vfio-pci', `${a}: driver_override ${o ?? '(none)'}`,
      'the early initramfs script did not run: check `dgpu apply` rebuilt the initramfs (lsinitramfs / lsinitrd / lsinitcpio shows dgpu-vfio), then reboot');
  });
  const stray = host.devices.filter((d) => !intent.functions.includes(d.address) && d.driverOverride === 'vfio-pci').map((d) => d.address);
  checks.push(check('driver_override host', stray.length === 0,
    stray.length === 0 ? 'no function the host keeps has driver_override=vfio-pci' : `driver_override=vfio-pci also on ${stray.join(', ')}, which the host keeps`,
    'remove the stale early script or override for those addresses (`dgpu rollback`), then reboot'));
  return checks;
}

/**
 * Whether /proc/cmdline has `p` the way the kernel and kmod read it, by the rules the editor writes with
 * (cmdline-edit.ts): only parameters before `--` reach the kernel; a module parameter is read by kmod from the
 * whole line, last one winning, unless the module is built in; ids compare without case; an option of a comma
 * list (`iommu=pt`) counts in any occurrence.
 */
function inEffect(p: CmdlineSet, line: string, kernel: CmdlineParam[], builtin: boolean): boolean {
  const named = (ps: CmdlineParam[]) => ps.filter((x) => sameKey(x.key, p.key));
  switch (p.mode ?? 'replace') {
    case 'add':
      return named(kernel).some((x) => x.value === p.value);
    case 'option':
      return named(kernel).some((x) => listItems(x.value).includes(p.value ?? ''));
    case 'merge': {
      const all = moduleScoped(p.key) && !builtin ? tokenizeCmdline(line) : kernel;
      const have = listItems(named(all).at(-1)?.value).map((v) => v.toLowerCase());
      return listItems(p.value).every((v) => have.includes(v.toLowerCase()));
    }
    case 'replace':
      return named(kernel).at(-1)?.value === p.value;
  }
}

export function allPassed(checks: Check[]): boolean {
  return checks.every((c) => c.ok);
}
