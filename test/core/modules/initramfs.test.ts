import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { editBoosterConf, stripBoosterConf } from '../../../src/core/modules/booster-conf.js';
import { DRACUT_DROPIN_PATH, renderDracutDropIn, scanDracutConf } from '../../../src/core/modules/dracut-conf.js';
import { EditError } from '../../../src/core/errors.js';
import { editInitramfsToolsModules, stripInitramfsToolsModules } from '../../../src/core/modules/initramfs-tools-modules.js';
import { regenerateInitramfs } from '../../../src/core/modules/initramfs-regenerate.js';
import { isDgpuOwned } from '../../../src/core/modules/managed-file.js';
import { kernelVersion, vfioModules } from '../../../src/core/modules/vfio-modules.js';
import { INITRAMFS_MODULES } from '../../support/example-host.js';
import { dracutLists } from '../../support/initramfs-source.js';

const CONFIGS = 'test/fixtures/configs';
const read = (f: string) => readFileSync(`${CONFIGS}/${f}`, 'utf8');

/** The real /etc/dracut.conf.d/vfio.conf of dracut-03 (first section of the concatenation, no final newline). */
function raro28Conf(): string {
  const all = read('dracut-03-raro28-vfio-module-driver-override.txt');
  const start = all.indexOf('\n', all.indexOf('FILE: /etc/dracut.conf.d/vfio.conf')) + 1;
  return all.slice(start, all.indexOf('\n\n', start));
}

const userDracut = [
  { name: 'dracut-01', text: read('dracut-01-ozzyhelix-vfio.conf') },
  { name: 'dracut-02', text: read('dracut-02-p7cq-add-drivers-no-spaces.conf') },
  { name: 'dracut-03', text: raro28Conf() },
];

const OURS = DRACUT_DROPIN_PATH.slice(DRACUT_DROPIN_PATH.lastIndexOf('/') + 1);

describe('vfioModules', () => {
  it.each([
    ['5.15.0-91-generic', ['vfio_pci', 'vfio', 'vfio_iommu_type1', 'vfio_virqfd']],
    ['6.1.0-18-amd64', ['vfio_pci', 'vfio', 'vfio_iommu_type1', 'vfio_virqfd']],
    ['6.2.0', ['vfio_pci', 'vfio', 'vfio_iommu_type1']],
    ['6.10.3-arch1-1', ['vfio_pci', 'vfio', 'vfio_iommu_type1']],
    ['7.0.0', ['vfio_pci', 'vfio', 'vfio_iommu_type1']],
    [null, ['vfio_pci', 'vfio', 'vfio_iommu_type1']],
    ['garbage', ['vfio_pci', 'vfio', 'vfio_iommu_type1']],
  ])('%s', (release, want) => {
    expect(vfioModules(release)).toEqual(want);
  });

  it('parses releases', () => {
    expect(kernelVersion('6.18.44-fc-v782')).toEqual({ major: 6, minor: 18 });
    expect(kernelVersion('x6.1')).toBeNull();
  });
});

describe('dracut drop-in', () => {
  it('is ours, and bash reads the vfio modules and vfio.conf from it', () => {
    const text = renderDracutDropIn('6.8.0');
    expect(isDgpuOwned(text)).toBe(true);
    expect(text.endsWith('\n')).toBe(true);
    const l = dracutLists({ [OURS]: text });
    expect(l.force).toEqual(['vfio_pci', 'vfio', 'vfio_iommu_type1']);
    expect(l.items).toEqual(['/etc/modprobe.d/vfio.conf']);
    expect(l.dracutModules).toEqual([]);
    expect(dracutLists({ [OURS]: renderDracutDropIn('6.8.0', true) }).dracutModules).toEqual(['dgpu-vfio']);
    expect(dracutLists({ 'a.conf': renderDracutDropIn('5.10.0') }).force).toContain('vfio_virqfd');
  });

  it.each(userDracut)('$name as vfio.conf: read before ours, our modules and vfio.conf survive, the user list too', ({ text }) => {
    const l = dracutLists({ [OURS]: renderDracutDropIn('6.8.0'), 'vfio.conf': text });
    expect(l.force).toEqual(expect.arrayContaining(['vfio_pci', 'vfio', 'vfio_iommu_type1']));
    expect(l.items).toContain('/etc/modprobe.d/vfio.conf');
  });

  it('dracut-03 (raro28): its plain install_items= took the old 10-dgpu-vfio.conf\'s value away; the new name keeps it (issue 10, item 16)', () => {
    expect(dracutLists({ '10-dgpu-vfio.conf': renderDracutDropIn('6.8.0'), 'vfio.conf': raro28Conf() }).items).toEqual(['/usr/bin/find', '/usr/bin/dirname']);
    expect(dracutLists({ [OURS]: renderDracutDropIn('6.8.0'), 'vfio.conf': raro28Conf() }).items).toEqual(['/usr/bin/find', '/usr/bin/dirname', '/etc/modprobe.d/vfio.conf']);
  });

  it('a name that still sorts after ours and sets force_drivers= outright is flagged as an override, and it does win', () => {
    const files = { [OURS]: renderDracutDropIn('6.8.0'), '_local.conf': 'force_drivers="nvme"\n', 'zzz.conf': 'force_drivers="ahci"\n' };
    expect(dracutLists(files).force).toEqual(['nvme']);
    const found = scanDracutConf(Object.entries(files).map(([n, text]) => ({ path: `/etc/dracut.conf.d/${n}`, text })), '6.8.0');
    expect(found.filter((f) => f.overrides).map((f) => f.path)).toEqual(['/etc/dracut.conf.d/_local.conf']);
  });

  it('scans the real drop-ins for what meets ours', () => {
    const files = [
      ...userDracut.map((f) => ({ path: `/etc/dracut.conf.d/${f.name}-vfio.conf`, text: f.text })),
      { path: '/etc/dracut.conf.d/zz-local.conf', text: 'force_drivers="nvme"\n' },
      { path: DRACUT_DROPIN_PATH, text: renderDracutDropIn('6.8.0') },
    ];
    const found = scanDracutConf(files, '6.8.0').map((f) => `${f.path.replace('/etc/dracut.conf.d/', '')}:${f.line}: ${f.message.split(' ').slice(0, 3).join(' ')}`);
    expect(found).toEqual([
      'dracut-01-vfio.conf:4: force_drivers also lists',
      'dracut-02-vfio.conf:5: add_drivers also lists',
      'dracut-02-vfio.conf:5: vfio_virqfd is part',
      'dracut-02-vfio.conf:5: add_drivers+= value lacks',
      'dracut-03-vfio.conf:2: force_drivers also lists',
      'zz-local.conf:1: force_drivers= (not +=)',
    ]);
    expect(scanDracutConf(files, '5.15.0').some((f) => f.message.includes('vfio_virqfd'))).toBe(false);
  });

  it('finds nothing in a dracut module script (dracut-04 is not a drop-in)', () => {
    expect(scanDracutConf([{ path: 'x.conf', text: read('dracut-04-kabeero-module-group-override.txt') }], '6.8.0')).toEqual([]);
  });
});


