// Properties over generated posted dumps: a listing behind any mix of markers, line
// endings, fences and NUL bytes reads to the same functions as the clean one, with a note naming every line a
// NUL was removed from; a group number past the kernel's range is one UsageError naming its line; and no text at
// all gives anything but a Host or a UsageError, with notes and names free of control characters.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { importDump } from '../../../src/core/dump/parse-dump.js';
import { UsageError } from '../../../src/core/errors.js';

const CLASSES = [['0300', 'VGA compatible controller'], ['0403', 'Audio device'], ['0604', 'PCI bridge'], ['0c03', 'USB controller']] as const;
const hex = (n: number) => fc.integer({ min: 0, max: 16 ** n - 1 }).map((v) => v.toString(16).padStart(n, '0'));
const fn = fc.record({ bus: hex(2), slot: fc.integer({ min: 0, max: 31 }), func: fc.integer({ min: 0, max: 7 }), vendor: hex(4), device: hex(4), cls: fc.constantFrom(...CLASSES) });
const groups = fc.uniqueArray(fn, { minLength: 1, maxLength: 24, selector: (f) => `${f.bus}:${f.slot}.${f.func}` })
  .chain((list) => fc.tuple(fc.constant(list), fc.array(fc.integer({ min: 0, max: 2 ** 31 - 1 }), { minLength: list.length, maxLength: list.length })));
type F = typeof fn extends fc.Arbitrary<infer T> ? T : never;
const addr = (f: F) => `${f.bus}:${f.slot.toString(16).padStart(2, '0')}.${f.func}`;

/** The clean listing as blocks, one per group, so fences go only between groups. */
function blocks([list, numbers]: [F[], number[]]): Array<{ group: number; lines: string[] }> {
  const byGroup = new Map<number, string[]>();
  list.forEach((f, i) => {
    const g = numbers[i]!;
    const line = `\t${addr(f)} ${f.cls[1]} [${f.cls[0]}]: Vendor Corp. Thing [${f.vendor}:${f.device}] (rev 01)`;
    byGroup.set(g, [...(byGroup.get(g) ?? [`IOMMU Group ${g}:`]), line]);
  });
  return [...byGroup.entries()].map(([group, lines]) => ({ group, lines }));
}
const expected = ([list, numbers]: [F[], number[]]) =>
  list.map((f, i) => `0000:${addr(f)} ${f.vendor}:${f.device} ${numbers[i]}`).sort();
const summary = (text: string) => importDump(text).host.devices.map((d) => `${d.address} ${d.vendor}:${d.device} ${d.iommuGroup}`);

const MARKERS = ['', '# ', '#', '> ', '$ ', '> # ', '> > '];
const EOLS = ['\n', '\r\n', '\r'];
const posting = fc.record({
  marker: fc.constantFrom(...MARKERS),
  perLine: fc.boolean(),
  eol: fc.constantFrom(...EOLS),
  fences: fc.boolean(),
  seed: fc.infiniteStream(fc.nat()),
});

describe('posted dump properties', () => {
  it('markers, line endings, fences and NULs leave the functions and groups as they are, each NUL line noted', () => {
    fc.assert(fc.property(groups, posting, fc.array(fc.tuple(fc.nat(), fc.nat()), { maxLength: 6 }), (g, p, nuls) => {
      const seed = p.seed[Symbol.iterator]();
      const lines: string[] = [];
      for (const b of blocks(g)) {
        if (p.fences) lines.push('```text');
        lines.push(...b.lines);
        if (p.fences) lines.push('```');
      }
      const marked = lines.map((l) => (p.perLine ? MARKERS[seed.next().value! % MARKERS.length]! : p.marker) + l);
      const nulLines = new Set<number>();
      for (const [li, at] of nuls) {
        const i = li % marked.length;
        const l = marked[i]!;
        const k = at % (l.length + 1);
        marked[i] = `${l.slice(0, k)}\u0000${l.slice(k)}`;
        nulLines.add(i + 1);
      }
      const text = marked.join(p.eol);
      expect(summary(text)).toEqual(expected(g));
      const { notes } = importDump(text);
      const noted = notes.flatMap((n) => /^line (\d+): removed control characters/.exec(n)?.[1] ?? []).map(Number);
      if (nulLines.size <= 5) expect(noted.sort((a, b) => a - b)).toEqual([...nulLines].sort((a, b) => a - b));
      else expect(notes).toContain(`... and ${nulLines.size - 5} more like it`);
    }), { numRuns: 300 });
  });

  it('a group number past 2147483647 is one UsageError naming its line', () => {
    fc.assert(fc.property(groups, fc.bigInt({ min: 2n ** 31n, max: 2n ** 200n }), fc.nat(), (g, big, pick) => {
      const bs = blocks(g);
      const i = pick % bs.length;
      const lines = bs.flatMap((b, j) => (j === i ? [`IOMMU Group ${big}:`, ...b.lines.slice(1)] : b.lines));
      const line = lines.indexOf(`IOMMU Group ${big}:`) + 1;
      expect(() => importDump(lines.join('\n'))).toThrow(UsageError);
      expect(() => importDump(lines.join('\n'))).toThrow(new RegExp(`^line ${line} of the dump names an IOMMU group beyond`));
    }), { numRuns: 150 });
  });

  const fragment = fc.oneof(
    fc.string({ unit: 'binary', maxLength: 60 }),
    fc.constantFrom('IOMMU Group 1:', '\t01:00.0 VGA compatible controller [0300]: X [10de:2206]', '# ', '> ', '```', '\r', '\u0000',
      'Group 3:  [10de:1aef] [R] 01:00.1  Audio device  GA102', 'USB:  [046d:c52b]  Bus 009 Device 002  Logi', '\tKernel driver in use: \u001b[31mvfio',
      'IOMMU Group 99999999999:', '01:00.0 \u202eVGA compatible controller [0300]: \u009b31m [10de:2206]'),
  );
  it('any text gives a Host or one UsageError, and what it prints holds no control character', () => {
    fc.assert(fc.property(fc.array(fragment, { maxLength: 40 }), fc.constantFrom(...EOLS, ''), (parts, sep) => {
      let result;
      try {
        result = importDump(parts.join(sep));
      } catch (e) {
        expect(e).toBeInstanceOf(UsageError);
        expect((e as UsageError).message).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e]/);
        return;
      }
      for (const text of [...result.notes, ...result.host.devices.flatMap((d) => d.name ?? [])]) {
        expect(text).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
      }
    }), { numRuns: 1000 });
  });
});
