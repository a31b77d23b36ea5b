// `dgpu report`: one self-contained HTML page (inline CSS and SVG, no external resource, no script) with the
// host's GPUs, the IOMMU groups drawn, the PCI tree, the guest GPU with its blockers, the macOS verdict and the
// plan. Pure: text in, text out; no clock (the page carries no date).
import { slotOf } from '../address.js';
import { clip, esc, lineDiff, shellLine } from './html-text.js';
import { describeMacos, macosForIds, type MacosSupport } from '../analysis/macos.js';
import { openCoreFragment } from '../opencore/oc-fragment.js';
import { isBridge } from '../pci-class.js';
import { groupsSvg } from './report-groups-svg.js';
import type { ReportDevice, ReportGpu, ReportPlan, ReportScan } from './report-input.js';
import { REPORT_CSS } from './report-style.js';
import { pushTo } from '../multimap.js';

export interface ReportOptions {
  /** The plan to show; absent or null: a "no plan" note. */
  plan?: ReportPlan | null;
  /** Guest GPU address; defaults to the scan's proposedGuest. */
  guest?: string | null;
}

const yesNo = (v: boolean | null, yes: string, no: string, unknown = 'unknown') =>
  v === null ? unknown : v ? yes : no;

function deviceName(d: ReportDevice | undefined): string {
  if (d === undefined) return '';
  return d.name ?? (d.vendor !== null && d.device !== null ? `[${d.vendor}:${d.device}]` : (d.class ?? ''));
}

function gpuMacos(gpu: ReportGpu): MacosSupport | null {
  return gpu.macos !== undefined ? gpu.macos : macosForIds(gpu.ids);
}

function macosCard(m: MacosSupport | null, address: string): string {
  const cls = m === null || m.supported === null ? 'unknown' : m.supported ? (m.needs.length > 0 ? 'warn' : 'ok') : 'bad';
  const note = m?.note !== undefined ? `<p class="note">${esc(m.note)}</p>` : '';
  // No domain here, so no guest path: a device-id spoof is named in the summary, keyed by the path gfxutil shows.
  const oc = openCoreFragment(address, m, null);
  const plist = oc.plist === null ? '' : `<details id="opencore"><summary>${esc(oc.summary)}</summary><pre>${esc(oc.plist)}</pre></details>`;
  return `<div class="verdict ${cls}" id="macos"><h3>macOS guest</h3><p>${esc(describeMacos(m))}</p>${note}${plist}</div>`;
}

function guestSection(scan: ReportScan, gpu: ReportGpu | undefined, byAddr: Map<string, ReportDevice>): string {
  if (gpu === undefined) {
    return `<section id="guest"><h2>Guest GPU</h2><p class="muted">No guest GPU proposed: no viable GPU other than the one the host boots on, or the groups are unknown.</p></section>`;
  }
  const viable = yesNo(gpu.viable, 'viable', 'not viable', 'viability unknown (no IOMMU groups in the source)');
  const blockers =
    gpu.blockers.length === 0
      ? `<p class="muted">No blockers.</p>`
      : `<ul class="blockers">${gpu.blockers
          .map((b) => {
            const d = byAddr.get(b);
            const drv = d?.driver != null ? ` — held by <code>${esc(d.driver)}</code>` : '';
            return `<li><code>${esc(b)}</code> ${esc(deviceName(d))}${drv}</li>`;
          })
          .join('')}</ul>`;
  const name = deviceName(byAddr.get(gpu.address));
  return (
    `<section id="guest"><h2>Guest GPU <code>${esc(gpu.address)}</code></h2>` +
    `<div class="cards"><div class="verdict ${gpu.viable === true ? 'ok' : gpu.viable === false ? 'bad' : 'unknown'}">` +
    `<h3>${esc(name)}</h3><p>vfio-pci ids: <code>${esc(gpu.ids.join(','))}</code></p>` +
    `<p>functions: ${gpu.functions.map((f) => `<code>${esc(f)}</code>`).join(' ')}</p>` +
    `<p>IOMMU groups: ${esc(gpu.groups.join(', ') || 'unknown')} — <strong>${esc(viable)}</strong></p>` +
    `${gpu.bootVga === true ? '<p class="warnline">The firmware boots on this GPU: the host would lose its display.</p>' : ''}` +
    `<h4>Blockers</h4>${blockers}</div>${macosCard(gpuMacos(gpu), gpu.address)}</div></section>`
  );
}

function gpuTable(scan: ReportScan, guest: string | null, byAddr: Map<string, ReportDevice>): string {
  const rows = scan.gpus.map((g) => {
    const cls = g.address === guest ? ' class="guest"' : '';
    return (
      `<tr${cls}><td><code>${esc(g.address)}</code>${g.address === guest ? ' <span class="tag">guest</span>' : ''}</td>` +
      `<td>${esc(clip(deviceName(byAddr.get(g.address)), 60))}</td><td><code>${esc(g.ids.join(','))}</code></td>` +
      `<td>${g.bootVga === true ? 'boot' : ''}</td><td>${esc(g.groups.join(', '))}</td>` +
      `<td>${esc(yesNo(g.viable, 'yes', `no (${g.blockers.length} blocker${g.blockers.length === 1 ? '' : 's'})`))}</td>` +
      `<td>${esc(describeMacos(gpuMacos(g)))}</td></tr>`
    );
  });
  return (
    `<section id="gpus"><h2>GPUs</h2><table><thead><tr><th>address</th><th>name</th><th>ids</th><th>boot</th>` +
    `<th>groups</th><th>viable</th><th>macOS</th></tr></thead><tbody>${rows.join('')}</tbody></table></section>`
  );
}

