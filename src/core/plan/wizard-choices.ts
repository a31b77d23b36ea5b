// What the setup wizard shows and offers, computed from the scan report: the host in a few lines,
// the GPU choices with the reason a GPU cannot be picked, and the commands that do the same without a terminal.
// Pure: the conversation itself is src/cli/wizard.ts.
import type { ScanJson } from '../analysis/scan-report.js';
import { describeMacos } from '../analysis/macos.js';

export type ScanGpu = ScanJson['gpus'][number];

export interface GpuChoice {
  address: string;
  label: string;
  /** Why it is marked: "boot GPU", "not viable: 0000:00:1f.3 in group 12". */
  hint: string;
  /** False: shown with its reason, not selectable (vfio needs the whole group). */
  selectable: boolean;
  /** The firmware booted on it: selectable only after a confirm (docs/domain.md: "a loud warning, not a default"). */
  boot: boolean;
}

/** `0000:03:00.0` → `03:00.0`: the form people type; the domain is kept when it is not 0000. */
export function shortAddress(address: string): string {
  return address.startsWith('0000:') ? address.slice(5) : address;
}

function nameOf(r: ScanJson, address: string): string {
  return r.devices.find((d) => d.address === address)?.name ?? r.gpus.find((g) => g.address === address)?.ids[0] ?? '';
}

function reasonNotViable(g: ScanGpu): string {
  if (g.viable === null) return 'IOMMU groups unknown';
  const held = g.blockerDetails.map((b) => b.address).join(', ');
  return `not viable: group ${g.groups.join(', ')} also holds ${held || 'other devices'}`;
}

/** Every GPU as a choice; the boot GPU and non-viable ones carry their reason. Proposed GPU first in nothing: host order. */
export function gpuChoices(r: ScanJson): GpuChoice[] {
  return r.gpus.map((g) => {
    const boot = g.bootVga === true;
    const viable = g.viable === true;
    const tags = [
      g.address === r.proposedGuest ? 'proposed' : null,
      boot ? 'boot GPU: the host would lose its console' : null,
      viable ? null : reasonNotViable(g),
      describeMacos(g.macos),
    ].filter((t): t is string => t !== null);
    // clack shows a hint only on the focused line: the reason a GPU is marked goes in the label itself
    const mark = boot ? '  [boot GPU]' : viable ? '' : `  [${g.viable === null ? 'groups unknown' : 'not viable'}]`;
    return { address: g.address, label: `${shortAddress(g.address)}  ${nameOf(r, g.address)}`.trim() + mark, hint: tags.join(' · '), selectable: viable, boot };
  });
}

/** The choice to preselect: the proposed guest GPU, else the first selectable GPU that is not the boot GPU. */
export function initialGpu(r: ScanJson, choices: GpuChoice[]): string | null {
  if (r.proposedGuest !== null) return r.proposedGuest;
  return choices.find((c) => c.selectable && !c.boot)?.address ?? choices.find((c) => c.selectable)?.address ?? null;
}

/** The host as scanned, in a few lines (step 1). */
export function hostSummary(r: ScanJson): string[] {
  const iommu = r.iommu.enabled === null ? 'IOMMU groups unknown' : r.iommu.enabled ? 'IOMMU on' : 'IOMMU off';
  const lines = [[`CPU: ${r.cpuVendor ?? 'unknown'}`, iommu, r.iommu.acsOverride ? 'ACS override on' : null].filter(Boolean).join(' · ')];
  lines.push(`${r.gpus.length} GPU${r.gpus.length === 1 ? '' : 's'}:`);
  for (const g of r.gpus) {
    const tags = [g.bootVga === true ? 'boot GPU' : null, g.viable === true ? 'viable' : g.viable === false ? 'not viable' : 'groups unknown'];
    lines.push(`  ${shortAddress(g.address)}  ${nameOf(r, g.address)}  [${tags.filter(Boolean).join(', ')}]  ${g.functions.length} function${g.functions.length === 1 ? '' : 's'}`);
  }
  lines.push(r.proposedGuest === null ? `proposed guest GPU: none (${r.proposedGuestReason})` : `proposed guest GPU: ${shortAddress(r.proposedGuest)} (${r.proposedGuestReason})`);
  for (const f of r.findings.filter((x) => x.severity !== 'info')) lines.push(`${f.severity}: ${f.message}`);
  return lines;
}

export interface CommandContext {
  /** The --root as the user gave it; omitted from the commands when it is `/`. */
  root: string;
  /** Host GPU address, or null when none can be proposed (the commands then say ADDR). */
  gpu: string | null;
  allowBootGpu?: boolean;
  domain?: string | null;
  connect?: string;
  input?: 'usb' | 'evdev' | 'keep';
  /** More functions for the VM only (the USB controllers of `--input usb`). */
  also?: string[];
  /** More functions bound to vfio-pci with the GPU (`plan/apply --also`): repeated on every command. */
  hostAlso?: string[];
  entries?: string[];
}

function quote(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

/** The dgpu commands that do what the wizard does ("without a terminal it prints the equivalent flags"). */
export function equivalentCommands(c: CommandContext): string[] {
  const gpu = c.gpu === null ? 'ADDR' : shortAddress(c.gpu);
  const root = c.root === '/' ? [] : ['--root', c.root];
  const hostAlso = c.hostAlso ?? [];
  const also = (list: string[]) => (list.length === 0 ? [] : ['--also', ...list.map(shortAddress)]);
  const boot = c.allowBootGpu ? ['--allow-boot-gpu'] : [];
  const entries = c.entries !== undefined && c.entries.length > 0 ? ['--entry', ...c.entries] : [];
  const cmd = (...args: string[]) => ['dgpu', ...args, ...root].map(quote).join(' ');
  const vm = ['vm', 'attach', c.domain ?? 'NAME', '--gpu', gpu, ...boot];
  if (c.connect !== undefined && c.connect !== 'qemu:///system') vm.push('--connect', c.connect);
  if (c.input !== undefined) vm.push('--input', c.input);
  vm.push(...also([...hostAlso, ...(c.also ?? []).filter((a) => !hostAlso.includes(a))]));
  return [
    cmd('plan', '--gpu', gpu, ...also(hostAlso), ...boot, ...entries),
    cmd('apply', '--gpu', gpu, ...also(hostAlso), ...boot, ...entries, '--yes'),
    cmd('verify', '--gpu', gpu, ...also(hostAlso)),
    cmd(...vm, '--yes'),
  ];
}

/** `dgpu rollback ID` for each transaction, newest first (undo in reverse order). */
export function rollbackCommands(root: string, ids: string[]): string[] {
  const r = root === '/' ? [] : ['--root', root];
  return [...ids].reverse().map((id) => ['dgpu', 'rollback', id, ...r].map(quote).join(' '));
}
