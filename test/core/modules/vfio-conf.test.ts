import { readFileSync, readdirSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { isDgpuOwned } from '../../../src/core/modules/managed-file.js';
import { findVfioConflicts } from '../../../src/core/modules/modprobe-conf.js';
import { renderVfioConf } from '../../../src/core/modules/vfio-conf.js';
import { modprobe, tempConfDir } from '../../support/kmod.js';

const CONFIGS = 'test/fixtures/configs';
const realModprobe = readdirSync(CONFIGS)
  .filter((f) => f.startsWith('modprobe-'))
  .map((f) => ({ name: f, text: readFileSync(`${CONFIGS}/${f}`, 'utf8') }));

let cleanups: Array<() => void> = [];
afterEach(() => {
  for (const c of cleanups) c();
  cleanups = [];
});

/** `modprobe -C <tmp>/etc/modprobe.d --showconfig` over the given files. */
function showconfig(files: Record<string, string>) {
  const c = tempConfDir(files);
  cleanups.push(c.cleanup);
  return modprobe(c.dir, ['--showconfig']);
}

const navi21 = { ids: ['1002:73BF', '1002:ab28'], softdeps: ['amdgpu', 'snd_hda_intel'] };

describe('renderVfioConf', () => {
  it('writes the header, the ids and one softdep per driver', () => {
    const text = renderVfioConf(navi21);
    expect(isDgpuOwned(text)).toBe(true);
    expect(text).toContain('\noptions vfio-pci ids=1002:73bf,1002:ab28\n');
    expect(text).toContain('\nsoftdep amdgpu pre: vfio-pci\nsoftdep snd_hda_intel pre: vfio-pci\n');
    expect(text).not.toContain('install');
    expect(text.endsWith('\n')).toBe(true);
  });

  it('is accepted by modprobe with empty stderr, options and softdeps normalised', () => {
    const r = showconfig({ 'vfio.conf': renderVfioConf(navi21) });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines).toContain('options vfio_pci ids=1002:73bf,1002:ab28');
    expect(lines).toContain('softdep amdgpu pre: vfio-pci');
    expect(lines).toContain('softdep snd_hda_intel pre: vfio-pci');
  });

  it('binds per address with no ids= and no install hook (the initramfs binds): softdeps only', () => {
    const text = renderVfioConf({
      ids: [],
      softdeps: ['nouveau', 'nvidia', 'snd-hda-intel', 'vfio-pci', 'nouveau'],
      perAddress: ['0b:00.1', '0000:0b:00.0'],
    });
    expect(text).not.toContain('ids=');
    expect(text).toContain('# 0000:0b:00.0 0000:0b:00.1: bound by address (driver_override) from the initramfs');
    const r = showconfig({ 'vfio.conf': text });
    expect(r.stderr).toBe('');
    const lines = r.stdout.split('\n');
    expect(lines.filter((l) => l.startsWith('install '))).toEqual([]);
    expect(lines.filter((l) => l.startsWith('softdep '))).toEqual([
      'softdep nouveau pre: vfio-pci',
      'softdep nvidia pre: vfio-pci',
      'softdep snd_hda_intel pre: vfio-pci',
    ]);
  });

  it('writes ids beside the per-address note when both are asked for', () => {
    const text = renderVfioConf({ ids: ['1912:0014'], softdeps: ['xhci_pci'], perAddress: ['0000:0a:00.0'] });
    const r = showconfig({ 'vfio.conf': text });
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('options vfio_pci ids=1912:0014\n');
    expect(text).toContain('# 0000:0a:00.0: bound by address');
  });

  it.each([
    [{ ids: ['10de:1e8'], softdeps: [] }],
    [{ ids: ['1002:73bf'], softdeps: ['amd gpu'] }],
    [{ ids: [], softdeps: ['amdgpu'], perAddress: ['0a:00'] }],
    [{ ids: [], softdeps: ['amdgpu'] }],
  ])('refuses bad input %j', (input) => {
    expect(() => renderVfioConf(input)).toThrow(/renderVfioConf/);
  });
});

describe('real modprobe.d files', () => {
  it.each(realModprobe)('$name is valid for modprobe, and with ours beside it', ({ name, text }) => {
    expect(showconfig({ [name]: text }).stderr).toBe('');
    const both = showconfig({ [name]: text, 'vfio.conf': renderVfioConf(navi21) });
    expect(both.stderr).toBe('');
  });

  it.each(realModprobe)('$name is not ours', ({ text }) => {
    expect(isDgpuOwned(text)).toBe(false);
  });

  it('finds their ids= lines as conflicts, and none in our own file', () => {
    const files = [
      ...realModprobe.map((f) => ({ path: `/etc/modprobe.d/${f.name}`, text: f.text })),
      { path: '/etc/modprobe.d/vfio.conf', text: renderVfioConf({ ids: [], softdeps: ['amdgpu'], perAddress: ['0000:0a:00.0'] }) },
    ];
    const found = findVfioConflicts(files);
    expect(found.map((c) => [c.path, c.line, c.kind, c.ids])).toEqual([
      ['/etc/modprobe.d/modprobe-01-ozzyhelix-vfio.conf', 3, 'ids', ['10de:1e84', '10de:10f8', '10de:1ad8', '10de:1ad9', '1912:0014']],
      ['/etc/modprobe.d/modprobe-02-dstait-laptop-gtx1070m-nvme.conf', 3, 'ids', ['10de:1be1', '10de:10f0', '144d:a809']],
    ]);
  });

  it('sees underscore names, continuations, quoted values and install hooks', () => {
    const text = '# options vfio-pci ids=dead:beef\noptions vfio_pci disable_vga=1 \\\n  ids="1002:67DF,1002:aaf0"\ninstall vfio-pci /usr/local/bin/bind.sh\noptions vfio_pci_core x=1\n';
    const found = findVfioConflicts([{ path: 'u.conf', text }]);
    expect(found.map((c) => [c.line, c.kind, c.ids])).toEqual([
      [2, 'ids', ['1002:67df', '1002:aaf0']],
      [4, 'install', []],
    ]);
  });
});