/** Devices nested by domain:bus, then slot; each function tagged with its group. */
function pciTree(devices: ReportDevice[], guestFns: Set<string>, blockers: Set<string>): string {
  const buses = new Map<string, ReportDevice[]>();
  for (const d of [...devices].sort((a, b) => (a.address < b.address ? -1 : 1))) pushTo(buses, d.address.slice(0, 7), d);
  const items = [...buses].map(([bus, ds]) => {
    const fns = ds.map((d) => {
      const cls = guestFns.has(d.address) ? 'guest' : blockers.has(d.address) ? 'blocker' : isBridge(d.class) ? 'bridge' : '';
      const grp = d.iommuGroup === null ? '' : ` <span class="tag">group ${d.iommuGroup}</span>`;
      const drv = d.driver === null ? '' : ` <code>${esc(d.driver)}</code>`;
      const bridge = isBridge(d.class) ? ' <span class="tag">bridge</span>' : '';
      return `<li class="${cls}" data-slot="${esc(slotOf(d.address))}"><code>${esc(d.address)}</code> ${esc(deviceName(d))}${drv}${grp}${bridge}</li>`;
    });
    return `<li><strong>bus ${esc(bus)}</strong><ul>${fns.join('')}</ul></li>`;
  });
  return `<section id="tree"><h2>PCI tree</h2><ul class="tree">${items.join('')}</ul></section>`;
}

function findingText(f: unknown): string {
  if (typeof f === 'string') return f;
  if (f !== null && typeof f === 'object' && 'message' in f && typeof f.message === 'string') return f.message;
  return JSON.stringify(f);
}

function planSection(plan: ReportPlan | null | undefined): string {
  if (plan === null || plan === undefined) {
    return `<section id="plan"><h2>Plan</h2><p class="muted" id="no-plan">No plan: this report shows the host as scanned. Run <code>dgpu plan</code> to see the changes.</p></section>`;
  }
  const warnings = plan.warnings.map((w) => `<li>${esc(w)}</li>`).join('');
  const changes = plan.changes.map((c) => {
    const lines = lineDiff(c.before ?? '', c.after ?? '')
      .map((l) => `<span class="d${l.op === ' ' ? 'c' : l.op === '+' ? 'a' : 'r'}">${esc(l.op + l.text)}</span>`)
      .join('\n');
    const what = c.before === null ? ' (new file)' : c.after === null ? ' (removed)' : '';
    return `<div class="change"><h4><code>${esc(c.path)}</code>${what}</h4><p>${esc(c.reason)}</p><pre class="diff">${lines}</pre></div>`;
  });
  const commands = plan.commands.map((c) => `<li><code>${esc(shellLine(c.argv))}</code> — ${esc(c.reason)}</li>`);
  const empty = plan.changes.length === 0 && plan.commands.length === 0 ? '<p>The plan is empty: nothing to change.</p>' : '';
  return (
    `<section id="plan"><h2>Plan</h2>${empty}${warnings ? `<ul class="warnings">${warnings}</ul>` : ''}` +
    `${changes.join('')}${commands.length > 0 ? `<h3>Commands</h3><ol class="commands">${commands.join('')}</ol>` : ''}</section>`
  );
}

/** The whole page. */
export function reportHtml(scan: ReportScan, options: ReportOptions = {}): string {
  const guest = options.guest === undefined ? scan.proposedGuest : options.guest;
  const byAddr = new Map(scan.devices.map((d) => [d.address, d]));
  const gpu = scan.gpus.find((g) => g.address === guest);
  const guestFns = new Set(gpu?.functions ?? []);
  const blockers = new Set(gpu?.blockers ?? []);
  const iommu = yesNo(scan.iommu.enabled, 'on', 'off', 'unknown');
  const findings = scan.findings.map((f) => `<li>${esc(findingText(f))}</li>`).join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>dgpu report</title><style>${REPORT_CSS}</style></head>
<body><header><h1>dgpu report</h1><p>source: ${esc(scan.source)} · IOMMU: ${esc(iommu)}${scan.iommu.acsOverride ? ' · <strong class="warnline">ACS override on: groups look split but are not isolated</strong>' : ''} · CPU: ${esc(scan.cpuVendor ?? 'unknown')} · ${scan.devices.length} PCI functions, ${scan.gpus.length} GPUs</p></header>
<main>${guestSection(scan, gpu, byAddr)}
${gpuTable(scan, guest, byAddr)}
<section id="groups"><h2>IOMMU groups</h2><p class="legend"><span class="k guest">▶ guest GPU</span> <span class="k blocker">✖ blocker</span> <span class="k bridge">⇄ bridge (stays with the host, does not block)</span></p>${groupsSvg(scan.devices, { guest: guestFns, blockers })}</section>
${findings ? `<section id="findings"><h2>Findings</h2><ul>${findings}</ul></section>` : ''}
${planSection(options.plan)}
${pciTree(scan.devices, guestFns, blockers)}</main></body></html>
`;
}
