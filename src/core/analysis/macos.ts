// What macOS does with a GPU passed to a DarwinKVM guest: family from the PCI ids (gpu-families.ts, else the
// vendor's id ranges in gpu-id-ranges.ts), then the first and last macOS release that drives it and what it needs.
// Source of the support facts: DarwinKVM's GPU support charts (docs/_host/03-CompatibilityCharts/02-GPU/
// {01-AMD,02-NVIDIA}.md in royalgraphx/DarwinKVM, copied in test/fixtures/macos/darwinkvm-charts; every row is a
// test in test/core/analysis/macos-chart.test.ts) and docs/domain.md's table. Versions are written one way: "10.13.6", "11", "26".
// Rebrands share a device id (HD 7970 / R9 280X): an id's first release is the earliest of its chart rows.
import { GPU_FAMILIES } from './gpu-families.js';
import { placeByRange } from './gpu-id-ranges.js';

export interface MacosSupport {
  family: string;
  /** Whether any macOS release drives it (possibly with what `needs` lists); null when the id cannot be placed. */
  supported: boolean | null;
  /** First and last macOS release with a driver; null when none (or not known). */
  first: string | null;
  last: string | null;
  /** Kexts, boot-args, drivers or spoofs required; empty when native or when unsupported. */
  needs: string[];
  note?: string;
}

interface SupportRow {
  supported: boolean;
  first: string | null;
  last: string | null;
  needs: string[];
  note?: string;
  /** Device ids that must be spoofed to another id for the driver to attach: id → target id. */
  spoof?: Record<string, string>;
  /** Device ids whose first release differs from the family's (the chart's row for that card): id → version. */
  firstById?: Record<string, string>;
}

const NONE: SupportRow = { supported: false, first: null, last: null, needs: [] };
const LEGACY_GCN: SupportRow = {
  supported: true,
  first: '10.10',
  last: '12',
  needs: [],
  note: 'legacy GCN: dropped after Monterey 12; DarwinKVM says models it does not list may need a device-id spoof',
};
// TeraScale is not Metal-capable: Apple's last driver for it is High Sierra 10.13.6 (DarwinKVM's AMD chart). These
// cards predate UEFI GOP, so an OVMF guest may need a GOP-capable VBIOS to show anything before macOS loads.
const TERASCALE: SupportRow = {
  supported: true,
  first: '10.6.7',
  last: '10.13.6',
  needs: [],
  note: 'TeraScale: no Metal, nothing after High Sierra; no UEFI GOP on most cards',
};
const POLARIS: SupportRow = { supported: true, first: '10.12', last: '26', needs: [], note: 'some vendor VBIOSes (XFX, PowerColor, HIS, VisionTek) give trouble' };
const APU: SupportRow = { ...NONE, note: 'AMD APU graphics: macOS has no driver for it' };
const NVIDIA_WEB: SupportRow = { supported: true, first: null, last: '10.13.6', needs: ['NVIDIA Web Drivers'] };
const INTEL_UHD630: SupportRow = {
  supported: true,
  first: '10.13.6',
  last: '26',
  needs: [],
  note: 'an iGPU: the support table does not say whether passthrough to a VM works',
  // DarwinKVM (03-Intel.md): the i3-8100/8350K UHD 630 (184 shaders, 0x3e91) needs spoofing to the usual one.
  spoof: { '3e91': '3e92' },
};

