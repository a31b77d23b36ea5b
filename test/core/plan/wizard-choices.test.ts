// The wizard's pure choices: the commands it prints instead of asking, and the GPU list it offers.
import { describe, expect, it } from 'vitest';
import { equivalentCommands, gpuChoices, initialGpu, rollbackCommands, shortAddress } from '../../../src/core/plan/wizard-choices.js';
import { scanReport } from '../../../src/core/analysis/scan-report.js';
import { readHost } from '../../../src/host/sysfs-reader.js';

describe('equivalentCommands', () => {
  it.each([
    [{ root: '/', gpu: '0000:03:00.0' }, ['dgpu plan --gpu 03:00.0', 'dgpu apply --gpu 03:00.0 --yes', 'dgpu verify --gpu 03:00.0', 'dgpu vm attach NAME --gpu 03:00.0 --yes']],
    [{ root: 'examples/host', gpu: '0001:0a:00.0' }, ['dgpu plan --gpu 0001:0a:00.0 --root examples/host', 'dgpu apply --gpu 0001:0a:00.0 --yes --root examples/host',
      'dgpu verify --gpu 0001:0a:00.0 --root examples/host', 'dgpu vm attach NAME --gpu 0001:0a:00.0 --yes --root examples/host']],
    [{ root: '/tmp/my host', gpu: null }, ["dgpu plan --gpu ADDR --root '/tmp/my host'", "dgpu apply --gpu ADDR --yes --root '/tmp/my host'",
      "dgpu verify --gpu ADDR --root '/tmp/my host'", "dgpu vm attach NAME --gpu ADDR --yes --root '/tmp/my host'"]],
    [{ root: '/', gpu: '0000:00:02.0', allowBootGpu: true, domain: "Bob's VM", input: 'usb' as const, also: ['0000:05:00.0'], connect: 'qemu:///session' },
      ['dgpu plan --gpu 00:02.0 --allow-boot-gpu', 'dgpu apply --gpu 00:02.0 --allow-boot-gpu --yes', 'dgpu verify --gpu 00:02.0',
        "dgpu vm attach 'Bob'\\''s VM' --gpu 00:02.0 --allow-boot-gpu --connect qemu:///session --input usb --also 05:00.0 --yes"]],
  ])('%j', (ctx, expected) => {
    expect(equivalentCommands(ctx)).toEqual(expected);
  });

  it('rollback commands undo the newest transaction first', () => {
    expect(rollbackCommands('/', ['a', 'b'])).toEqual(['dgpu rollback b', 'dgpu rollback a']);
    expect(rollbackCommands('r', ['a'])).toEqual(['dgpu rollback a --root r']);
  });

  it('shortAddress keeps a domain other than 0000', () => {
    expect(shortAddress('0000:0a:00.1')).toBe('0a:00.1');
    expect(shortAddress('10000:00:00.0')).toBe('10000:00:00.0');
  });
});

describe('gpuChoices on the example host', () => {
  it('offers both GPUs, the boot one marked, the proposed one preselected', async () => {
    const r = scanReport(await readHost('examples/host'));
    const choices = gpuChoices(r);
    expect(choices.map((c) => [c.address, c.selectable, c.boot])).toEqual([['0000:00:02.0', true, true], ['0000:03:00.0', true, false]]);
    expect(choices[1]!.hint).toBe('proposed · Navi 21: macOS 11 – 26');
    expect(initialGpu(r, choices)).toBe('0000:03:00.0');
  });

  it('a GPU whose group is shared is not selectable and says what blocks it', async () => {
    const r = scanReport(await readHost('examples/host'));
    const g = r.gpus[1]!;
    const blocked = { ...r, proposedGuest: null, gpus: [r.gpus[0]!, { ...g, viable: false, blockers: ['0000:00:1f.3'], blockerDetails: [{ address: '0000:00:1f.3', class: '040300', driver: 'snd_hda_intel', name: null }] as never }] };
    const choices = gpuChoices(blocked);
    expect(choices[1]).toMatchObject({ selectable: false });
    expect(choices[1]!.hint).toContain('not viable: group 12, 13 also holds 0000:00:1f.3');
    // nothing else to preselect but the boot GPU, which still needs its confirm
    expect(initialGpu(blocked, choices)).toBe('0000:00:02.0');
  });
});
