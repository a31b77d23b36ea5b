// Issue 10, items 3–7: the kernel command-line classes, each through every source dgpu edits, judged by the
// kernel's own parsing (a port of next_arg/parse_args), by the real kmod reading the line as /proc/cmdline, and
// for GRUB by bash sourcing the file.
import { describe, expect, it } from 'vitest';
import type { CmdlineEdit } from '../../../src/core/cmdline/cmdline.js';
import { CMDLINE_SOURCES, type CmdlineSourceKind } from '../../../src/core/cmdline/cmdline-sources.js';
import { grubbyArgv } from '../../../src/core/cmdline/grubby.js';
import { planCmdline, planGrub, resolvedFor } from '../../../src/core/plan/plan-cmdline.js';
import { planModprobe } from '../../../src/core/plan/plan-modprobe.js';
import { verifyIntent } from '../../../src/core/plan/verify.js';
import { cmdlineEditFor } from '../../../src/core/plan/intent.js';
import { grubSourced, kernelArgs, kernelValue, kmodVfioIds } from '../../support/cmdline-oracles.js';
import { GUEST_IDS, guestHost, guestIntent, plannedEdit } from '../../support/cmdline-intent.js';
import { modprobe, tempConfDir } from '../../support/kmod.js';


const sourced = grubSourced;

/** The same command line as each source holds it. */
const wrap: Record<CmdlineSourceKind, (line: string) => string> = {
  'grub-default': (l) => `GRUB_DEFAULT=0\nGRUB_CMDLINE_LINUX_DEFAULT="${l}"\nGRUB_CMDLINE_LINUX=""\n`,
  'boot-entry': (l) => `title Arch Linux\nlinux /vmlinuz-linux\ninitrd /initramfs-linux.img\noptions ${l}\n`,
  'kernel-cmdline': (l) => `${l}\n`,
  kernelstub: (l) => `${JSON.stringify({ default: { kernel_options: ['quiet'] }, user: { kernel_options: l.split(' ') } }, null, 4)}\n`,
};
const KINDS = Object.keys(wrap) as CmdlineSourceKind[];

/** The edited command line each source gives, read back the way the boot loader (or bash) would. */
function through(kind: CmdlineSourceKind, line: string, edit: CmdlineEdit): { before: string; after: string; line: string } {
  const before = wrap[kind](line);
  const after = CMDLINE_SOURCES[kind].edit(before, edit);
  expect(CMDLINE_SOURCES[kind].edit(after, edit)).toBe(after); // planning again: nothing to do
  const read = kind === 'grub-default' ? sourced(after).join(' ') : CMDLINE_SOURCES[kind].read(after);
  return { before, after, line: read };
}


