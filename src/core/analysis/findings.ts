// What the user must know about the host before planning ("Findings"). Expected host conditions are
// findings, not errors (docs/architecture.md).
import { deviceAt, type Host } from '../host.js';
import { idsOf, type Gpu } from './gpu.js';
import { isUsbController } from '../pci-class.js';
import { vfioBuiltin } from '../modules/vfio-modules.js';
import { iommuEnabled } from './iommu.js';
import { cmdlineAsksForIommu, firmwareOffError } from './iommu-cmdline.js';
import { guideFindings } from './guide-findings.js';
import { pushTo } from '../multimap.js';

export interface Finding {
  code: string;
  severity: 'info' | 'warning' | 'error';
  message: string;
  addresses?: string[];
  /** What to do about it, where the message names a fix (also in the message). */
  fix?: string;
  /** The page or document the fact and the fix come from. */
  source?: string;
}

export function hasAcsOverride(cmdline: string | null): boolean {
  return cmdline !== null && /(?:^|\s)pcie_acs_override=/.test(cmdline);
}

export function hostFindings(host: Host, gpus: Gpu[], guest: Gpu | null): Finding[] {
  return [
    ...iommuFindings(host),
    ...bootFindings(gpus),
    ...sharedIdFindings(host, gpus),
    ...sharedGroupFindings(gpus, guest),
    ...unknownIdFindings(host, gpus),
    ...moduleFindings(host),
    ...guideFindings(host, guest),
  ];
}

function iommuFindings(host: Host): Finding[] {
  const out: Finding[] = [];
  if (iommuEnabled(host) === false) {
    out.push(cmdlineAsksForIommu(host)
      ? { code: 'iommu-firmware-off', severity: 'error', message: `no IOMMU groups although the command line asks for the IOMMU: the firmware has it off; ${firmwareOffError(host).hint}` }
      : { code: 'iommu-off', severity: 'error', message: 'no IOMMU groups: the IOMMU is off; `dgpu apply` first turns it on on the kernel command line (stage 1), then after a reboot gives the GPU to vfio-pci' });
  }
  if (host.iommuGroups === null) {
    out.push({ code: 'groups-unknown', severity: 'warning', message: 'the dump has no IOMMU groups: viability is unknown' });
  }
  if (hasAcsOverride(host.cmdline)) {
    // docs/domain.md: the override makes groups look split without isolating the hardware.
    out.push({
      code: 'acs-override',
      severity: 'warning',
      message: 'pcie_acs_override is on the kernel command line: the groups shown are split by the patch, not isolated by the hardware',
    });
  } else if (host.source === 'dump' && host.cmdline === null && host.iommuGroups !== null) {
    out.push({
      code: 'cmdline-unknown',
      severity: 'info',
      message: 'the dump has no /proc/cmdline: whether pcie_acs_override split these groups is unknown',
    });
  }
  return out;
}

function bootFindings(gpus: Gpu[]): Finding[] {
  const boot = gpus.filter((g) => g.bootVga === true);
  if (boot.length > 0) {
    return [{
      code: 'boot-gpu',
      severity: 'info',
      message: `${boot.map((g) => g.address).join(', ')} is the boot GPU: the host keeps it (passing it needs video=efifb:off)`,
      addresses: boot.map((g) => g.address),
    }];
  }
  if (gpus.length > 0 && gpus.every((g) => g.bootVga === null)) {
    return [{ code: 'boot-gpu-unknown', severity: 'info', message: 'which GPU the firmware boots on is not known (no boot_vga)' }];
  }
  return [];
}

/** The vfio-pci.ids trap (docs/domain.md): ids claim every device that has them, so two GPUs sharing one cannot be split by ids. */
function sharedIdFindings(host: Host, gpus: Gpu[]): Finding[] {
  const out: Finding[] = [];
  // One finding per set of cards that share ids (not one per pair: a rack of 100 identical cards is one trap).
  const cardsById = new Map<string, string[]>();
  for (const g of gpus) for (const id of g.ids) pushTo(cardsById, id, g.address);
  const idsByCards = new Map<string, { addresses: string[]; ids: string[] }>();
  for (const [id, addresses] of cardsById) {
    if (addresses.length < 2) continue;
    const key = addresses.join(' ');
    const entry = idsByCards.get(key) ?? { addresses, ids: [] };
    entry.ids.push(id);
    idsByCards.set(key, entry);
  }
  for (const { addresses, ids } of idsByCards.values()) {
    const who = addresses.length === 2 ? `${addresses[0]} and ${addresses[1]}` : addresses.join(', ');
    const all = addresses.length === 2 ? 'both' : `all ${addresses.length}`;
    out.push({
      code: 'identical-ids',
      severity: 'warning',
      message: `${who} share ${ids.join(', ')}: vfio-pci.ids would claim ${all}; bind by address (driver_override) instead`,
      addresses,
    });
  }
  const usb = new Map<string, string[]>();
  for (const d of host.devices.filter((x) => isUsbController(x.class))) {
    const id = idsOf(d);
    if (id) pushTo(usb, id, d.address);
  }
  for (const [id, addresses] of usb) {
    if (addresses.length < 2) continue;
    out.push({
      code: 'identical-usb-ids',
      severity: 'info',
      message: `USB controllers ${addresses.join(', ')} share ${id}: pass one by address, not by ids`,
      addresses,
    });
  }
  return out;
}

function sharedGroupFindings(gpus: Gpu[], guest: Gpu | null): Finding[] {
  const out: Finding[] = [];
  // Only cards that meet in some group are compared, so a dump of thousands of cards in their own groups stays linear.
  const byGroup = new Map<number, number[]>();
  for (const [i, g] of gpus.entries()) for (const group of g.groups) pushTo(byGroup, group, i);
  const pairs = new Set<number>();
  for (const cards of byGroup.values()) for (const i of cards) for (const j of cards) if (i < j) pairs.add(i * gpus.length + j);
  for (const pair of [...pairs].sort((x, y) => x - y)) {
    const a = gpus[Math.floor(pair / gpus.length)]!;
    const b = gpus[pair % gpus.length]!;
    const shared = a.groups.filter((g) => b.groups.includes(g));
    const onlyPair = gpus.length === 2;
    out.push({
      code: 'gpus-share-group',
      severity: onlyPair || guest === a || guest === b ? 'error' : 'warning',
      message: `${a.address} and ${b.address} share IOMMU group ${shared.join(', ')}: ${onlyPair ? 'the guest GPU would take the host\'s only other GPU with it' : 'neither can be passed without the other'}`,
      addresses: [a.address, b.address],
    });
  }
  return out;
}

function unknownIdFindings(host: Host, gpus: Gpu[]): Finding[] {
  const cut = gpus.flatMap((g) => g.functions).filter((a) => {
    const d = deviceAt(host, a);
    return d !== undefined && idsOf(d) === null;
  });
  if (cut.length === 0) return [];
  return [{
    code: 'ids-unknown',
    severity: 'warning',
    message: `the ids of ${cut.join(', ')} are not in the source (a cut-off line?): vfio-pci.ids would miss them`,
    addresses: cut,
  }];
}

function moduleFindings(host: Host): Finding[] {
  if (!vfioBuiltin(host)) return [];
  return [{
    code: 'vfio-pci-builtin',
    severity: 'warning',
    message: 'vfio-pci is built into this kernel: `options vfio-pci` in modprobe.d and softdeps do nothing; use vfio-pci.ids= on the kernel command line',
  }];
}
