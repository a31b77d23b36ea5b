// One table row per dump format and per bad input.
import { describe, expect, it } from 'vitest';
import { importDump, parseDump } from '../../../src/core/dump/parse-dump.js';
import { UsageError } from '../../../src/core/errors.js';

const GPU = 'VGA compatible controller [0300]: NVIDIA Corporation GA102 [GeForce RTX 3080] [10de:2206] (rev a1)';
const AUD = 'Audio device [0403]: NVIDIA Corporation GA102 High Definition Audio Controller [10de:1aef] (rev a1)';

const both = (a: number | null, b: number | null) => [
  { address: '0000:01:00.0', vendor: '10de', device: '2206', class: '0300', iommuGroup: a },
  { address: '0000:01:00.1', vendor: '10de', device: '1aef', class: '0403', iommuGroup: b },
];

const formats: Array<[string, string, ReturnType<typeof both>]> = [
  ['classic, tab', `IOMMU Group 12:\n\t01:00.0 ${GPU}\n\t01:00.1 ${AUD}\n`, both(12, 12)],
  ['classic, spaces', `IOMMU Group 12:        01:00.0 ${GPU}\nIOMMU Group 13:        01:00.1 ${AUD}`, both(12, 13)],
  ['one line, no space after colon', `IOMMU Group 3:01:00.0 ${GPU}\nIOMMU Group 4:01:00.1 ${AUD}`, both(3, 4)],
  ['lowercase, no colon', `IOMMU group 7\n  01:00.0 ${GPU}\n  01:00.1 ${AUD}`, both(7, 7)],
  ['upper case with (N) prefix', `IOMMU GROUP 2\n (2) 01:00.0 ${GPU}\nIOMMU GROUP 3\n (3) 01:00.1 ${AUD}`, both(2, 3)],
  ['one-line style, lexical order', `IOMMU Group 10 01:00.1 ${AUD}\nIOMMU Group 1 01:00.0 ${GPU}`, both(1, 10)],
  ['[RESET] tags', `IOMMU group 21\n[RESET]\t01:00.0 ${GPU}\nIOMMU group 22\n\t01:00.1 ${AUD}`, both(21, 22)],
  ['domain prefix (lspci -D)', `IOMMU Group 5:\n\t0000:01:00.0 ${GPU}\n\t0000:01:00.1 ${AUD}`, both(5, 5)],
  ['plain lspci -nn', `01:00.0 ${GPU}\n01:00.1 ${AUD}\n`, both(null, null)],
  ['markdown around it', `# My build\n\nGroups:\n\n\`\`\`\nIOMMU Group 1:\n\t01:00.0 ${GPU}\n\t01:00.1 ${AUD}\n\`\`\`\nThanks!`, both(1, 1)],
  [
    'ls-iommu table',
    'Group 12:       [10de:2206] [R] 01:00.0  VGA compatible controller                GA102 [GeForce RTX 3080]\n' +
      '                [10de:1aef]     01:00.1  Audio device                             GA102 High Definition Audio Controller\n',
    both(12, 12),
  ],
  [
    'tab-separated table',
    'Group 12:\t[10de:2206] [R]\t0000:01:00.0\tVGA compatible controller\tGA102\n' +
      'Group 13:\t[10de:1aef]\t0000:01:00.1\tAudio device\tGA102 Audio\n',
    both(12, 13),
  ],
];