describe.each(KINDS)('%s', (kind) => {
  it('item 4: an existing vfio-pci.ids / vfio_pci.ids keeps the user\'s ids, in order, and gains the guest\'s', () => {
    for (const key of ['vfio-pci.ids', 'vfio_pci.ids']) {
      const r = through(kind, `root=/dev/sda2 ${key}=1002:67df,1002:aaf0 quiet`, plannedEdit('amd'));
      const want = ['1002:67df', '1002:aaf0', ...GUEST_IDS];
      expect(kernelValue(r.line, 'vfio-pci.ids')?.split(',')).toEqual(want);
      expect(kmodVfioIds(r.line)).toEqual(want);
    }
  });

  it('item 5: a vfio-pci.ids after `--` (kmod reads it, the kernel does not) moves before `--`, merged', () => {
    const r = through(kind, 'root=/dev/sda2 quiet -- vfio-pci.ids=1002:67df single', plannedEdit('amd'));
    const k = kernelArgs(r.line);
    expect(k.init?.trim()).toBe('single');
    expect(k.params.filter((p) => p.param === 'vfio-pci.ids').map((p) => p.val)).toEqual([['1002:67df', ...GUEST_IDS].join(',')]);
    expect(kmodVfioIds(r.line)).toEqual(['1002:67df', ...GUEST_IDS]);
    // dgpu's own parameters go before `--` too
    expect(k.params.map((p) => `${p.param}=${p.val}`)).toContain('iommu=pt');
  });

  it('item 6: a line that already has everything, ids in upper case, is left alone', () => {
    const line = 'root=/dev/sda2 vfio_pci.ids=10DE:1B81,10DE:10F0 intel_iommu=on,igfx_off iommu=pt quiet';
    const r = through(kind, line, plannedEdit('intel'));
    expect(r.after).toBe(r.before);
  });

  it('item 6: iommu=pt joins an existing iommu= instead of standing beside it', () => {
    const r = through(kind, 'root=/dev/sda2 iommu=1 quiet', plannedEdit('amd'));
    expect(kernelArgs(r.line).params.filter((p) => p.param === 'iommu').map((p) => p.val)).toEqual(['1,pt']);
  });

  it('item 7: intel_iommu=off on Intel gives way to intel_iommu=on; amd_iommu=off and iommu=off go on AMD', () => {
    const intel = through(kind, 'root=/dev/sda2 intel_iommu=off quiet', plannedEdit('intel'));
    expect(kernelArgs(intel.line).params.filter((p) => p.param === 'intel_iommu').map((p) => p.val)).toEqual(['on']);
    const amd = through(kind, 'root=/dev/sda2 amd_iommu=off iommu=off quiet', plannedEdit('amd'));
    const params = kernelArgs(amd.line).params.map((p) => `${p.param}=${p.val}`);
    expect(params).not.toContain('amd_iommu=off');
    expect(params).not.toContain('iommu=off');
  });
});

describe('item 3: a parameter stays in the variable, line or file that holds it', () => {
  it('GRUB_CMDLINE_LINUX keeps its vfio-pci.ids and intel_iommu=on (recovery entries), new ones go to _DEFAULT', () => {
    const text = 'GRUB_CMDLINE_LINUX_DEFAULT="quiet splash"\nGRUB_CMDLINE_LINUX="rd.lvm.lv=cs/root vfio-pci.ids=1002:67df intel_iommu=on"\n';
    const after = CMDLINE_SOURCES['grub-default'].edit(text, plannedEdit('intel'));
    const [recovery, normal] = sourced(after);
    expect(kernelValue(recovery, 'vfio-pci.ids')).toBe(['1002:67df', ...GUEST_IDS].join(','));
    expect(kernelValue(recovery, 'intel_iommu')).toBe('on');
    expect(kernelArgs(normal).params.map((p) => p.param)).toEqual(['quiet', 'splash', 'iommu']);
  });

  it('across files: /etc/default/grub\'s GRUB_CMDLINE_LINUX keeps its ids while a grub.d drop-in holds _DEFAULT', () => {
    const files = {
      '/etc/default/grub': 'GRUB_CMDLINE_LINUX_DEFAULT="quiet"\nGRUB_CMDLINE_LINUX="vfio_pci.ids=1002:67df"\n',
      '/etc/default/grub.d/50-local.cfg': 'GRUB_CMDLINE_LINUX_DEFAULT="$GRUB_CMDLINE_LINUX_DEFAULT splash"\n',
    };
    const changes = planGrub(files, plannedEdit('amd'));
    const after = (p: keyof typeof files) => changes.find((c) => c.path === p)?.after ?? files[p];
    expect(sourced(after('/etc/default/grub'))[0]).toBe(`vfio_pci.ids=${['1002:67df', ...GUEST_IDS].join(',')}`);
    expect(after('/etc/default/grub.d/50-local.cfg')).toBe('GRUB_CMDLINE_LINUX_DEFAULT="$GRUB_CMDLINE_LINUX_DEFAULT splash iommu=pt"\n');
    expect(planGrub({ ...files, ...Object.fromEntries(changes.map((c) => [c.path, c.after])) }, plannedEdit('amd'))).toEqual([]);
  });

  it('a systemd-boot entry: the parameter stays on its options line; new ones go on the last, before `--`', () => {
    const text = 'title A\nlinux /vmlinuz\noptions root=/dev/sda2 vfio-pci.ids=1002:67df\noptions quiet -- single\n';
    expect(CMDLINE_SOURCES['boot-entry'].edit(text, plannedEdit('amd'))).toBe(
      `title A\nlinux /vmlinuz\noptions root=/dev/sda2 vfio-pci.ids=1002:67df,${GUEST_IDS.join(',')}\noptions quiet iommu=pt -- single\n`,
    );
  });

  it('a `--` on an earlier options line: new parameters go before it, not onto a later line', () => {
    const text = 'title A\nlinux /vmlinuz\noptions root=/dev/sda2 -- single\noptions quiet\n';
    const after = CMDLINE_SOURCES['boot-entry'].edit(text, plannedEdit('amd'));
    const k = kernelArgs(CMDLINE_SOURCES['boot-entry'].read(after));
    expect(k.params.map((p) => p.param)).toEqual(['root', 'vfio-pci.ids', 'iommu']);
  });
});

