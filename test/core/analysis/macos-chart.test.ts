// Issue 10.15: every row of DarwinKVM's AMD and NVIDIA GPU charts that names a card holds dgpu's macOS verdict
// for that card's device id. The charts are parsed here from verbatim copies (test/fixtures/macos/
// darwinkvm-charts); each card is mapped to a real id from the pinned pci.ids in card-ids.json. Rebrands share an
// id (HD 7970 and R9 280X are both 1002:6798): the driver attaches by id, so the id's first release is the
// earliest of its rows and its last the latest.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeMacos, macosSupport } from '../../../src/core/analysis/macos.js';

const DIR = join(import.meta.dirname, '../../fixtures/macos/darwinkvm-charts');

interface Row { vendor: string; section: string; card: string; initial: string; latest: string }
interface CardId { section: string; id: string | null; pciName?: string; why?: string }

function chartRows(file: string, vendor: string): Row[] {
  const rows: Row[] = [];
  let h2 = '';
  let h3 = '';
  for (const line of readFileSync(join(DIR, file), 'utf8').split('\n')) {
    if (line.startsWith('## ')) [h2, h3] = [line.slice(3).trim(), ''];
    else if (line.startsWith('### ')) h3 = line.slice(4).trim();
    else if (line.startsWith('| ') && !line.startsWith('| Card') && !line.startsWith('| ---')) {
      const [card, initial, latest] = line.trim().replace(/^\||\|$/g, '').split('|').map((c) => c.trim());
      rows.push({ vendor, section: [h2, h3].filter(Boolean).join(' / '), card: card!, initial: initial!, latest: latest! });
    }
  }
  return rows;
}

/** "High Sierra (10.13.6, 17G3025)" → "10.13.6"; "Yosemite (10.10.0)" → "10.10"; "None"/"Unknown" as they are. */
function version(cell: string): string {
  const m = /\((\d+(?:\.\d+)*)/.exec(cell);
  if (!m) return cell;
  return m[1]!.replace(/^(10\.\d+)\.0$/, '$1');
}
const order = (v: string) => v.split('.').map(Number).reduce((acc, n, i) => acc + n / 100 ** i, 0);

const ROWS = [...chartRows('amd.md', '1002'), ...chartRows('nvidia.md', '10de')];
const IDS = JSON.parse(readFileSync(join(DIR, 'card-ids.json'), 'utf8')) as Record<string, CardId>;

interface Expected { supported: boolean; first: string | null; last: string | null; spoof: boolean; rows: string[] }
function expectedById(): Map<string, Expected> {
  const out = new Map<string, Expected>();
  for (const r of ROWS) {
    const id = IDS[`${r.vendor} ${r.card}`]?.id;
    if (!id) continue;
    const e = out.get(id) ?? { supported: false, first: null, last: null, spoof: false, rows: [] };
    e.rows.push(`${r.section}: ${r.card}`);
    if (r.initial === 'Unknown') {
      e.supported = true;
      e.spoof = true;
    } else if (r.initial !== 'None') {
      e.supported = true;
      const [first, last] = [version(r.initial), version(r.latest)];
      if (e.first === null || order(first) < order(e.first)) e.first = first;
      if (e.last === null || order(last) > order(e.last)) e.last = last;
    }
    out.set(id, e);
  }
  return out;
}

describe("DarwinKVM's GPU charts", () => {
  it('are read whole: every row that names a card is in card-ids.json', () => {
    expect(ROWS.length).toBeGreaterThan(400);
    for (const r of ROWS) expect(IDS[`${r.vendor} ${r.card}`], `${r.vendor} ${r.card}`).toBeDefined();
  });

  it('map most cards to a real id; the rest say why not', () => {
    const entries = Object.values(IDS);
    const mapped = entries.filter((e) => e.id !== null);
    expect(mapped.length / entries.length).toBeGreaterThan(0.85);
    for (const e of entries) if (e.id === null) expect(e.why).toBeTruthy();
    for (const e of mapped) expect(e.pciName, e.id!).toBeTruthy();
  });

  for (const [id, want] of expectedById()) {
    it(`${id} (${want.rows.join('; ')})`, () => {
      const [vendor, device] = id.split(':') as [string, string];
      const got = macosSupport(vendor, device);
      expect(got, `${id}: ${describeMacos(got)}`).not.toBeNull();
      if (want.spoof) {
        expect(got!.supported).toBe(true);
        expect(got!.needs.join(' ')).toMatch(/device-id spoof/);
        return;
      }
      expect({ supported: got!.supported, first: got!.first, last: got!.last }).toEqual({
        supported: want.supported, first: want.first, last: want.last,
      });
    });
  }

  it('gives the two cases of the issue: H100 not supported, HD 6450 (Caicos) 10.6.7 to 10.13.6', () => {
    expect(macosSupport('10de', '2330')).toMatchObject({ family: 'Hopper', supported: false });
    expect(macosSupport('1002', '677b')).toMatchObject({ supported: true, first: '10.6.7', last: '10.13.6' });
  });
});
