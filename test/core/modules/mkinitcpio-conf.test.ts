import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EditError } from '../../../src/core/errors.js';
import { editHooks, editMkinitcpioConf, effectiveAssignment, stripMkinitcpioConf } from '../../../src/core/modules/mkinitcpio-conf.js';

const CONFIGS = 'test/fixtures/configs';
const real = readdirSync(CONFIGS)
  .filter((f) => f.startsWith('mkinitcpio-'))
  .map((name) => ({ name, text: readFileSync(`${CONFIGS}/${name}`, 'utf8') }));

/** What bash makes of the file: mkinitcpio sources it. */
function bashArrays(text: string): { MODULES: string; HOOKS: string } {
  const r = spawnSync('bash', ['-c', 'eval "$(cat)"; echo "${MODULES[*]}"; echo "${HOOKS[*]}"'], { input: text, encoding: 'utf8' });
  expect(r.stderr).toBe('');
  const [MODULES, HOOKS] = r.stdout.split('\n');
  return { MODULES: MODULES!, HOOKS: HOOKS! };
}

const line = (text: string, name: string) => text.split('\n').find((l) => l.startsWith(`${name}=`));

describe('editMkinitcpioConf on the real files', () => {
  const expected: Record<string, { modules: string; hooks: string; notes: number }> = {
    'mkinitcpio-01-ozzyhelix.conf': {
      modules: 'MODULES=(vfio_pci vfio vfio_iommu_type1 usbhid amdgpu)',
      hooks: 'HOOKS=(base udev autodetect modconf kms keyboard keymap consolefont block plymouth encrypt filesystems fsck)',
      notes: 0,
    },
    'mkinitcpio-02-akissu-vfio-virqfd-dup-hook.conf': {
      modules: 'MODULES=(vfio_pci vfio vfio_iommu_type1)',
      hooks: 'HOOKS=(base udev autodetect keyboard keymap modconf block encrypt filesystems keyboard fsck)',
      notes: 0,
    },
    'mkinitcpio-03-regeneric-kvmgt-mdev.conf': {
      modules: 'MODULES=(vfio_pci vfio vfio_iommu_type1 btrfs i915 kvmgt kvm_intel mdev)',
      hooks: 'HOOKS=(base udev autodetect modconf block lvm2 filesystems keyboard)',
      notes: 0,
    },
  };

  it.each(real)('$name: vfio first, everything else byte for byte', ({ name, text }) => {
    const { text: after, notes } = editMkinitcpioConf(text, '6.6.8-arch1-1');
    const want = expected[name]!;
    expect(line(after, 'MODULES')).toBe(want.modules);
    expect(line(after, 'HOOKS')).toBe(want.hooks);
    expect(notes).toHaveLength(want.notes);
    const others = (t: string) => t.split('\n').filter((l) => !l.startsWith('MODULES='));
    expect(others(after)).toEqual(others(text));
    expect(bashArrays(after).MODULES.split(' ').slice(0, 3)).toEqual(['vfio_pci', 'vfio', 'vfio_iommu_type1']);
  });

  it.each(real)('$name: editing twice is editing once', ({ text }) => {
    const once = editMkinitcpioConf(text, '6.6.8-arch1-1').text;
    expect(editMkinitcpioConf(once, '6.6.8-arch1-1')).toEqual({ text: once, notes: [] });
  });

  it.each(real)('$name: removing after adding gives back the file without vfio modules, byte for byte', ({ text }) => {
    const without = stripMkinitcpioConf(text);
    expect(stripMkinitcpioConf(editMkinitcpioConf(without, '5.15.0-91-generic').text)).toBe(without);
    expect(stripMkinitcpioConf(editMkinitcpioConf(without, '6.8.0').text)).toBe(without);
  });

  it('keeps vfio_virqfd only for kernels before 6.2', () => {
    const akissu = real.find((f) => f.name.includes('akissu'))!.text;
    expect(line(editMkinitcpioConf(akissu, '6.1.0-18-amd64').text, 'MODULES')).toBe('MODULES=(vfio_pci vfio vfio_iommu_type1 vfio_virqfd)');
    expect(line(editMkinitcpioConf(akissu, '6.2.0').text, 'MODULES')).toBe('MODULES=(vfio_pci vfio vfio_iommu_type1)');
  });
});

