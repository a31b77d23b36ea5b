// The planner: from one Host and the configuration files, the full plan for handing a GPU to vfio-pci,
// computed before anything is written. Pure. "Strip what we could have added, add what we want": every editor
// strips dgpu's own settings before adding the wanted ones, so planning again after apply gives an empty plan.
import { bootGpuWarning, cmdlineEditFor, checkPassable, chooseGuest, intentFor, type Intent, type PassthroughRequest } from './intent.js';
import { iommuOffParams } from './iommu-stage.js';
import type { ConfigFiles } from './config-files.js';
import { hasAcsOverride } from '../analysis/findings.js';
import { idsOf } from '../analysis/gpu.js';
import { deviceAt, type Host } from '../host.js';
import { macosSupport } from '../analysis/macos.js';
import { mergePlans, type CommandStep, type Plan } from './plan.js';
import { formatParam } from '../cmdline/cmdline.js';
import { ukiBuilder, ukiCommands } from '../cmdline/kernel-install.js';
import { manualWarning, nixosSnippet } from './manual-steps.js';
import { vfioModules } from '../modules/vfio-modules.js';
import { MANAGED_HEADER } from '../modules/managed-file.js';
import { planCmdline } from './plan-cmdline.js';
import { planInitramfs } from './plan-initramfs.js';
import { planModprobe } from './plan-modprobe.js';
import { vfioBuiltin } from '../modules/vfio-modules.js';
import { regenerateInitramfs } from '../modules/initramfs-regenerate.js';
import { planVendorReset } from '../modules/vendor-reset-files.js';

export type { Intent, PassthroughRequest } from './intent.js';

export function planPassthrough(host: Host, files: ConfigFiles, req: PassthroughRequest): { plan: Plan; intent: Intent } {
  const choice = chooseGuest(host, req);
  checkPassable(host, choice, req);
  const intent = intentFor(host, choice);
  const modprobe = planModprobe(host, files, intent);
  if (isNixos(host)) {
    // Nix writes the file, so dgpu's "managed by" line would be wrong there.
    const text = (modprobe.changes[0]?.after ?? files[modprobe.path] ?? null)?.replace(`${MANAGED_HEADER}\n`, '') ?? null;
    return { plan: nixosPlan(host, intent, text, [...intentWarnings(host, intent), ...modprobe.warnings]), intent };
  }
  const initramfs = planInitramfs(host, files, modprobe.path, intent.perAddress ? intent.functions : null);
  // vfio.conf is copied into the image (modconf hook, initramfs-tools, dracut install_items): rebuild it too.
  if (modprobe.changes.length > 0 && initramfs.commands.length === 0) {
    initramfs.commands.push(...host.boot.initramfs.flatMap((d) => regenerateInitramfs(d.kind)));
  }
  // A built-in vfio-pci never read the modprobe.d ids, so the command line does not take them over.
  const keepIds = vfioBuiltin(host) ? [] : modprobe.userIds;
  const cmdline = planCmdline(host, files, cmdlineEditFor(intent, keepIds, iommuOffParams(host), modprobe.ownIds), req.entries ?? []);
  ukiOnce(host, files, initramfs, cmdline, modprobe.changes.length > 0);
  const reset = req.vendorReset === true ? planVendorReset(host, files, intent.gpu) : { changes: [], warnings: [] };
  const plan = mergePlans(
    { changes: modprobe.changes, commands: [], warnings: [...intentWarnings(host, intent), ...modprobe.warnings] },
    { changes: reset.changes, commands: [], warnings: reset.warnings },
    initramfs, // initramfs before the bootloader: grub.cfg and UKIs take the images as they are
    cmdline,
  );
  return { plan, intent };
}

/**
 * Unified kernel images hold the initramfs and /etc/kernel/cmdline: whatever changed, the one tool that builds
 * them runs, once, and the initramfs generator's own command goes where that tool runs it itself
 * (kernel-install's 50-dracut / 50-mkinitcpio plugins).
 */
function ukiOnce(host: Host, files: ConfigFiles, initramfs: Plan, cmdline: Plan, modprobeChanged: boolean): void {
  if (!host.boot.bootloaders.some((b) => b.kind === 'uki') || cmdline.commands.some((c) => c.argv[0] === 'proxmox-boot-tool')) return;
  if (initramfs.changes.length === 0 && cmdline.changes.length === 0 && !modprobeChanged) return;
  const facts = { facts: host.boot.facts ?? [], files, initramfs: host.boot.initramfs.map((d) => d.kind) };
  const builder = ukiBuilder(facts) ?? 'kernel-install';
  const generator = (c: CommandStep): boolean => ['dracut', 'mkinitcpio'].includes(c.argv[0]!);
  if (builder === 'kernel-install') initramfs.commands = initramfs.commands.filter((c) => !generator(c));
  else cmdline.commands = cmdline.commands.filter((c) => c.argv[0] !== 'kernel-install');
  const steps = ukiCommands(facts);
  cmdline.commands = [...cmdline.commands.filter((c) => !steps.some((s) => s.argv.join(' ') === c.argv.join(' '))), ...steps];
  initramfs.commands = initramfs.commands.filter((c) => !steps.some((s) => s.argv.join(' ') === c.argv.join(' ')));
}

function isNixos(host: Host): boolean {
  return host.boot.bootloaders.some((b) => b.kind === 'nixos') || host.osRelease?.['ID'] === 'nixos';
}

/** NixOS: nothing under /etc is written; the plan is the snippet for configuration.nix (manual-steps.ts). */
function nixosPlan(host: Host, intent: Intent, modprobe: string | null, warnings: string[]): Plan {
  const edit = cmdlineEditFor(intent);
  const params = edit.set.map((s) => formatParam(s.key, s.value));
  const snippet = nixosSnippet(params, vfioModules(host.kernelRelease), modprobe);
  const manual = { where: 'configuration.nix (then nixos-rebuild switch; NixOS builds /etc and the boot loader from it)', add: params, remove: edit.remove, snippet };
  return { changes: [], commands: [], warnings: [...warnings, manualWarning(manual)], manual: [manual] };
}

function intentWarnings(host: Host, intent: Intent): string[] {
  const out: string[] = [];
  if (intent.bootGpu) {
    out.push(bootGpuWarning(intent.gpu, ` (video=efifb:off${intent.params.some((p) => p.key === 'initcall_blacklist') ? ', initcall_blacklist=sysfb_init' : ''})`));
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