/** By family name, as in GPU_FAMILIES. A test checks every family has a row. */
const SUPPORT: Record<string, SupportRow> = {
  // DarwinKVM's GCN 1 tables: HD 7000/8000 from Mountain Lion 10.8, the R9 rebrands from Mavericks 10.9, the
  // FirePro W cards from Yosemite 10.10, the HD 7990 from 10.8.3.
  Tahiti: { ...LEGACY_GCN, first: '10.8', firstById: { '6780': '10.10', '679b': '10.8.3' } },
  Pitcairn: { ...LEGACY_GCN, first: '10.8', firstById: { '6808': '10.10', '6810': '10.9', '6811': '10.9' } },
  'Cape Verde': { ...LEGACY_GCN, first: '10.8', firstById: { '6835': '10.10' } },
  Oland: { ...LEGACY_GCN, first: '10.9', needs: ['device-id spoof (FakeID)'], note: 'R7 250 (Oland XT): DarwinKVM says it requires a FakeID' },
  // GCN 2: HD 7790 and FirePro W5100 from 10.8 (7790: 10.8.3 in the GCN 2 table), R7 260X from 10.9, the rest 10.10.
  Bonaire: { ...LEGACY_GCN, firstById: { '665c': '10.8', '6649': '10.8', '6658': '10.9' } },
  Hawaii: LEGACY_GCN,
  Tonga: LEGACY_GCN,
  Fiji: { ...LEGACY_GCN, first: '10.10.4' },
  'Polaris 10': POLARIS,
  'Polaris 11': POLARIS,
  // DarwinKVM: "Lexa based GPUs require a device-id property spoof" to 0x67FF plus WhateverGreen's no-gfx-spoof.
  'Polaris 12': {
    supported: true,
    first: '10.12',
    last: '26',
    needs: ['device-id spoof to 0x67ff', 'WhateverGreen (no-gfx-spoof)'],
    note: 'Lexa: the driver attaches only under the spoofed id',
  },
  'Vega 10': { supported: true, first: '10.13', last: '26', needs: [], note: 'avoid XFX cards (VBIOS trouble)' },
  'Vega 20': { supported: true, first: '10.14.5', last: '26', needs: [] },
  'Navi 10': { supported: true, first: '10.15.1', last: '26', needs: ['WhateverGreen', 'agdpmod=pikera'] },
  'Navi 14': { supported: true, first: '10.15.1', last: '26', needs: ['WhateverGreen'] },
  'Navi 21': { supported: true, first: '11', last: '26', needs: [], spoof: { '73a5': '73bf' } },
  'Navi 22': { supported: true, first: '12', last: '26', needs: ['NootRX'], note: 'no native driver: only with the NootRX kext' },
  'Navi 23': { supported: true, first: '12', last: '26', needs: [], spoof: { '73ef': '73ff' } },
  'Navi 24': { ...NONE, note: 'RX 6400/6500: no macOS driver' },
  'Navi 31': { ...NONE, note: 'RDNA3: no macOS driver' },
  'Navi 32': { ...NONE, note: 'RDNA3: no macOS driver' },
  'Navi 33': { ...NONE, note: 'RDNA3: no macOS driver' },
  'Raven (APU)': APU,
  'Renoir (APU)': APU,
  'Rembrandt (APU)': APU,
  'Raphael (APU)': APU,
  'Phoenix (APU)': APU,
  'Mendocino (APU)': APU,
  'TeraScale 1 (HD 4000)': { ...TERASCALE, first: '10.6' },
  // Juniper was sold again as HD 6770/6750 under its own ids, which the chart gives from 10.6.7.
  'TeraScale 2 (HD 5000)': { ...TERASCALE, first: '10.6.4', firstById: { '68ba': '10.6.7', '68bf': '10.6.7' } },
  'TeraScale 2 (HD 6000)': TERASCALE,
  'TeraScale 3 (HD 6900)': TERASCALE,
  Hainan: { ...NONE, note: 'Hainan has no display engine and no macOS driver' },
  'Iceland / Topaz': { ...NONE, note: 'Iceland/Topaz: no macOS driver' },
  'Kaveri / Kabini (APU)': APU,
  'Van Gogh (APU)': APU,
  'Strix (APU)': APU,
  'Instinct (CDNA)': { ...NONE, note: 'a data-centre accelerator: no macOS driver' },
  'Navi 44': { ...NONE, note: 'RDNA4: no macOS driver' },
  'Navi 48': { ...NONE, note: 'RDNA4: no macOS driver' },
  'AMD Navi 24 or newer': NONE,
  // GT200 cards from Leopard 10.5.6, the G8x/G9x ones from 10.5.2 (DarwinKVM's Tesla table).
  Tesla: {
    supported: true, first: '10.5.2', last: '10.13.6', needs: [],
    firstById: { '05e1': '10.5.6', '05e2': '10.5.6', '05e3': '10.5.6', '05e6': '10.5.6', '0615': '10.5.6', '0646': '10.5.6' },
  },
  Fermi: { supported: true, first: '10.7', last: '10.13.6', needs: [] },
  Kepler: { supported: true, first: '10.8', last: '11', needs: [], note: 'dropped in Monterey 12' },
  Maxwell: { ...NVIDIA_WEB, first: '10.10' },
  Pascal: { ...NVIDIA_WEB, first: '10.12.4' },
  // DarwinKVM: a short-lived Web Driver (387.10.10.15.15.108) drove some Volta cards on 10.13.6 only.
  Volta: { ...NVIDIA_WEB, first: '10.13.6', note: 'only one short-lived Web Driver release' },
  Turing: { ...NONE, note: 'NVIDIA Turing and newer: no macOS driver' },
  Ampere: { ...NONE, note: 'NVIDIA Turing and newer: no macOS driver' },
  Hopper: { ...NONE, note: 'a data-centre accelerator: no macOS driver' },
  'NVIDIA Turing or newer': NONE,
  'Ada Lovelace': { ...NONE, note: 'NVIDIA Turing and newer: no macOS driver' },
  Blackwell: { ...NONE, note: 'NVIDIA Turing and newer: no macOS driver' },
  'Kaby Lake iGPU': INTEL_UHD630,
  'Coffee Lake iGPU': INTEL_UHD630,
  'Comet Lake iGPU': INTEL_UHD630,
  'Intel UHD 610 (GT1)': { ...NONE, note: 'UHD 610: no macOS driver' },
  'Intel Xe iGPU': { ...NONE, note: 'Intel Xe graphics: no macOS driver' },
  'Intel Arc': { ...NONE, note: 'Intel Arc: no macOS driver' },
};

