// What macOS does with a GPU passed to a DarwinKVM guest: family from the PCI ids (data/gpu-families.ts), then
// the first and last macOS release that drives it and what it needs.
// Source of the support facts: the table in DOMAIN.md, which follows DarwinKVM's GPU support charts
// (docs/_infocenter/02-GPUSupport/{01-AMD,02-NVIDIA,03-Intel}.md in royalgraphx/DarwinKVM), with "last" moved
// from Sequoia 15 to Tahoe 26 for the families Tahoe still drives. Versions are written one way: "10.13.6",
// "11", "26".
import { GPU_FAMILIES } from './gpu-families.js';

export interface MacosSupport {
  family: string;
  /** Whether any macOS release drives it (possibly with what `needs` lists). */
  supported: boolean;
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
}

const NONE: SupportRow = { supported: false, first: null, last: null, needs: [] };
const LEGACY_GCN: SupportRow = {
  supported: true,
  first: '10.10',
  last: '12',
  needs: [],
  note: 'legacy GCN: dropped after Monterey 12; DarwinKVM says models it does not list may need a device-id spoof',
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
  Tahiti: LEGACY_GCN,
  Pitcairn: LEGACY_GCN,
  Bonaire: LEGACY_GCN,
  Hawaii: LEGACY_GCN,
  Tonga: LEGACY_GCN,
  Fiji: LEGACY_GCN,
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
  // TeraScale 2 is not Metal-capable: Apple's last driver for it is High Sierra 10.13.6 (Dortania), and
  // DarwinKVM supports no pre-GCN card (no UEFI GOP for passthrough). Nothing a modern guest can use.
  'Caicos (TeraScale 2)': { ...NONE, note: 'TeraScale 2: no driver after High Sierra, and no UEFI GOP for passthrough' },
  Fermi: { supported: true, first: '10.7', last: '10.13.6', needs: [] },
  Kepler: { supported: true, first: '10.8', last: '11', needs: [], note: 'dropped in Monterey 12' },
  Maxwell: { ...NVIDIA_WEB, first: '10.10' },
  Pascal: { ...NVIDIA_WEB, first: '10.12.4' },
  // DarwinKVM: a short-lived Web Driver (387.10.10.15.15.108) drove some Volta cards on 10.13.6 only.
  Volta: { ...NVIDIA_WEB, first: '10.13.6', note: 'only one short-lived Web Driver release' },
  Turing: { ...NONE, note: 'NVIDIA Turing and newer: no macOS driver' },
  Ampere: { ...NONE, note: 'NVIDIA Turing and newer: no macOS driver' },
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

/** `vendor:device` → family, built once from the data lists. */
const BY_ID: ReadonlyMap<string, string> = new Map(
  GPU_FAMILIES.flatMap((f) => f.ids.map((id) => [`${f.vendor}:${id}`, f.family] as const)),
);

function hex4(text: string): string | null {
  const m = HEX4.exec(text.trim().toLowerCase());
  return m ? m[1]! : null;
}

/** The family name for these ids, or null when no list holds them. Accepts `10DE`, `0x10de`. */
export function gpuFamily(vendor: string, device: string): string | null {
  const v = hex4(vendor);
  const d = hex4(device);
  if (v === null || d === null) return null;
  return BY_ID.get(`${v}:${d}`) ?? null;
}

/** Families that have no support row: must be empty (a test checks it). */
export function familiesWithoutSupport(): string[] {
  return GPU_FAMILIES.map((f) => f.family).filter((f) => !(f in SUPPORT));
}

/** What macOS does with the GPU with these PCI ids; null for a GPU it cannot place. */
export function macosSupport(vendor: string, device: string): MacosSupport | null {
  const family = gpuFamily(vendor, device);
  if (family === null) return null;
  const row = SUPPORT[family];
  if (row === undefined) return null;
  const d = hex4(device)!;
  const needs = [...row.needs];
  const target = row.spoof?.[d];
  if (target !== undefined) needs.unshift(`device-id spoof to 0x${target}`);
  const result: MacosSupport = { family, supported: row.supported, first: row.first, last: row.last, needs };
  if (row.note !== undefined) result.note = row.note;
  return result;
}

/** One line for people: "Navi 21: macOS 11 – 26", "Turing: no macOS driver". Used by scan and report. */
export function describeMacos(m: MacosSupport | null): string {
  if (m === null) return 'family unknown: no verdict';
  if (!m.supported) return `${m.family}: no macOS driver`;
  const span = m.first === null ? `up to ${m.last}` : `${m.first} – ${m.last ?? 'current'}`;
  return `${m.family}: macOS ${span}${m.needs.length > 0 ? `; needs ${m.needs.join(', ')}` : ''}`;
}

/** The verdict for a GPU from its display function's ids (`vendor:device`, the first of a GPU's ids). */
export function macosForIds(ids: readonly string[]): MacosSupport | null {
  const [vendor, device] = (ids[0] ?? '').split(':');
  return vendor && device ? macosSupport(vendor, device) : null;
}
