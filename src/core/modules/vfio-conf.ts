// /etc/modprobe.d/vfio.conf, owned by dgpu (docs/domain.md, "The five steps", step 3): which functions vfio-pci claims, and one
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
   * Addresses bound through driver_override by the initramfs, for functions whose ids the host's own card
   * shares (`ids=` would claim both cards, docs/domain.md "Binding to vfio-pci"); named in a comment only.
   */
  perAddress?: string[];
}

// vendor:device[:subvendor:subdevice[:class[:class_mask]]], hex fields (vfio_pci.c, vfio_pci_fill_ids: sscanf
// "%x:%x:%x:%x:%x:%x"); users' own lists, which dgpu's carries over, use the longer forms too.
const ID = /^[0-9a-f]{4}:[0-9a-f]{4}(:[0-9a-f]{1,8}){0,4}$/;
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
  // Per-address binding is done by the initramfs (early-bind-files.ts), not by an `install` hook here: kmod
  // never runs an install command for a built-in vfio-pci (modprobe.d(5) acts on module loading), and the
  // early script runs before any module loads either way, so a hook would be a second, weaker copy.
  if (addresses.length > 0) lines.push(`# ${addresses.join(' ')}: bound by address (driver_override) from the initramfs, before any GPU driver loads.`);
  if (softdeps.length > 0) lines.push('# Each driver that matches a guest function in modules.alias loads vfio-pci first.');
  for (const m of softdeps) lines.push(`softdep ${m} pre: vfio-pci`);
  return lines.join('\n') + '\n';
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
