// Human output of `dgpu scan`: GPUs first, then the guest GPU with its vfio-pci.ids, findings, USB controllers.
// Pure (returns lines); the command prints them.
import type { Host } from '../core/host.js';
import type { ScanJson } from '../core/analysis/scan-report.js';
import { nameOfClass } from '../core/dump/class-names.js';
import { describeMacos } from '../core/analysis/macos.js';
import { style } from './io.js';

type Dev = ScanJson['devices'][number];

export function scanView(host: Host, r: ScanJson): string[] {
  const byAddr = new Map(r.devices.map((d) => [d.address, d]));
  const lines = [header(host, r), ''];
  lines.push(style('bold', r.gpus.length === 0 ? 'GPUs: none' : 'GPUs'));
  for (const g of r.gpus) {
    const tags = [verdict(g.viable), g.bootVga === true ? style('cyan', 'boot GPU') : null].filter(Boolean).join(', ');
    lines.push(`  ${style('bold', g.address)}  ${byAddr.get(g.address)?.name ?? ''}  [${tags}]`);
    for (const a of g.functions) lines.push(`    ${fnLine(host, byAddr.get(a)!)}`);
    if (g.blockerDetails.length > 0) {
      lines.push(`    blocked by the other members of group ${g.groups.join(', ')}:`);
      for (const b of g.blockerDetails) {
        const d = byAddr.get(b.address);
        lines.push(`      ${d ? fnLine(host, d) : `${b.address}  ${b.name ?? ''}`}`);
      }
    }
  }
  lines.push('', guestLines(r, byAddr));
  if (r.findings.length > 0) {
    lines.push('', style('bold', 'Findings'));
    const color = { info: 'dim', warning: 'yellow', error: 'red' } as const;
    for (const f of r.findings) lines.push(`  ${style(color[f.severity], f.severity.padEnd(7))}  ${f.message}`);
  }
  lines.push('', ...usbLines(host, r));
  return lines;
}

function header(host: Host, r: ScanJson): string {
  const iommu = r.iommu.enabled === null ? 'IOMMU groups unknown' : r.iommu.enabled ? 'IOMMU on' : 'IOMMU off';
  const parts = [`source: ${r.source}`, iommu, `ACS override: ${r.iommu.acsOverride ? 'yes' : host.cmdline === null ? 'not known' : 'no'}`];
  if (r.cpuVendor) parts.push(`CPU: ${r.cpuVendor}`);
  if (!host.known.drivers) parts.push('drivers: not in the source');
  return style('dim', parts.join(' · '));
}

function verdict(v: boolean | null): string {
  return v === null ? style('yellow', 'groups unknown') : v ? style('green', 'viable') : style('red', 'not viable');
}

function fnLine(host: Host, d: Dev): string {
  const ids = d.vendor !== null || d.device !== null ? `${d.vendor ?? '????'}:${d.device ?? '????'}` : '?:?';
  const group = d.iommuGroup === null ? 'group ?' : `group ${d.iommuGroup}`;
  return `${d.address}  ${ids}  ${nameOfClass(d.class) ?? d.class ?? '?'}: ${d.name ?? ''}  ${group}${driverNote(host, d.driver)}`;
}

function driverNote(host: Host, driver: string | null): string {
  if (!host.known.drivers) return '';
  return driver === null ? '  (no driver)' : `  (driver ${driver})`;
}

function guestLines(r: ScanJson, byAddr: Map<string, Dev>): string {
  if (r.proposedGuest === null) return `${style('bold', 'Guest GPU:')} none proposed: ${r.proposedGuestReason}`;
  const g = r.gpus.find((x) => x.address === r.proposedGuest);
  // -s and -d narrow what is listed, not what is judged: the guest may be outside the selection
  if (g === undefined) return `${style('bold', 'Guest GPU:')} ${r.proposedGuest} (not in the -s/-d selection)\n  ${r.proposedGuestReason}`;
  return [
    `${style('bold', 'Guest GPU:')} ${g.address}  ${byAddr.get(g.address)?.name ?? ''}`,
    `  ${r.proposedGuestReason}`,
    `  vfio-pci.ids=${g.ids.join(',')}`,
    `  ${describeMacos(g.macos)}`,
  ].join('\n');
}

function usbLines(host: Host, r: ScanJson): string[] {
  if (r.usbControllers.length === 0) return [style('bold', 'USB controllers: none')];
  const lines = [style('bold', 'USB controllers')];
  for (const u of r.usbControllers) {
    const group = u.iommuGroup === null ? 'group ?' : `group ${u.iommuGroup}`;
    const blockers = u.blockers.length > 0 ? ` (with ${u.blockers.join(', ')})` : '';
    lines.push(`  ${u.address}  ${u.ids ?? '?:?'}  ${u.name ?? ''}  ${group}  ${verdict(u.viable)}${blockers}${driverNote(host, u.driver)}`);
    if (u.devices === null) lines.push(`    ${style('dim', 'plugged in: not known')}`);
    else if (u.devices.length === 0) lines.push(`    ${style('dim', 'nothing plugged in')}`);
    for (const d of u.devices ?? []) {
      const input = [d.keyboard ? 'KEYBOARD' : null, d.mouse ? 'MOUSE' : null].filter(Boolean).join(' ');
      lines.push(`    ${d.port}  ${d.vendor ?? '?'}:${d.product ?? '?'}  ${d.name ?? ''}${input ? `  ${style('yellow', input)}` : ''}`);
    }
  }
  return lines;
}
