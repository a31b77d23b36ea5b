// From the Host snapshot and the flags to an AttachRequest: which functions make up the GPU (the shared analysis
// of src/core/analysis/gpu.ts, the one `dgpu scan` and `dgpu plan` use), what `--also` passes, and the findings a user
// should see first (IOMMU groups with their blockers, the keyboard on a controller being given away).
import { UsageError } from '../errors.js';
import { deviceAt, type Host, type PciFunction } from '../host.js';
import { findGpus, type Gpu } from '../analysis/gpu.js';
import { groupViability, iommuEnabled, type Blocker } from '../analysis/iommu.js';
import { usbControllers } from '../analysis/usb.js';
import { isUsbController } from '../pci-class.js';
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

/** The GPU whose display function is `address`; a sibling function (the audio) names its GPU in the error. */
function gpuAt(host: Host, address: string): Gpu {
  mustExist(host, address, '--gpu');
  const gpus = findGpus(host);
  const gpu = gpus.find((g) => g.address === address);
  if (gpu) return gpu;
  const owner = gpus.find((g) => g.functions.includes(address));
  if (owner) throw new UsageError(`--gpu ${address} is a function of the GPU ${owner.address}, not its display`, `pass --gpu ${owner.address}`);
  throw new UsageError(`--gpu ${address} is not a display function`, 'pass the GPU itself (class 03xx) with --gpu; `dgpu scan` lists them');
}

export function buildAttachRequest(host: Host, o: AttachOptions): { request: AttachRequest; warnings: string[] } {
  const gpu = gpuAt(host, o.gpu);
  const fns = gpu.functions.map((a) => deviceAt(host, a)!);
  const also = o.also.map((a) => mustExist(host, a, '--also'));
  const input: InputMode = o.input ?? (also.some((a) => isUsbController(a.class)) ? 'usb' : 'keep');
  const passed = [...gpu.functions, ...also.map((a) => a.address).filter((a) => !gpu.functions.includes(a))];
  const warnings = [...groupWarnings(host, passed), ...keyboardWarnings(host, also)];
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

/** vfio takes whole IOMMU groups (docs/domain.md): the GPU and the --also devices together, blockers named. */
function groupWarnings(host: Host, passed: string[]): string[] {
  const v = groupViability(host, passed);
  if (iommuEnabled(host) === false) {
    return ['no IOMMU groups: the IOMMU is off, so the VM will not start with these devices'];
  }
  if (v.viable === null) return ['the IOMMU groups are unknown here; check them with `dgpu scan` on the host'];
  if (v.viable) return [];
  // One line per group, naming what of ours is in it and what blocks it, as `dgpu scan` shows groups.
  return v.groups.flatMap((g) => {
    const blockers = v.blockers.filter((b) => deviceAt(host, b.address)?.iommuGroup === g);
    if (blockers.length === 0) return [];
    const ours = passed.filter((a) => deviceAt(host, a)?.iommuGroup === g);
    return [`IOMMU group ${g} of ${ours.join(', ')} also holds ${blockers.map(blockerLabel).join(', ')}, ` +
      'which would have to go to the guest too; pass them with --also or pick another device'];
  });
}

function blockerLabel(b: Blocker): string {
  const what = [b.name, b.driver === null ? null : `driver ${b.driver}`].filter((x) => x !== null);
  return what.length === 0 ? b.address : `${b.address} (${what.join(', ')})`;
}

/** The keyboard the host sees, plugged into a controller being given away: the host loses it while the VM runs. */
function keyboardWarnings(host: Host, also: PciFunction[]): string[] {
  const given = new Set(also.map((a) => a.address));
  return usbControllers(host).filter((c) => given.has(c.address) && c.keyboard).flatMap((c) =>
    (c.devices ?? []).filter((d) => d.keyboard).map((d) =>
      `the keyboard ${d.productName ?? `${d.vendor}:${d.product}`} (USB ${d.port}) is plugged into ${c.address}, which goes to the guest: the host has no keyboard while the VM runs`));
}