describe('editMkinitcpioConf on other shapes', () => {
  it.each([
    ['stock empty array', 'MODULES=()\nHOOKS=(base udev autodetect modconf block filesystems fsck)\n', 'MODULES=(vfio_pci vfio vfio_iommu_type1)\n'],
    ['multi-line with comments and quotes', 'MODULES=(\n  "usbhid"  # keyboard\n  xhci_hcd\n)\nHOOKS=(base modconf)\n', 'MODULES=(\n  vfio_pci vfio vfio_iommu_type1 "usbhid"  # keyboard\n  xhci_hcd\n)\n'],
    ['dash forms and optional vfio_virqfd?', "MODULES=(vfio-pci 'vfio' vfio_virqfd? nvme) # trailing\nHOOKS=(base modconf)\n", 'MODULES=(vfio_pci vfio vfio_iommu_type1 nvme) # trailing\n'],
  ])('%s', (_what, before, modulesPart) => {
    const after = editMkinitcpioConf(before, '6.9.1').text;
    expect(after.startsWith(modulesPart)).toBe(true);
    expect(bashArrays(after).MODULES.split(' ').slice(0, 3)).toEqual(['vfio_pci', 'vfio', 'vfio_iommu_type1']);
  });

  it.each([
    ['HOOKS=(base udev block filesystems)', 'HOOKS=(base udev modconf block filesystems)'],
    ['HOOKS=(systemd autodetect sd-vconsole block)', 'HOOKS=(systemd autodetect modconf sd-vconsole block)'],
    ['HOOKS=(base block)', 'HOOKS=(base modconf block)'],
    ['HOOKS=(block)', 'HOOKS=(modconf block)'],
    ['HOOKS=()', 'HOOKS=(modconf)'],
  ])('adds modconf: %s', (hooks, want) => {
    const r = editMkinitcpioConf(`MODULES=()\n${hooks}\n`, null);
    expect(line(r.text, 'HOOKS')).toBe(want);
    expect(r.notes).toEqual(['added the modconf hook to HOOKS, so /etc/modprobe.d/vfio.conf is in the image']);
  });

  it('adds a MODULES line when there is none, keeping the missing final newline', () => {
    const r = editMkinitcpioConf('HOOKS=(base modconf)', null);
    expect(r.text).toBe('HOOKS=(base modconf)\nMODULES=(vfio_pci vfio vfio_iommu_type1)');
    expect(r.notes).toHaveLength(1);
  });

  it.each([
    ['unbalanced parentheses', 'MODULES=(vfio usbhid\nHOOKS=(base)\n'],
    ['an extra closing parenthesis', 'MODULES=(usbhid))\n'],
    ['two assignments', 'MODULES=(a)\nMODULES=(b)\n'],
    ['an expansion', 'MODULES=($(ls /x) usbhid)\n'],
    ['a legacy string', 'MODULES="usbhid"\n'],
    ['an unterminated quote', "MODULES=('usbhid)\n"],
    ['HOOKS unbalanced', 'MODULES=()\nHOOKS=(base udev\n'],
  ])('stops with EditError on %s', (_what, text) => {
    expect(() => editMkinitcpioConf(text, '6.6')).toThrow(EditError);
  });

  it('property: adding then removing gives back the original; unknown words and separators survive', () => {
    const word = fc.constantFrom('usbhid', 'xhci_hcd', '"nvme"', "'btrfs'", 'amdgpu', 'i915', 'crc32c?');
    const sep = fc.constantFrom(' ', '  ', '\t', '\n', ' # c\n', '\n  ');
    const arr = fc.tuple(sep, fc.array(fc.tuple(word, sep), { maxLength: 6 })).map(([s0, ws]) =>
      ws.length === 0 ? (s0.includes('#') ? '' : s0) : s0 + ws.map(([w, s], i) => (i === ws.length - 1 && s.includes('#') ? w + '\n' : w + s)).join(''),
    );
    const tail = fc.constantFrom('\n', '', ' # x\n');
    fc.assert(
      fc.property(arr, tail, fc.constantFrom(null, '5.10.0', '6.12.1'), (inside, t, release) => {
        const original = `# c\nMODULES=(${inside})${t}HOOKS=(base modconf)\n`.replace(/\)(HOOKS)/, ')\n$1');
        const added = editMkinitcpioConf(original, release).text;
        expect(stripMkinitcpioConf(added)).toBe(original);
        expect(editMkinitcpioConf(added, release).text).toBe(added);
      }),
      { numRuns: 300 },
    );
  });
});

describe('effectiveAssignment', () => {
  it('names the last file that sets MODULES or HOOKS outright; += and ${VAR[@]} extend and do not count', () => {
    const files = [
      { path: 'main', text: 'MODULES=(a)\nHOOKS=(base udev)\n' },
      { path: 'a.conf', text: 'MODULES=(nvme)\n' },
      { path: 'b.conf', text: 'MODULES+=(nvme)\nMODULES=(${MODULES[@]} x)\n' },
      { path: 'c.conf', text: '# HOOKS=(base)\n' },
    ];
    expect(effectiveAssignment(files, 'MODULES')).toBe('a.conf');
    expect(effectiveAssignment(files, 'HOOKS')).toBe('main');
    expect(effectiveAssignment([{ path: 'x', text: '' }], 'HOOKS')).toBeNull();
  });
});

describe('editHooks with the per-address early hook', () => {
  it('puts dgpu-vfio right after base, strips it again, and refuses a file without HOOKS', () => {
    const text = 'HOOKS=(base udev autodetect modconf block filesystems)\n';
    const added = editHooks(text, 'f', true).text;
    expect(added).toBe('HOOKS=(base dgpu-vfio udev autodetect modconf block filesystems)\n');
    expect(editHooks(added, 'f', true).text).toBe(added);
    expect(editHooks(added, 'f', false).text).toBe(text);
    expect(stripMkinitcpioConf(added)).toBe(text);
    expect(editHooks('HOOKS=(udev modconf)\n', 'f', true).text).toBe('HOOKS=(dgpu-vfio udev modconf)\n');
    expect(() => editHooks('MODULES=()\n', 'f', true)).toThrow(EditError);
  });
});
