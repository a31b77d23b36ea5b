// The planner (issue 3): from one Host and the configuration files, the full plan for handing a GPU to vfio-pci,
// computed before anything is written. Pure. "Strip what we could have added, add what we want": every editor
// strips dgpu's own settings before adding the wanted ones, so planning again after apply gives an empty plan.
import { cmdlineEditFor, checkPassable, chooseGuest, intentFor, type Intent, type PassthroughRequest } from './intent.js';
import type { ConfigFiles } from './config-files.js';
import { hasAcsOverride } from '../analysis/findings.js';
import { idsOf } from '../analysis/gpu.js';
import { deviceAt, type Host } from '../host.js';
import { macosSupport } from '../analysis/macos.js';
import { mergePlans, type Plan } from './plan.js';
import { planCmdline } from './plan-cmdline.js';
import { planInitramfs } from './plan-initramfs.js';
import { planModprobe } from './plan-modprobe.js';
import { regenerateInitramfs } from '../modules/initramfs-regenerate.js';

export type { Intent, PassthroughRequest } from './intent.js';

export function planPassthrough(host: Host, files: ConfigFiles, req: PassthroughRequest): { plan: Plan; intent: Intent } {
  const choice = chooseGuest(host, req);
  checkPassable(host, choice, req);
  const intent = intentFor(host, choice);
  const modprobe = planModprobe(host, files, intent);
  const initramfs = planInitramfs(host, files, modprobe.path);
  // vfio.conf is copied into the image (modconf hook, initramfs-tools, dracut install_items): rebuild it too.
  if (modprobe.changes.length > 0 && initramfs.commands.length === 0) {
    initramfs.commands.push(...host.boot.initramfs.flatMap((d) => regenerateInitramfs(d.kind)));
  }
  const cmdline = planCmdline(host, files, cmdlineEditFor(intent), req.entries ?? []);
  const plan = mergePlans(
    { changes: modprobe.changes, commands: [], warnings: [...intentWarnings(host, intent), ...modprobe.warnings] },
    initramfs, // initramfs before the bootloader: grub.cfg and UKIs take the images as they are
    cmdline,
  );
  return { plan, intent };
}

function intentWarnings(host: Host, intent: Intent): string[] {
  const out: string[] = [];
  if (intent.bootGpu) {
    out.push(`${intent.gpu} is the BOOT GPU: after the reboot the host has no console on it (video=efifb:off${intent.params.some((p) => p.key === 'initcall_blacklist') ? ', initcall_blacklist=sysfb_init' : ''}); keep SSH or the other GPU at hand`);
  }
  if (intent.perAddress) {
    const kept = new Set(host.devices.filter((d) => !intent.functions.includes(d.address)).map((d) => idsOf(d)));
    const shared = intent.ids.filter((id) => kept.has(id));
    out.push(`the host keeps a card with the same ids (${shared.join(',')}): binding ${intent.functions.join(' ')} by address, not with vfio-pci.ids`);
  }
  if (hasAcsOverride(host.cmdline)) {
    out.push('pcie_acs_override= is on the command line: the groups look split, but the devices are not isolated from each other');
  }
  const d = deviceAt(host, intent.gpu);
  const mac = d?.vendor && d.device ? macosSupport(d.vendor, d.device) : null;
  if (mac?.supported === false) out.push(`macOS has no driver for ${intent.gpu} (${mac.family}): a macOS guest will not use it`);
  else if (mac?.supported === null) out.push(`macOS support of ${intent.gpu} is not known: ${mac.note ?? mac.family}`);
  else if (mac && mac.needs.length > 0) out.push(`macOS drives ${mac.family} ${mac.first ?? '?'}–${mac.last ?? '?'} with ${mac.needs.join(', ')}`);
  return out;
}
