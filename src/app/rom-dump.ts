// `dgpu rom dump ADDR OUT`: the VBIOS of a GPU the host does not use, for `vm attach --rom`. Never the boot GPU:
// its ROM in memory is the firmware's shadow copy, changed by the POST it ran (the kernel's pci_map_rom takes the
// shadow at 0xC0000 for it, drivers/pci/rom.c), and its host driver holds it.
import { addressArg } from '../core/address.js';
import { EnvironmentError, UsageError } from '../core/errors.js';
import { deviceAt } from '../core/host.js';
import { isDisplay } from '../core/pci-class.js';
import { checkRom } from '../core/rom/vbios.js';
import { readSysfsRom } from '../host/sysfs-rom.js';
import { writeUserFile } from '../host/user-files.js';
import type { HostContext } from './context.js';

export interface RomDumped {
  bytes: number;
  vendor: string;
  device: string;
}

export async function romDumpUse(ctx: HostContext, addressText: string, out: string): Promise<RomDumped> {
  const address = addressArg(addressText, 'rom dump');
  const host = await ctx.host();
  const d = deviceAt(host, address);
  if (d === undefined || !isDisplay(d.class)) throw new UsageError(`${address} is not a GPU on this host`, 'pass the display function (class 03xx) of the guest GPU; `dgpu scan` lists them');
  if (d.bootVga === true) {
    throw new UsageError(`${address} is the boot GPU: its ROM in use is the firmware's copy after POST, not the card's`, 'dump the guest GPU, or dump this card in a host where it is not the boot GPU');
  }
  if (d.driver !== null && d.driver !== 'vfio-pci') {
    throw new EnvironmentError(`${address} is in use by the host (driver ${d.driver})`, 'give it to vfio-pci first (`dgpu apply`, reboot), then dump it');
  }
  const data = readSysfsRom(ctx.root, address);
  const check = checkRom(data);
  if (!check.ok) throw new EnvironmentError(`the ROM read from ${address} is not usable: ${check.why}`, 'nothing was written; try again after a host reboot, before any guest used the card');
  const { vendor, device } = check.info;
  if (vendor !== d.vendor || device !== d.device) {
    throw new EnvironmentError(`the ROM read from ${address} is for ${vendor}:${device}, the card is ${d.vendor}:${d.device}`, 'nothing was written; check the address');
  }
  writeUserFile(out, data);
  return { bytes: data.length, vendor, device };
}
