import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { cmdlineParams, editCmdline, sameKey, tokenizeCmdline, type CmdlineEdit } from '../../../src/core/cmdline/cmdline.js';
import { EditError } from '../../../src/core/errors.js';
import { DGPU, UNDO } from '../../support/config-fixtures.js';
import { kernelArgs } from '../../support/cmdline-oracles.js';
import { GUEST_IDS, plannedEdit } from '../../support/cmdline-intent.js';

const OURS = ['vfio_pci.ids', 'intel_iommu'];

describe('cmdlineParams', () => {
  it.each([
    ['quiet splash', [['quiet', undefined], ['splash', undefined]]],
    ['foo="a b" bar=', [['foo', 'a b'], ['bar', '']]],
    ['"foo=a b"\tx=1', [['foo', 'a b'], ['x', '1']]],
    ['rootflags=subvol=@,compress=zstd:-8 i915.force_probe=!a788', [['rootflags', 'subvol=@,compress=zstd:-8'], ['i915.force_probe', '!a788']]],
    ['a=1 -- b=2 init', [['a', '1']]],
    ['  root=/dev/sda\n quiet\n', [['root', '/dev/sda'], ['quiet', undefined]]],
    ['', []],
  ] as const)('%j', (line, expected) => {
    expect(cmdlineParams(line).map((p) => [p.key, p.value])).toEqual(expected);
  });
});

describe('editCmdline', () => {
  it.each([
    // set appends after the last parameter, before trailing whitespace
    ['quiet splash', { set: [{ key: 'a', value: '1' }], remove: [] }, 'quiet splash a=1'],
    ['quiet\n', { set: [{ key: 'a', value: '1' }], remove: [] }, 'quiet a=1\n'],
    ['', { set: [{ key: 'a', value: '1' }], remove: [] }, 'a=1'],
    ['\n', { set: [{ key: 'a' }], remove: [] }, 'a\n'],
    // replaced in place, later duplicates (either spelling) dropped
    ['x vfio_pci.ids=1:2 y vfio-pci.ids=3:4 z', { set: [{ key: 'vfio-pci.ids', value: '5:6' }], remove: [] }, 'x vfio-pci.ids=5:6 y z'],
    // equal value: the token is kept as written, quoting included
    ['foo="a b" c', { set: [{ key: 'foo', value: 'a b' }], remove: [] }, 'foo="a b" c'],
    ['c', { set: [{ key: 'foo', value: 'a b' }], remove: [] }, 'c foo="a b"'],
    // before `--`; a module parameter after it is taken over (kmod reads it there, issue 10 item 5)
    ['a -- vfio-pci.ids=x init', { set: [{ key: 'vfio-pci.ids', value: 'y' }], remove: [] }, 'a vfio-pci.ids=y -- init'],
    ['a -- iommu=1 init', { set: [{ key: 'iommu', value: 'pt', mode: 'add' }], remove: [] }, 'a iommu=pt -- iommu=1 init'],
    ['-- x', { set: [{ key: 'a' }], remove: [] }, 'a -- x'],
    // remove by key, or key=value exactly; separators of the neighbours kept
    ['a\tiommu=pt  iommu=1\nb', { set: [], remove: ['iommu=pt'] }, 'a  iommu=1\nb'],
    ['iommu=pt iommu=1 b', { set: [], remove: ['iommu'] }, 'b'],
    ['a iommu=1', { set: [{ key: 'iommu', value: 'pt', mode: 'add' }], remove: [] }, 'a iommu=1 iommu=pt'],
    // set wins over remove for the same key
    ['a k=1 b', { set: [{ key: 'k', value: '2' }], remove: ['k'] }, 'a k=2 b'],
  ] as Array<[string, CmdlineEdit, string]>)('%j %j', (line, edit, expected) => {
    expect(editCmdline(line, edit)).toBe(expected);
    expect(editCmdline(expected, edit)).toBe(expected);
  });

  it.each([
    ['foo="a b', { set: [{ key: 'x' }], remove: [] }],
    ['a', { set: [{ key: 'k', value: 'say "hi"' }], remove: [] }],
    ['a', { set: [{ key: 'bad key' }], remove: [] }],
    ['a', { set: [{ key: 'k', value: '1' }, { key: 'k', value: '2' }], remove: [] }],
  ] as Array<[string, CmdlineEdit]>)('refuses %j %j', (line, edit) => {
    expect(() => editCmdline(line, edit)).toThrow(EditError);
  });
});

// Lines of parameters dgpu does not own, with assorted whitespace, quoting and an init tail.
const key = fc
  .stringMatching(/^[a-z][a-z0-9_.-]{0,12}$/)
  .filter((k) => !OURS.some((o) => sameKey(o, k)) && k !== 'iommu' && k !== 'video');