describe('initramfs-tools modules', () => {
  it('appends the marker and modules to the stock Debian file', () => {
    expect(editInitramfsToolsModules(INITRAMFS_MODULES, '6.1.0-18-amd64')).toBe(
      INITRAMFS_MODULES + '# vfio modules for GPU passthrough (added by dgpu)\nvfio_pci\nvfio\nvfio_iommu_type1\nvfio_virqfd\n',
    );
  });

  it('replaces earlier bare vfio lines, keeps lines with parameters', () => {
    const text = 'vfio-pci\nvfio_pci ids=10de:1b80\nnvme\nvfio_virqfd';
    expect(editInitramfsToolsModules(text, '6.6.0')).toBe(
      'vfio_pci ids=10de:1b80\nnvme\n# vfio modules for GPU passthrough (added by dgpu)\nvfio_pci\nvfio\nvfio_iommu_type1',
    );
  });

  it('property: idempotent, and removing after adding gives back the original byte for byte', () => {
    const line = fc.constantFrom('# comment', '', 'nvme', 'raid1', 'sd_mod', 'i915 modeset=1', '  # indented');
    fc.assert(
      fc.property(fc.array(line, { maxLength: 8 }), fc.boolean(), fc.constantFrom(null, '5.4.0', '6.8.0'), (lines, nl, release) => {
        const original = lines.join('\n') + (nl && lines.length > 0 ? '\n' : '');
        const added = editInitramfsToolsModules(original, release);
        expect(editInitramfsToolsModules(added, release)).toBe(added);
        expect(stripInitramfsToolsModules(added)).toBe(original);
      }),
    );
  });
});

describe('booster.yaml', () => {
  it.each([
    ['', 'modules_force_load: vfio_pci,vfio,vfio_iommu_type1\n'],
    ['compression: zstd\n', 'compression: zstd\nmodules_force_load: vfio_pci,vfio,vfio_iommu_type1\n'],
    ['compression: zstd', 'compression: zstd\nmodules_force_load: vfio_pci,vfio,vfio_iommu_type1'],
    ['modules_force_load: nvme, usbhid # keyboard\nuniversal: false\n', 'modules_force_load: vfio_pci,vfio,vfio_iommu_type1,nvme, usbhid # keyboard\nuniversal: false\n'],
    ['modules_force_load: vfio,nvme,vfio-pci\n', 'modules_force_load: vfio_pci,vfio,vfio_iommu_type1,nvme\n'],
  ])('%j', (before, after) => {
    expect(editBoosterConf(before, '6.8.0')).toBe(after);
    expect(editBoosterConf(after, '6.8.0')).toBe(after);
  });

  it('removing after adding gives back the original', () => {
    for (const t of ['', 'compression: zstd\n', 'compression: zstd', 'modules_force_load: nvme, usbhid # k\nx: 1\n']) {
      expect(stripBoosterConf(editBoosterConf(t, '5.15.0'))).toBe(t);
    }
  });

  it.each([
    ['a block list', 'modules_force_load:\n  - vfio\n'],
    ['a quoted value', 'modules_force_load: "nvme"\n'],
    ['a flow list', 'modules_force_load: [nvme]\n'],
    ['two keys', 'modules_force_load: a\nmodules_force_load: b\n'],
  ])('stops with EditError on %s', (_what, text) => {
    expect(() => editBoosterConf(text, null)).toThrow(EditError);
  });
});

describe('regenerateInitramfs', () => {
  it.each([
    ['mkinitcpio', ['mkinitcpio', '-P']],
    ['dracut', ['dracut', '-f', '--regenerate-all']],
    ['initramfs-tools', ['update-initramfs', '-u', '-k', 'all']],
    ['booster', ['/usr/lib/booster/regenerate_images']],
  ] as const)('%s', (kind, argv) => {
    const cmds = regenerateInitramfs(kind);
    expect(cmds.map((c) => c.argv)).toEqual([argv]);
    expect(cmds[0]!.reason).toMatch(/every installed kernel/);
  });
});
