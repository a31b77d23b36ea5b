// Real dumps as people posted them in public issues (test/fixtures/corpus/dumps, sources in each .json): each is
// read, not refused, and dgpu's GPUs, groups, viability and macOS family match the answers worked out by hand
// from the text (docs/domain.md's viability rules; DarwinKVM's charts for macOS).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { scanReport } from '../../../src/core/analysis/scan-report.js';
import { importDump } from '../../../src/core/dump/parse-dump.js';

const DIR = join(import.meta.dirname, '../../fixtures/corpus/dumps');
const CASES = readdirSync(DIR).filter((f) => f.endsWith('.txt')).sort();

interface Expected {
  devices: number;
  groups: boolean;
  /** Functions the text lists outside every group (none unless said). */
  ungrouped?: string[];
  gpus: Array<{ address: string; ids: string[]; groups: number[]; viable: boolean | null; macos: { family: string; supported: boolean | null } | null }>;
}

const results: Record<string, boolean> = {};
afterAll(() => {
  const passed = Object.values(results).filter(Boolean).length;
  console.log(`real posted dumps: ${passed}/${CASES.length} read with the expected verdicts`);
});

describe('real posted dumps', () => {
  it('holds at least ten', () => expect(CASES.length).toBeGreaterThanOrEqual(10));

  it.each(CASES)('%s', (file) => {
    results[file] = false;
    const side = JSON.parse(readFileSync(join(DIR, file.replace(/\.txt$/, '.json')), 'utf8')) as { source: string; expected: Expected };
    const { host, notes } = importDump(readFileSync(join(DIR, file), 'utf8'));
    const report = scanReport(host);
    expect(host.devices).toHaveLength(side.expected.devices);
    expect(host.iommuGroups !== null).toBe(side.expected.groups);
    if (side.expected.groups) expect(host.devices.filter((d) => d.iommuGroup === null).map((d) => d.address)).toEqual(side.expected.ungrouped ?? []);
    expect(report.gpus.map((g) => ({
      address: g.address, ids: g.ids, groups: g.groups, viable: g.viable,
      macos: g.macos === null ? null : { family: g.macos.family, supported: g.macos.supported },
    }))).toEqual(side.expected.gpus);
    expect(notes.filter((n) => /removed control characters/.test(n))).toEqual([]);
    results[file] = true;
  });
});