const plain = fc.stringMatching(/^[a-zA-Z0-9:,.=!@/_-]{0,10}$/);
const param = fc.oneof(
  key,
  fc.tuple(key, plain).map(([k, v]) => `${k}=${v}`),
  fc.tuple(key, plain, plain).map(([k, a, b]) => `${k}="${a} ${b}"`),
  fc.tuple(key, plain).map(([k, v]) => `"${k}=${v} x"`),
  fc.constantFrom('iommu=1', 'video=HDMI-A-1:1920x1080', 'iommu=soft'),
);
const sep = fc.constantFrom(' ', '  ', '\t', '\n', ' \t');
const edge = fc.constantFrom('', ' ', '\n', '  \n');
const foreignLine = fc
  .tuple(edge, fc.array(fc.tuple(param, sep), { maxLength: 8 }), fc.option(fc.constantFrom('-- single', '-- init=/bin/sh single')), edge)
  .map(([lead, ps, tail, trail]) => {
    let s = lead + ps.map(([p, s2], i) => (i === ps.length - 1 ? p : p + s2)).join('');
    if (tail !== null) s += (s.trim() === '' ? '' : ' ') + tail;
    return s + trail;
  });
// Lines that may already hold dgpu's parameters, in either spelling and duplicated.
const anyLine = fc
  .array(fc.oneof(param, fc.constantFrom('vfio_pci.ids=1:2', 'vfio-pci.ids=3:4', 'intel_iommu=off', 'iommu=pt', '"vfio-pci.ids=1:2"')), { maxLength: 10 })
  .map((ps) => ps.join(' '));

describe('editCmdline properties', () => {
  it('adding then removing dgpu parameters gives back the original line', () => {
    fc.assert(
      fc.property(foreignLine, (line) => {
        const added = editCmdline(line, DGPU);
        expect(editCmdline(added, UNDO)).toBe(line);
      }),
      { numRuns: 500 },
    );
  });

  it('unknown parameters keep their text and order, and the init tail is untouched', () => {
    fc.assert(
      fc.property(foreignLine, (line) => {
        const added = editCmdline(line, DGPU);
        const raw = (s: string) => tokenizeCmdline(s).map((t) => t.raw);
        const added_ = raw(added);
        const ours = new Set(['vfio-pci.ids=10de:1b81,10de:10f0', 'intel_iommu=on', 'iommu=pt', 'video=efifb:off']);
        expect(added_.filter((t) => !ours.has(t))).toEqual(raw(line));
        const tail = (s: string) => s.slice(tokenizeCmdline(s).find((t) => t.raw === '--')?.start ?? s.length);
        expect(tail(added)).toBe(tail(line));
      }),
      { numRuns: 500 },
    );
  });

  it('is idempotent and leaves exactly one vfio-pci.ids', () => {
    fc.assert(
      fc.property(anyLine, fc.boolean(), (line, undo) => {
        const edit = undo ? UNDO : DGPU;
        const once = editCmdline(line, edit);
        expect(editCmdline(once, edit)).toBe(once);
        const ids = cmdlineParams(once).filter((p) => sameKey(p.key, 'vfio-pci.ids'));
        expect(ids.map((p) => p.value)).toEqual(undo ? [] : ['10de:1b81,10de:10f0']);
      }),
      { numRuns: 500 },
    );
  });
});

// The planned edit (merge, option and exact removals) against the kernel's own parsing (test/support/cmdline-oracles.ts).
describe('the planned edit, judged by the next_arg() port', () => {
  const ours = fc.constantFrom('vfio_pci.ids=1002:67DF', 'vfio-pci.ids=10de:1b81', 'intel_iommu=off', 'intel_iommu=on,igfx_off', 'iommu=1', 'iommu=pt', 'amd_iommu=off', '-- vfio-pci.ids=8086:1533 single');
  const line = fc.array(fc.oneof(param, ours), { maxLength: 10 }).map((ps) => ps.join(' '));
  it('reads like the kernel, keeps every other parameter and id, and is idempotent', () => {
    fc.assert(
      fc.property(line, fc.constantFrom('intel', 'amd') as fc.Arbitrary<'intel' | 'amd'>, (l, cpu) => {
        // dgpu's tokenizer and the port agree on what the kernel reads
        expect(cmdlineParams(l).map((p) => [p.key, p.value ?? null])).toEqual(kernelArgs(l).params.map((p) => [p.param, p.val]));
        const edit = plannedEdit(cpu);
        const out = editCmdline(l, edit);
        expect(editCmdline(out, edit)).toBe(out);
        const before = kernelArgs(l);
        const after = kernelArgs(out);
        const ids = (k: typeof after, all: string) => [...k.params.map((p) => `${p.param}=${p.val}`), ...all.split(/\s+/)]
          .filter((w) => /^vfio[-_]pci\.ids=/.test(w)).flatMap((w) => w.slice(w.indexOf('=') + 1).split(',')).map((x) => x.toLowerCase());
        expect(ids(after, '')).toEqual(expect.arrayContaining([...GUEST_IDS, ...ids(before, before.init ?? '')]));
        expect(after.params.filter((p) => /^vfio[-_]pci\.ids$/.test(p.param))).toHaveLength(1);
        expect(after.init ?? '').not.toMatch(/vfio[-_]pci\.ids/);
        const other = (k: typeof after) => k.params.filter((p) => !/^(vfio[-_]pci\.ids|iommu|intel_iommu|amd_iommu)$/.test(p.param)).map((p) => [p.param, p.val]);
        expect(other(after)).toEqual(other(before));
        expect(after.params.map((p) => `${p.param}=${p.val}`)).not.toContain(`${cpu}_iommu=off`);
      }),
      { numRuns: 300 },
    );
  });
});
