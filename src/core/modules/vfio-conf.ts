// /etc/modprobe.d/vfio.conf, owned by dgpu (DOMAIN.md, step 3): which functions vfio-pci claims, and one
// `softdep <driver> pre: vfio-pci` per driver that matches a function's modalias, so that loading any of
// those drivers (udev does it by modalias, through libkmod) loads vfio-pci first.
import { normalizeAddress } from '../address.js';
import { MANAGED_HEADER } from './managed-file.js';
import { normalizeModuleName } from './modalias.js';

export const VFIO_CONF_PATH = '/etc/modprobe.d/vfio.conf';

export interface VfioConfInput {
  /** `vendor:device` pairs claimed by id (`options vfio-pci ids=`); empty when binding per address only. */
  ids: string[];
  /** Drivers that must load after vfio-pci (from driversFor); vfio_pci itself is ignored. */
  softdeps: string[];
  /**
   * Addresses bound through driver_override, for functions whose ids the host's own card shares
   * (`ids=` would claim both cards, DOMAIN.md "Binding to vfio-pci").
   */
  perAddress?: string[];
}

const ID = /^[0-9a-f]{4}:[0-9a-f]{4}$/;
const MODULE = /^[A-Za-z0-9_-]+$/;

export function renderVfioConf(input: VfioConfInput): string {
  const ids = unique(input.ids.map((id) => id.toLowerCase()));
  const bad = ids.find((id) => !ID.test(id));
  if (bad !== undefined) throw new Error(`renderVfioConf: '${bad}' is not a vendor:device id`);
  const addresses = unique((input.perAddress ?? []).map(addressOrThrow)).sort();
  if (ids.length === 0 && addresses.length === 0) throw new Error('renderVfioConf: nothing to bind');
  const softdeps = unique(input.softdeps.map(moduleOrThrow)).filter((m) => m !== 'vfio_pci');

  const lines = [MANAGED_HEADER];
  lines.push('# Binds the guest functions to vfio-pci before any host driver can claim them.');
  if (ids.length > 0) lines.push(`options vfio-pci ids=${ids.join(',')}`);
  if (addresses.length > 0) lines.push(...installHook(addresses));
  if (softdeps.length > 0) lines.push('# Each driver that matches a guest function in modules.alias loads vfio-pci first.');
  for (const m of softdeps) lines.push(`softdep ${m} pre: vfio-pci`);
  return lines.join('\n') + '\n';
}

/**
 * Per-address binding. modprobe.d(5): an `install` command runs instead of inserting the module;
 * libkmod substitutes `$CMDLINE_OPTS` (the module's options) and hands the line to system(3), i.e.
 * `/bin/sh -c`, so no extra shell wrapper is needed; `--ignore-install` stops the inner modprobe from
 * running the hook again. With driver_override set to vfio-pci, the PCI core matches those devices to
 * vfio-pci alone (drivers/pci/pci-driver.c, pci_match_device), even without `ids=`. The softdeps make
 * every competing driver load vfio-pci, hence this hook, first — udev's libkmod honours both.
 * `$d` is left to the shell: kmod replaces only `$CMDLINE_OPTS`.
 */
function installHook(addresses: string[]): string[] {
  return [
    '# The host keeps a card with the same ids, so these addresses are bound one by one (driver_override).',
    `install vfio-pci for d in ${addresses.join(' ')}; do echo vfio-pci > /sys/bus/pci/devices/$d/driver_override; done; exec /sbin/modprobe --ignore-install vfio-pci $CMDLINE_OPTS`,
  ];
}

function addressOrThrow(text: string): string {
  const a = normalizeAddress(text);
  if (a === null) throw new Error(`renderVfioConf: '${text}' is not a PCI address`);
  return a;
}

function moduleOrThrow(name: string): string {
  if (!MODULE.test(name)) throw new Error(`renderVfioConf: '${name}' is not a module name`);
  return normalizeModuleName(name);
}

function unique(xs: string[]): string[] {
  return [...new Set(xs)];
}
