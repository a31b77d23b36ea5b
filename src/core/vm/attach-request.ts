// From the Host snapshot and the flags to an AttachRequest: which functions make up the GPU, what `--also`
// passes, and the findings a user should see first (IOMMU groups, the keyboard on a controller given away).
// The GPU's functions are grouped here as "same domain:bus:slot and same vendor"; the lead swaps this for the
// shared analysis of src/core/gpu.ts at merge.
import { slotOf } from '../address.js';
import { UsageError } from '../errors.js';
import { deviceAt, type Host, type PciFunction } from '../host.js';
import { isBridge, isUsbController } from '../pci-class.js';
import type { AttachRequest, InputMode } from './attach.js';
import { pickEvdev } from './qemu-conf.js';

export interface AttachOptions {
  gpu: string;
  also: string[];
  input?: InputMode;
  keepDisplay: boolean;
  /** Names under /dev/input/by-id, for --input evdev. */
  evdevNames?: string[];
}

function mustExist(host: Host, address: string, flag: string): PciFunction {
  const d = deviceAt(host, address);
  if (!d) throw new UsageError(`${flag} ${address}: no such PCI function on this host`, 'pick one that `dgpu scan` lists');
  return d;
}

export function gpuFunctions(host: Host, gpu: PciFunction): PciFunction[] {
  return host.devices.filter((d) => slotOf(d.address) === slotOf(gpu.address) && d.vendor === gpu.vendor && !isBridge(d.class));
}

export function buildAttachRequest(host: Host, o: AttachOptions): { request: AttachRequest; warnings: string[] } {
  const gpu = mustExist(host, o.gpu, '--gpu');
  const fns = gpuFunctions(host, gpu);
  const also = o.also.map((a) => mustExist(host, a, '--also'));
  const input: InputMode = o.input ?? (also.some((a) => isUsbController(a.class)) ? 'usb' : 'keep');
  const warnings = [...groupWarnings(host, [...fns, ...also]), ...keyboardWarnings(host, also)];
  const request: AttachRequest = {
    functions: fns.map((f) => ({ address: f.address, class: f.class })),
    also: also.map((f) => ({ address: f.address, class: f.class })),
    cpuVendor: host.cpuVendor,
    input,
    keepDisplay: o.keepDisplay,
  };
  if (input === 'evdev') request.evdev = pickEvdev(o.evdevNames ?? []);
  return { request, warnings };
}

/** vfio takes whole IOMMU groups: every endpoint in a passed device's group must be passed too (DOMAIN.md). */
function groupWarnings(host: Host, passed: PciFunction[]): string[] {
  if (host.iommuGroups === null) return ['the IOMMU groups are unknown here; check them with `dgpu scan` on the host'];
  if (Object.keys(host.iommuGroups).length === 0) return ['no IOMMU groups: the IOMMU is off, so the VM will not start with these devices'];
  const names = new Set(passed.map((p) => p.address));
  const out: string[] = [];
  const seen = new Set<number>();
  for (const p of passed) {
    if (p.iommuGroup === null || seen.has(p.iommuGroup)) continue;
    seen.add(p.iommuGroup);
    const others = (host.iommuGroups[p.iommuGroup] ?? []).filter((m) => !names.has(m) && !isBridge(deviceAt(host, m)?.class ?? null));
    if (others.length > 0) {
      out.push(`IOMMU group ${p.iommuGroup} of ${p.address} also holds ${others.join(', ')}, which would have to go to the guest too; pass them with --also or pick another device`);
    }
  }
  return out;
}

/** The keyboard the host sees, plugged into a controller being given away: the host loses it while the VM runs. */
function keyboardWarnings(host: Host, also: PciFunction[]): string[] {
  const given = new Set(also.map((a) => a.address));
  return (host.usb ?? []).filter((bus) => given.has(bus.controller)).flatMap((bus) =>
    bus.devices.filter((d) => d.keyboard).map((d) =>
      `the keyboard ${d.productName ?? `${d.vendor}:${d.product}`} (USB ${d.port}) is plugged into ${bus.controller}, which goes to the guest: the host has no keyboard while the VM runs`));
}
