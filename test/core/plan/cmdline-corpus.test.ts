// Issue 10: every real command-line source of the corpora through plan → apply the edit → plan again (empty),
// on an Intel and an AMD host, judged by the kernel's parsing (next_arg/parse_args port), by kmod reading the
// result as /proc/cmdline, and for GRUB by bash sourcing the file. The pass rate is printed at the end.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CMDLINE_SOURCES, type CmdlineSourceKind } from '../../../src/core/cmdline/cmdline-sources.js';
import { EditError } from '../../../src/core/errors.js';
import { planGrub } from '../../../src/core/plan/plan-cmdline.js';
import { grubSourced, kernelArgs, kmodVfioIds, type KernelArg } from '../../support/cmdline-oracles.js';
import { GUEST_IDS, plannedEdit } from '../../support/cmdline-intent.js';
import { configFixtures } from '../../support/config-fixtures.js';

const CORPUS = join(import.meta.dirname, '../../fixtures/corpus/cmdline');

const files: Array<[string, CmdlineSourceKind, string]> = [
  ...(['grub', 'boot-entry', 'kernel-cmdline'] as const).flatMap((dir) =>
    readdirSync(join(CORPUS, dir)).sort().map((f): [string, CmdlineSourceKind, string] =>
      [`corpus/${dir}/${f}`, dir === 'grub' ? 'grub-default' : dir, readFileSync(join(CORPUS, dir, f), 'utf8')])),
  ...configFixtures('grub-').map(([n, t]): [string, CmdlineSourceKind, string] => [`configs/${n}`, 'grub-default', t]),
  ...configFixtures('systemd-boot-entry-').map(([n, t]): [string, CmdlineSourceKind, string] => [`configs/${n}`, 'boot-entry', t]),
  ...configFixtures('kernel-cmdline-').map(([n, t]): [string, CmdlineSourceKind, string] => [`configs/${n}`, 'kernel-cmdline', t]),
  ...configFixtures('kernelstub-').map(([n, t]): [string, CmdlineSourceKind, string] => [`configs/${n}`, 'kernelstub', t]),
];

const sourced = grubSourced;

const norm = (k: string) => k.replaceAll('-', '_');
const OURS = new Set(['vfio_pci.ids', 'iommu', 'intel_iommu', 'amd_iommu']);
const word = (p: KernelArg) => `${p.param}${p.val === null ? '' : `=${p.val}`}`;
const idsOf = (ps: KernelArg[]) => (ps.filter((p) => norm(p.param) === 'vfio_pci.ids').at(-1)?.val ?? '').split(',').filter(Boolean).map((x) => x.toLowerCase());

/** The command line a source gives its kernels (GRUB: normal entries, and the recovery one alone). */
function lines(kind: CmdlineSourceKind, text: string): { line: string; recovery?: string } {
  if (kind !== 'grub-default') return { line: CMDLINE_SOURCES[kind].read(text) };
  const [linux, dflt] = sourced(text);
  return { line: `${linux} ${dflt}`, recovery: linux };
}

function edited(kind: CmdlineSourceKind, name: string, text: string, cpu: 'intel' | 'amd'): string {
  const edit = plannedEdit(cpu);
  if (kind === 'grub-default') {
    const path = '/etc/default/grub';
    const after = planGrub({ [path]: text }, edit)[0]?.after ?? text;
    expect(planGrub({ [path]: after }, edit), `${name}: plan again`).toEqual([]);
    return after;
  }
  const after = CMDLINE_SOURCES[kind].edit(text, edit);
  expect(CMDLINE_SOURCES[kind].edit(after, edit), `${name}: plan again`).toBe(after);
  return after;
}

/** The oracles' verdict on one edit; throws (expect) on the first thing wrong. */
function judge(kind: CmdlineSourceKind, name: string, text: string, after: string, cpu: 'intel' | 'amd'): void {
  const was = lines(kind, text);
  const now = lines(kind, after);
  const k0 = kernelArgs(was.line);
  const k1 = kernelArgs(now.line);
  // the guest's ids, and every id the user had (kernel or kmod view), are bound after the edit
  for (const ids of [idsOf(k1.params), kmodVfioIds(now.line).map((x) => x.toLowerCase())]) {
    expect(ids, `${name}: ids`).toEqual(expect.arrayContaining([...GUEST_IDS, ...idsOf(k0.params), ...kmodVfioIds(was.line).map((x) => x.toLowerCase())]));
  }
  const options = (key: string) => k1.params.filter((p) => p.param === key).flatMap((p) => (p.val ?? '').split(','));
  expect(options('iommu'), `${name}: iommu=pt`).toContain('pt');
  expect(options('iommu'), name).not.toContain('off');
  if (cpu === 'intel') expect(options('intel_iommu'), `${name}: intel_iommu=on`).toContain('on');
  expect(k1.params.map(word), name).not.toContain(`${cpu}_iommu=off`);
  // every other parameter the kernel read stays, in order; the init tail stays
  const foreign = (ps: KernelArg[]) => ps.filter((p) => !OURS.has(norm(p.param))).map(word);
  expect(foreign(k1.params), `${name}: other parameters`).toEqual(foreign(k0.params));
  expect(k1.init?.trim(), `${name}: init tail`).toBe(k0.init?.trim());
  // GRUB: what the recovery entries had, they keep (issue 10 item 3)
  if (was.recovery !== undefined) {
    const rec = kernelArgs(now.recovery!).params.map(word);
    for (const p of kernelArgs(was.recovery).params) {
      if (norm(p.param) === 'vfio_pci.ids' || word(p) === `${cpu}_iommu=off` || word(p) === 'iommu=off') continue;
      expect(rec, `${name}: recovery keeps ${word(p)}`).toContain(word(p));
    }
  }
}

const tally = { edited: 0, refused: [] as string[] };
afterAll(() => {
  const total = tally.edited + tally.refused.length;
  console.log(`command-line corpus: ${files.length} real files × 2 hosts = ${total} runs; ${tally.edited} edited and passed every oracle, ${tally.refused.length} refused with EditError (${tally.refused.join('; ') || 'none'})`);
});

describe.each(files)('%s', (name, kind, text) => {
  it.each(['intel', 'amd'] as const)('%s host: plan, apply, plan again empty; kernel, kmod and bash agree', (cpu) => {
    let after: string;
    try {
      after = edited(kind, name, text, cpu);
    } catch (e) {
      if (!(e instanceof EditError)) throw e;
      tally.refused.push(`${name}: ${e.message}`);
      return;
    }
    judge(kind, name, text, after, cpu);
    tally.edited++;
  });
});

it('the corpora hold at least 30 real files', () => {
  expect(files.length).toBeGreaterThanOrEqual(30);
});
