// What `dgpu plan`/`apply` set up and `dgpu verify` checks: the guest GPU, every function that goes to vfio-pci,
// their ids, whether they must be bound by address, the kernel parameters and the IOMMU groups.
// chooseGuest resolves the request (usage errors only); checkPassable refuses what cannot work (IOMMU off, a
// group that is not viable, the boot GPU without --allow-boot-gpu); intentFor derives the rest.
import { normalizeAddress } from '../address.js';
import type { CmdlineEdit, CmdlineSet } from '../cmdline/cmdline.js';
import { EnvironmentError, UsageError } from '../errors.js';
import { findGpus, idsOf, proposeGuestGpu, type Gpu } from '../analysis/gpu.js';
import { deviceAt, type Host } from '../host.js';
import { groupViability, iommuEnabled, type Blocker } from '../analysis/iommu.js';
import { kernelVersion } from '../modules/vfio-modules.js';
import { cmdlineAsksForIommu, firmwareOffError } from './iommu-stage.js';

export interface PassthroughRequest {
  /** A normalised PCI address of one of the GPU's functions, or 'auto'. */
  gpu: string;
  also: string[];
  allowBootGpu: boolean;
  /** systemd-boot entry names (`arch`, `arch.conf`); all Linux entries when absent or empty. */
  entries?: string[];
  /** Configure gnif/vendor-reset for the guest GPU (core/modules/vendor-reset-files.ts). */
  vendorReset?: boolean;
}

export interface GuestChoice {
  gpu: Gpu;
  /** The GPU's functions, then the --also ones, without duplicates. */
  functions: string[];
}

export interface Intent {
  gpu: string;
  functions: string[];
  /** Unique vendor:device of every function, in function order. */
  ids: string[];
  /** Another function the host keeps has the same ids: bind by address (driver_override), not by ids. */
  perAddress: boolean;
  /** Kernel parameters that must be on the command line. */
  params: CmdlineSet[];
  groups: number[];
  bootGpu: boolean;
}

const gpuLabel = (g: Gpu): string =>
  `${g.address} (${g.ids.join(',') || 'ids unknown'}${g.bootVga === true ? ', boot GPU' : ''}${g.viable === true ? ', viable' : g.viable === false ? ', not viable' : ''})`;

function choices(gpus: Gpu[]): string {
  return gpus.length === 0 ? 'none found' : gpus.map(gpuLabel).join('; ');
}

export function chooseGuest(host: Host, req: PassthroughRequest): GuestChoice {
  const gpus = findGpus(host);
  let gpu: Gpu | undefined;
  if (req.gpu === 'auto') {
    const proposal = proposeGuestGpu(host, gpus);
    if (proposal.gpu === null) {
      throw new UsageError(`--gpu auto: ${proposal.reason}`, `choose one with --gpu ADDR; GPUs: ${choices(gpus)}`);
    }
    gpu = proposal.gpu;
  } else {
    const address = normalizeAddress(req.gpu) ?? req.gpu;
    gpu = gpus.find((g) => g.address === address || g.functions.includes(address));
    if (!gpu) throw new UsageError(`--gpu ${req.gpu} is not a GPU on this host`, `GPUs: ${choices(gpus)}`);
  }
  const functions = [...gpu.functions];
  for (const a of req.also) {
    const address = normalizeAddress(a);
    if (address === null || !deviceAt(host, address)) throw new UsageError(`--also ${a} is not a PCI function on this host`, 'see `dgpu scan`');
    if (!functions.includes(address)) functions.push(address);
  }
  return { gpu, functions };
}

function describeBlocker(b: Blocker): string {
  const what = b.name ?? (b.class === null ? 'unknown function' : `class ${b.class}`);
  return `${b.address} ${what} (${b.driver === null ? 'no driver' : `driver ${b.driver}`})`;
}

/** No groups: the firmware's setting when the command line already asks for the IOMMU, else stage 1 (iommu-stage.ts). */
export function iommuOffError(host: Host): EnvironmentError {
  if (cmdlineAsksForIommu(host)) return firmwareOffError(host);
  return new EnvironmentError('the IOMMU is off: there are no IOMMU groups under /sys/kernel/iommu_groups',
    '`dgpu apply --gpu ADDR` turns it on on the kernel command line first (stage 1); reboot, then run dgpu again');
}

/** Refuses what cannot work: IOMMU off, a group with host devices in it, the boot GPU unless allowed. */
export function checkPassable(host: Host, choice: GuestChoice, req: PassthroughRequest): void {
  if (iommuEnabled(host) !== true) throw iommuOffError(host);
  const v = groupViability(host, choice.functions);
  if (v.viable === null) {
    throw new EnvironmentError(`the IOMMU group of ${choice.gpu.address} is not known`, 'check that the IOMMU is on (see `dgpu scan`)');
  }
  if (!v.viable) {
    throw new EnvironmentError(
      `IOMMU group ${v.groups.join(', ')} of ${choice.gpu.address} is not viable: it also holds ${v.blockers.map(describeBlocker).join('; ')}`,
      'pass them too with --also ADDR, or move the card to another slot (see `dgpu groups`)',
    );
  }
  if (choice.gpu.bootVga === true && !req.allowBootGpu) {
    throw new UsageError(
      `${choice.gpu.address} is the boot GPU: the firmware and the host console use it`,
      'choose the other GPU, or pass --allow-boot-gpu if the host really should give it away',
    );
  }
}