describe('item 4 beyond the editors', () => {
  it('grubby gets the merged list, not the bare guest ids that would replace the user\'s', () => {
    const grub = 'GRUB_CMDLINE_LINUX="rhgb vfio-pci.ids=1002:67df"\n';
    const edit = plannedEdit('intel');
    const after = planGrub({ '/etc/default/grub': grub }, edit, 'GRUB_CMDLINE_LINUX')[0]!.after!;
    const argv = grubbyArgv(resolvedFor(edit, sourced(after).join(' ')))!;
    expect(argv).toContain(`--args=vfio-pci.ids=${['1002:67df', ...GUEST_IDS].join(',')} intel_iommu=on iommu=pt`);
  });

  it('ids in the user\'s own modprobe.d stay bound: kmod reads the command line after them and the last ids= wins', () => {
    const host = guestHost('amd');
    const intent = guestIntent(host);
    const files = { '/etc/modprobe.d/nic-passthrough.conf': 'options vfio-pci ids=8086:1533\n' };
    const mp = planModprobe(host, files, intent);
    expect(mp.userIds).toEqual(['8086:1533']);
    // modprobe.d alone: dgpu's file and the user's, in kmod's order; the last ids= holds both
    const { dir, cleanup } = tempConfDir({ 'nic-passthrough.conf': files['/etc/modprobe.d/nic-passthrough.conf'], 'vfio.conf': mp.changes[0]!.after! });
    try {
      const r = modprobe(dir, ['--showconfig']);
      expect(r.stderr).toBe('');
      const ids = r.stdout.split('\n').filter((l) => l.startsWith('options vfio_pci ids=')).at(-1)!.slice('options vfio_pci ids='.length);
      expect(ids.split(',')).toEqual(['8086:1533', ...GUEST_IDS]);
    } finally {
      cleanup();
    }
    // the command line, read after every file, carries them too
    const line = CMDLINE_SOURCES['kernel-cmdline'].edit('root=/dev/sda2\n', plannedEdit('amd', mp.userIds));
    expect(kmodVfioIds(line)).toEqual(['8086:1533', ...GUEST_IDS]);
  });
});

describe('item 4: what dgpu put there itself is not the user\'s', () => {
  it('another guest: the ids dgpu\'s own vfio.conf held leave the list, the user\'s stay', () => {
    const host = guestHost('amd');
    const intent = guestIntent(host);
    const own = '# Managed by dgpu - do not edit\noptions vfio-pci ids=1002:73bf,1002:ab28\n';
    const mp = planModprobe(host, { '/etc/modprobe.d/vfio.conf': own }, intent);
    expect(mp.ownIds).toEqual(['1002:73bf', '1002:ab28']);
    const edit = cmdlineEditFor(intent, mp.userIds, [], mp.ownIds);
    const line = CMDLINE_SOURCES['kernel-cmdline'].edit('root=/dev/sda2 vfio-pci.ids=8086:1533,1002:73BF,1002:ab28\n', edit);
    expect(kmodVfioIds(line)).toEqual(['8086:1533', ...GUEST_IDS]);
    expect(kernelValue(line, 'vfio-pci.ids')).toBe(['8086:1533', ...GUEST_IDS].join(','));
  });
});

