// The IOMMU groups drawn as boxes of their members (inline SVG): the guest GPU's functions green, its blockers
// red, bridges marked and dimmed (docs/domain.md: bridges are not passed and do not block).
import { isBridge, isDisplay } from '../pci-class.js';
import { clip, esc } from './html-text.js';
import type { ReportDevice } from './report-input.js';
import { pushTo } from '../multimap.js';

export interface GroupMarks {
  /** Functions of the guest GPU. */
  guest: ReadonlySet<string>;
  /** Members that keep the guest GPU's groups from being viable. */
  blockers: ReadonlySet<string>;
}

const COLS = 3;
const BOX_W = 360;
const GAP = 16;
const HEAD = 26;
const LINE = 18;
const PAD = 8;
const CHARS = 52; // monospace 11px fits ~52 characters in BOX_W

interface Box {
  title: string;
  members: ReportDevice[];
}

function boxes(devices: ReportDevice[]): Box[] {
  const byGroup = new Map<number, ReportDevice[]>();
  const ungrouped: ReportDevice[] = [];
  for (const d of devices) {
    if (d.iommuGroup === null) ungrouped.push(d);
    else pushTo(byGroup, d.iommuGroup, d);
  }
  const out: Box[] = [...byGroup.keys()]
    .sort((a, b) => a - b)
    .map((g) => ({ title: `Group ${g}`, members: byGroup.get(g)! }));
  if (ungrouped.length > 0) out.push({ title: 'No IOMMU group known', members: ungrouped });
  return out;
}

function memberLabel(d: ReportDevice): string {
  const ids = d.vendor !== null && d.device !== null ? ` [${d.vendor}:${d.device}]` : '';
  const driver = d.driver !== null ? ` ${d.driver}` : '';
  return `${d.address.slice(5)}${ids}${driver} ${d.name ?? d.class ?? ''}`.trimEnd();
}

function memberRow(d: ReportDevice, x: number, y: number, marks: GroupMarks): string {
  const kind = marks.guest.has(d.address)
    ? 'guest'
    : marks.blockers.has(d.address)
      ? 'blocker'
      : isBridge(d.class)
        ? 'bridge'
        : isDisplay(d.class)
          ? 'display'
          : 'plain';
  const tag = kind === 'bridge' ? '⇄ ' : kind === 'guest' ? '▶ ' : kind === 'blocker' ? '✖ ' : '';
  const full = memberLabel(d);
  return (
    `<g class="m ${kind}" data-address="${esc(d.address)}">` +
    `<rect x="${x + 4}" y="${y - 13}" width="${BOX_W - 8}" height="${LINE - 1}" rx="3"/>` +
    `<text x="${x + PAD}" y="${y}"><title>${esc(full)}</title>${esc(clip(tag + full, CHARS))}</text></g>`
  );
}

/** An SVG drawing of every group, laid out in columns (each box goes to the shortest column). */
export function groupsSvg(devices: ReportDevice[], marks: GroupMarks): string {
  const heights = new Array<number>(COLS).fill(0);
  const parts: string[] = [];
  for (const box of boxes(devices)) {
    const col = heights.indexOf(Math.min(...heights));
    const x = col * (BOX_W + GAP);
    const y = heights[col]!;
    const h = HEAD + box.members.length * LINE + PAD;
    const hasGuest = box.members.some((m) => marks.guest.has(m.address));
    const hasBlocker = box.members.some((m) => marks.blockers.has(m.address));
    const cls = hasBlocker ? 'group blocked' : hasGuest ? 'group guest' : 'group';
    parts.push(
      `<g class="${cls}" data-group="${esc(box.title)}">` +
        `<rect x="${x}" y="${y}" width="${BOX_W}" height="${h}" rx="6"/>` +
        `<text class="gt" x="${x + PAD}" y="${y + 18}">${esc(box.title)}</text>` +
        box.members.map((m, i) => memberRow(m, x, y + HEAD + 13 + i * LINE, marks)).join('') +
        `</g>`,
    );
    heights[col] = y + h + GAP;
  }
  const width = COLS * BOX_W + (COLS - 1) * GAP;
  const height = Math.max(...heights, 1);
  return (
    `<svg class="groups" xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" ` +
    `viewBox="0 0 ${width} ${height}" role="img" aria-label="IOMMU groups">${parts.join('')}</svg>`
  );
}
