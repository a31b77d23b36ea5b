// Real mkinitcpio.conf and dracut drop-ins (test/fixtures/corpus/initramfs/SOURCES.md and test/fixtures/configs),
// with drop-ins that replace or extend the module list: what dgpu plans, sourced by bash in
// the generator's own order, loads the vfio modules first and (per address) runs dgpu's early hook after base.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DRACUT_DROPIN_PATH, renderDracutDropIn } from '../../../src/core/modules/dracut-conf.js';
import { planMkinitcpio } from '../../../src/core/plan/plan-mkinitcpio.js';
import { dracutLists, mkinitcpioArrays } from '../../support/initramfs-source.js';

const CORPUS = 'test/fixtures/corpus/initramfs';
const CONFIGS = 'test/fixtures/configs';
const list = (dir: string, re: RegExp) => readdirSync(dir).filter((f) => re.test(f)).map((f) => ({ name: f, text: readFileSync(`${dir}/${f}`, 'utf8') }));
const mkinitcpio = [...list(CORPUS, /^mkinitcpio-/), ...list(CONFIGS, /^mkinitcpio-/)];

/** The real /etc/dracut.conf.d/vfio.conf of dracut-03 (first section of the concatenation, no final newline). */
function raro28Conf(): string {
  const all = readFileSync(`${CONFIGS}/dracut-03-raro28-vfio-module-driver-override.txt`, 'utf8');
  const start = all.indexOf('\n', all.indexOf('FILE: /etc/dracut.conf.d/vfio.conf')) + 1;
  return all.slice(start, all.indexOf('\n\n', start));
}
const dracut = [...list(CORPUS, /^dracut-/), ...list(CONFIGS, /^dracut-0[12]-/), { name: 'dracut-03 vfio.conf', text: raro28Conf() }];

const VFIO = ['vfio_pci', 'vfio', 'vfio_iommu_type1'];
// Drop-in shapes: none; one that replaces MODULES (sorts before a later one that extends it); one that replaces HOOKS.
const DROPINS: Array<[string, Record<string, string>]> = [
  ['no drop-in', {}],
  ['MODULES= in a drop-in, += after it', { '10-nvidia.conf': 'MODULES=(nvidia nvidia_modeset nvidia_uvm nvidia_drm)\n', '9-early.conf': 'MODULES+=(usbhid)\n', '20-btrfs.conf': 'MODULES+=(btrfs)\n' }],
  ['HOOKS= in a drop-in', { 'hooks.conf': 'HOOKS=(base udev autodetect block filesystems fsck)\n' }],
];

const files = (main: string, dropins: Record<string, string>) => ({
  '/etc/mkinitcpio.conf': main,
  ...Object.fromEntries(Object.entries(dropins).map(([n, t]) => [`/etc/mkinitcpio.conf.d/${n}`, t])),
});

describe.each(mkinitcpio)('mkinitcpio $name', ({ name, text }) => {
  const systemd = mkinitcpioArrays({ 'mkinitcpio.conf': text }).hooks.includes('systemd');
  it.each(DROPINS)('%s: planned files, sourced in mkinitcpio\'s order, load vfio first; planning again is empty', (_what, dropins) => {
    for (const early of [false, true]) {
      const before = files(text, dropins);
      if (early && systemd && !('/etc/mkinitcpio.conf.d/hooks.conf' in before)) {
        expect(() => planMkinitcpio(before, '6.9.7-arch1-1', true), name).toThrow(/systemd hook/);
        continue;
      }
      const changes = planMkinitcpio(before, '6.9.7-arch1-1', early);
      const after: Record<string, string> = { ...before };
      for (const c of changes) after[c.path] = c.after!;
      const { modules, hooks } = mkinitcpioArrays(Object.fromEntries(Object.entries(after).map(([p, t]) => [p.replace('/etc/', ''), t])));
      expect(modules.slice(0, 3)).toEqual(VFIO);
      expect(hooks).toContain('modconf');
      if (early) expect(hooks[hooks.indexOf('base') + 1]).toBe('dgpu-vfio');
      else expect(hooks).not.toContain('dgpu-vfio');
      expect(planMkinitcpio(after, '6.9.7-arch1-1', early)).toEqual([]);
    }
  });
});

describe.each(dracut)('dracut $name beside dgpu\'s drop-in', ({ text }) => {
  const ours = DRACUT_DROPIN_PATH.slice(DRACUT_DROPIN_PATH.lastIndexOf('/') + 1);
  it.each(['vfio.conf', '10-vfio.conf', '99-local.conf', 'zz-amd.conf'])('as %s, sourced in dracut\'s order: vfio modules forced, vfio.conf and dgpu-vfio kept', (as) => {
    const l = dracutLists({ [as]: text, [ours]: renderDracutDropIn('6.8.0', true) });
    expect(l.force).toEqual(expect.arrayContaining(VFIO));
    expect(l.items).toContain('/etc/modprobe.d/vfio.conf');
    expect(l.dracutModules).toContain('dgpu-vfio');
  });
});