describe('item 7: the plan says what it takes out', () => {
  it('names intel_iommu=off in the change and in a warning', () => {
    const host = guestHost('intel');
    host.boot.bootloaders = [{ kind: 'kernel-install', evidence: ['/etc/kernel/cmdline'] }];
    const plan = planCmdline(host, { '/etc/kernel/cmdline': 'root=/dev/sda2 intel_iommu=off\n' }, plannedEdit('intel'), []);
    expect(plan.changes[0]!.after).toBe(`root=/dev/sda2 vfio-pci.ids=${GUEST_IDS.join(',')} intel_iommu=on iommu=pt\n`);
    expect(plan.changes[0]!.reason).toMatch(/takes out intel_iommu=off/);
    expect(plan.warnings.join('\n')).toMatch(/\/etc\/kernel\/cmdline: intel_iommu=off kept the IOMMU off/);
  });
});

describe('verify judges /proc/cmdline by the same rules', () => {
  const failed = (cmdline: string, builtin = false) => {
    const host = guestHost('intel', builtin);
    host.cmdline = cmdline;
    return verifyIntent(host, guestIntent(host), []).filter((c) => c.name.startsWith('cmdline') && !c.ok).map((c) => c.name);
  };
  it.each([
    ['upper-case ids, options in one list', 'root=/dev/sda2 vfio_pci.ids=1002:67DF,10DE:1B81,10DE:10F0 intel_iommu=on,igfx_off iommu=1,pt', false, []],
    ['ids only after `--`, vfio-pci a module: kmod applies them', 'root=/dev/sda2 intel_iommu=on iommu=pt -- vfio-pci.ids=10de:1b81,10de:10f0', false, []],
    ['ids only after `--`, vfio-pci built in: the kernel ignores them', 'root=/dev/sda2 intel_iommu=on iommu=pt -- vfio-pci.ids=10de:1b81,10de:10f0', true, ['cmdline vfio-pci.ids']],
    ['iommu=pt after `--` does not count', 'root=/dev/sda2 vfio-pci.ids=10de:1b81,10de:10f0 intel_iommu=on -- iommu=pt', false, ['cmdline iommu']],
    ['intel_iommu=off still there', 'vfio-pci.ids=10de:1b81,10de:10f0 intel_iommu=on iommu=pt intel_iommu=off', false, ['cmdline iommu not off']],
  ] as Array<[string, string, boolean, string[]]>)('%s', (_, cmdline, builtin, expected) => {
    expect(failed(cmdline, builtin)).toEqual(expected);
  });

  it.each([
    ['the user\'s ids for another card may stay', 'root=/dev/sda2 vfio-pci.ids=8086:1533 intel_iommu=on iommu=pt', []],
    ['a guest id in the list would take the host\'s card too', 'root=/dev/sda2 vfio-pci.ids=8086:1533,10DE:1B81 intel_iommu=on iommu=pt', ['cmdline no vfio-pci.ids']],
  ] as Array<[string, string, string[]]>)('by address: %s', (_, cmdline, expected) => {
    const host = guestHost('intel');
    host.cmdline = cmdline;
    const intent = { ...guestIntent(host), perAddress: true, params: guestIntent(host).params.filter((p) => p.key !== 'vfio-pci.ids') };
    expect(verifyIntent(host, intent, []).filter((c) => c.name.startsWith('cmdline') && !c.ok).map((c) => c.name)).toEqual(expected);
  });
});