describe('dump formats', () => {
  it.each(formats)('%s', (_name, text, expected) => {
    const host = parseDump(text);
    expect(host.devices.map(({ address, vendor, device, class: c, iommuGroup }) => ({ address, vendor, device, class: c, iommuGroup })))
      .toEqual(expected);
    expect(host.iommuGroups === null).toBe(expected[0]!.iommuGroup === null);
    expect(host.known).toEqual({ drivers: false, bootVga: false });
  });

  it('reads names and revisions from lspci lines', () => {
    const d = parseDump(`IOMMU Group 1:\n\t01:00.0 ${GPU}`).devices[0]!;
    expect(d).toMatchObject({ name: 'NVIDIA Corporation GA102 [GeForce RTX 3080]', revision: 'a1', bootVga: null, modalias: null });
  });

  it('reads drivers and subsystems from lspci -nnk, and only then claims to know drivers', () => {
    const text = `01:00.0 ${GPU}\n\tSubsystem: ASUSTeK Computer Inc. Device [1043:87b3]\n\tKernel driver in use: vfio-pci\n\tKernel modules: nouveau, nvidia\n` +
      `01:00.1 ${AUD}\n\tDeviceName: Onboard\n\tKernel modules: snd_hda_intel\n`;
    const host = parseDump(text);
    expect(host.known.drivers).toBe(true);
    expect(host.devices.map((d) => d.driver)).toEqual(['vfio-pci', null]);
    expect(host.devices[0]).toMatchObject({ subsystemVendor: '1043', subsystemDevice: '87b3' });
  });

  it('merges lspci -nnk after a group listing by address', () => {
    const host = parseDump(`IOMMU Group 4:\n\t01:00.0 ${GPU}\n$ lspci -nnk\n01:00.0 ${GPU}\n\tKernel driver in use: nvidia\n`);
    expect(host.devices).toHaveLength(1);
    expect(host.devices[0]).toMatchObject({ iommuGroup: 4, driver: 'nvidia' });
  });

  it('keeps a cut-off line with the ids it states and no guess', () => {
    const host = parseDump(`IOMMU group 11\n  25:00.0 ${GPU}\n  25:00.1 Audio device [0403]: Advanced Micro Devices, Inc. [AMD/ATI] Caicos HDMI Audio [1002:a...`);
    expect(host.devices[1]).toMatchObject({ address: '0000:25:00.1', vendor: '1002', device: null, class: '0403', iommuGroup: 11 });
    const cutEarly = parseDump(`IOMMU group 11\n  25:00.0 ${GPU}\n  25:00.1 Audio device [0403]: Advanced Micro`);
    expect(cutEarly.devices[1]).toMatchObject({ vendor: null, device: null, name: 'Advanced Micro' });
  });

  it('reads the command line only from /proc/cmdline output', () => {
    expect(parseDump(`BOOT_IMAGE=/vmlinuz root=/dev/sda1 pcie_acs_override=downstream\nIOMMU Group 1:\n\t01:00.0 ${GPU}`).cmdline)
      .toBe('BOOT_IMAGE=/vmlinuz root=/dev/sda1 pcie_acs_override=downstream');
    expect(parseDump(`$ cat /proc/cmdline\ninitrd=\\amd-ucode.img root=UUID=1 rw\nIOMMU Group 1:\n\t01:00.0 ${GPU}`).cmdline)
      .toBe('initrd=\\amd-ucode.img root=UUID=1 rw');
    expect(parseDump(`GRUB_CMDLINE_LINUX_DEFAULT="pcie_acs_override=downstream"\nIOMMU Group 1:\n\t01:00.0 ${GPU}`).cmdline).toBeNull();
  });

  it('reads the CPU vendor from pasted /proc/cpuinfo only', () => {
    expect(parseDump(`vendor_id\t: AuthenticAMD\n01:00.0 ${GPU}`).cpuVendor).toBe('amd');
    expect(parseDump(`CPU: Intel i7\n01:00.0 ${GPU}`).cpuVendor).toBeNull();
  });

  it('maps ls-iommu class names to codes and leaves unknown names null', () => {
    const host = parseDump('Group 0:\t[1022:14da]     00:01.0  Host bridge      Device 14da\nGroup 1:\t[1022:0001]     00:02.0  Frobnicator      X\n');
    expect(host.devices.map((d) => d.class)).toEqual(['0600', null]);
  });

  it('notes a USB line that follows no controller', () => {
    const { notes } = importDump('Group 0:\t[1022:14da]     00:01.0  Host bridge      Device 14da\nUSB:\t\t[046d:c52b]\t\t Bus 001 Device 002   Logitech Unifying Receiver\n');
    expect(notes).toEqual([expect.stringContaining('046d:c52b')]);
  });

  it('marks USB keyboards and mice by the names ls-iommu prints', () => {
    const host = parseDump(
      'Group 3:\t[8086:43ed]     00:14.0  USB controller     xHCI\n' +
        'USB:\t\t[046d:c31c]\t\t Bus 001 Device 003   Logitech, Inc. Keyboard K120\n' +
        'USB:\t\t[046d:c077]\t\t Bus 001 Device 004   Logitech, Inc. M105 Optical Mouse\n',
    );
    expect(host.usb![0]!.devices.map((d) => [d.keyboard, d.mouse])).toEqual([[true, false], [false, true]]);
  });
});

describe('bad dumps', () => {
  it.each([
    ['empty', ''],
    ['blank lines', '\n\n  \n'],
    ['garbage', 'lorem ipsum dolor sit amet\n\u0000\u0001 binary junk \uFFFD'],
    ['a group header and nothing else', 'IOMMU Group 1:\n'],
    ['prose mentioning addresses', 'I put the card at 01:00.0 and it did not work'],
    ['short lspci with an unknown class name', '01:00.0 Frobnicator: something'],
  ])('%s is a usage error naming the accepted formats', (_name, text) => {
    expect(() => parseDump(text)).toThrow(UsageError);
    try {
      parseDump(text);
    } catch (e) {
      expect((e as UsageError).exitCode).toBe(2);
      expect((e as UsageError).hint).toMatch(/IOMMU Group N.*lspci -nn.*ls-iommu/);
    }
  });
});