/** What passing the boot GPU costs (given --allow-boot-gpu): said loudly by plan, apply and vm attach alike. */
export function bootGpuWarning(gpu: string, detail = ''): string {
  return `${gpu} is the BOOT GPU: the host has no console on it while the guest has it${detail}; keep SSH or the other GPU at hand`;
}

/**
 * Kernels from 5.15 hand the firmware framebuffer to simpledrm/simplefb through sysfb (drivers/firmware/sysfb.c,
 * "firmware: Add the sysfb framebuffer platform device", v5.15), which `video=efifb:off` does not stop; the
 * usual remedy is `initcall_blacklist=sysfb_init` (Arch wiki, "PCI passthrough via OVMF", boot GPU section).
 */
export function sysfbKernel(release: string | null): boolean {
  const v = release === null ? null : kernelVersion(release);
  return v === null || v.major > 5 || (v.major === 5 && v.minor >= 15);
}

export function intentFor(host: Host, choice: GuestChoice): Intent {
  const fns = choice.functions.map((a) => deviceAt(host, a)!);
  const missing = fns.filter((d) => idsOf(d) === null).map((d) => d.address);
  if (missing.length > 0) throw new EnvironmentError(`vendor or device id unknown for ${missing.join(', ')}`, 'check that sysfs is readable');
  const ids = [...new Set(fns.map((d) => idsOf(d)!))];
  const perAddress = host.devices.some((d) => !choice.functions.includes(d.address) && ids.includes(idsOf(d) ?? ''));
  const bootGpu = choice.gpu.bootVga === true;
  const params: CmdlineSet[] = [];
  // vfio-pci's `ids` is one string whose last occurrence wins: merged, so ids the user passes today stay.
  if (!perAddress) params.push({ key: 'vfio-pci.ids', value: ids.join(','), mode: 'merge' });
  // Both take a comma list of options, each occurrence read in full (kernel-parameters.txt, `intel_iommu=` and
  // `iommu=` [X86]): `intel_iommu=on,igfx_off` already has `on`, and `pt` joins an `iommu=1` rather than sitting
  // beside it. `iommu=1` does not turn anything on (the x86 parser reads a number as the GART aperture size), so
  // `pt` is still wanted there.
  if (host.cpuVendor === 'intel') params.push({ key: 'intel_iommu', value: 'on', mode: 'option' });
  params.push({ key: 'iommu', value: 'pt', mode: 'option' });
  if (bootGpu) {
    params.push({ key: 'video', value: 'efifb:off', mode: 'add' });
    if (sysfbKernel(host.kernelRelease)) params.push({ key: 'initcall_blacklist', value: 'sysfb_init', mode: 'add' });
  }
  const groups = groupViability(host, choice.functions).groups;
  return { gpu: choice.gpu.address, functions: choice.functions, ids, perAddress, params, groups, bootGpu };
}

/**
 * The command-line edit: merge the guest's ids into any vfio-pci.ids / vfio_pci.ids (the editor compares keys
 * with - and _ as equal), with `keepIds` (ids the user's own modprobe.d files claim: kmod puts the command line's
 * options after theirs, so a command-line list without them would unbind those cards); remove vfio-pci.ids when
 * binding by address, where ids would take the host's card too; take out what keeps the IOMMU off. `ownIds`
 * (the ids dgpu's own vfio.conf held for an earlier guest) leave the list: dgpu added them, so it takes them back.
 */
export function cmdlineEditFor(intent: Intent, keepIds: string[] = [], offParams: string[] = [], ownIds: string[] = []): CmdlineEdit {
  const without = ownIds.filter((id) => !keepIds.includes(id) && !intent.ids.includes(id));
  const set = intent.params.map((p) =>
    p.mode !== 'merge' ? p : { ...p, value: [...keepIds, ...(p.value ?? '').split(',')].join(','), ...(without.length > 0 ? { without } : {}) },
  );
  if (intent.perAddress) {
    // By address, the guest's ids must leave every list (they would take the host's card too); the user's other
    // ids stay, and a list left empty goes (cmdline-edit.ts, merge).
    const out = [...new Set([...intent.ids, ...ownIds])];
    set.push({ key: 'vfio-pci.ids', value: keepIds.filter((id) => !out.includes(id)).join(','), mode: 'merge', without: out });
  }
  return { set, remove: offParams };
}