const HEX4 = /^(?:0x)?([0-9a-f]{4})$/;

/** `vendor:device` → family, built from the data lists on first use (not at start: most commands ask none). */
let byId: Map<string, string> | undefined;
function familyById(): ReadonlyMap<string, string> {
  if (byId === undefined) {
    byId = new Map();
    for (const f of GPU_FAMILIES) for (const id of f.ids) byId.set(`${f.vendor}:${id}`, f.family);
  }
  return byId;
}

function hex4(text: string): string | null {
  const m = HEX4.exec(text.trim().toLowerCase());
  return m ? m[1]! : null;
}

/** The family name for these ids, or null when no list holds them. Accepts `10DE`, `0x10de`. */
export function gpuFamily(vendor: string, device: string): string | null {
  const v = hex4(vendor);
  const d = hex4(device);
  if (v === null || d === null) return null;
  return familyById().get(`${v}:${d}`) ?? null;
}

/** Families that have no support row: must be empty (a test checks it). */
export function familiesWithoutSupport(): string[] {
  return GPU_FAMILIES.map((f) => f.family).filter((f) => !(f in SUPPORT));
}

/**
 * What macOS does with the GPU with these PCI ids: from its family list, else its vendor's id ranges, else a
 * verdict of `supported: null` that says why it cannot be placed. null only for text that is not two hex ids.
 */
export function macosSupport(vendor: string, device: string): MacosSupport | null {
  const v = hex4(vendor);
  const d = hex4(device);
  if (v === null || d === null) return null;
  const listed = gpuFamily(v, d);
  const ranged = listed === null ? placeByRange(v, d) : null;
  const family = listed ?? ranged?.family;
  // A range placement names no listed family ("display of vendor 1a03"): its verdict is no driver.
  const row = family === undefined ? undefined : (SUPPORT[family] ?? (ranged ? NONE : undefined));
  if (family === undefined || row === undefined) {
    const who = v === '1002' ? 'AMD' : v === '10de' ? 'NVIDIA' : 'Intel';
    return { family: `unknown ${who} GPU`, supported: null, first: null, last: null, needs: [], note: `device id 0x${d} is in no family list or id range dgpu knows: look its chip up and compare DarwinKVM's GPU charts` };
  }
  const needs = [...row.needs];
  const target = row.spoof?.[d];
  if (target !== undefined) needs.unshift(`device-id spoof to 0x${target}`);
  const first = row.firstById?.[d] ?? row.first;
  const result: MacosSupport = { family, supported: row.supported, first, last: row.last, needs };
  const note = ranged?.note ?? row.note;
  if (note !== undefined) result.note = note;
  return result;
}

/** One line for people: "Navi 21: macOS 11 – 26", "Turing: no macOS driver". Used by scan and report. */
export function describeMacos(m: MacosSupport | null): string {
  if (m === null) return 'family unknown: no verdict';
  if (m.supported === null) return `${m.family}: macOS support unknown`;
  if (!m.supported) return `${m.family}: no macOS driver`;
  const span = m.first === null ? `up to ${m.last}` : `${m.first} – ${m.last ?? 'current'}`;
  return `${m.family}: macOS ${span}${m.needs.length > 0 ? `; needs ${m.needs.join(', ')}` : ''}`;
}

/** The verdict for a GPU from its display function's ids (`vendor:device`, the first of a GPU's ids). */
export function macosForIds(ids: readonly string[]): MacosSupport | null {
  const [vendor, device] = (ids[0] ?? '').split(':');
  return vendor && device ? macosSupport(vendor, device) : null;
}
