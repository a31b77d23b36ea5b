// Dumps as people post them: behind comment, quote and prompt markers, in fences, with CRLF and
// stray control bytes. Each reads to the same functions as the clean listing, and what was cleaned or skipped
// is a note with its line number; a group number no kernel gives is one clear error.
import { describe, expect, it } from 'vitest';
import { importDump } from '../../../src/core/dump/parse-dump.js';
import { UsageError } from '../../../src/core/errors.js';

const GPU = '01:00.0 VGA compatible controller [0300]: NVIDIA Corporation GA102 [GeForce RTX 3080] [10de:2206] (rev a1)';
const AUD = '01:00.1 Audio device [0403]: NVIDIA Corporation GA102 High Definition Audio Controller [10de:1aef] (rev a1)';
const NIC = '02:00.0 Ethernet controller [0200]: Intel Corporation I211 Gigabit Network Connection [8086:1539] (rev 03)';
const CLEAN = `IOMMU Group 12:\n\t${GPU}\n\t${AUD}\nIOMMU Group 13:\n\t${NIC}\n`;
const EXPECTED = ['0000:01:00.0 10de:2206 12', '0000:01:00.1 10de:1aef 12', '0000:02:00.0 8086:1539 13'];

const summary = (text: string) => importDump(text).host.devices.map((d) => `${d.address} ${d.vendor}:${d.device} ${d.iommuGroup}`);
const lines = (text: string, f: (l: string) => string) => text.split('\n').map((l) => (l === '' ? l : f(l))).join('\n');

describe('posted dumps', () => {
  it.each([
    ['"# " comments (a systemd-boot entry)', `title Arch\nlinux /vmlinuz-linux\n${lines(CLEAN, (l) => `# ${l}`)}options root=/dev/sda2 rw\n`],
    ['"#" comments, no space', lines(CLEAN, (l) => `#${l}`)],
    ['Markdown quote', lines(CLEAN, (l) => `> ${l}`)],
    ['nested quote of a comment', lines(CLEAN, (l) => `> > # ${l}`)],
    ['prompt marker', lines(CLEAN, (l) => `$ ${l}`)],
    ['one-line headers behind "# "', `# IOMMU Group 12 ${GPU}\n# IOMMU Group 12 ${AUD}\n# IOMMU Group 13 ${NIC}\n`],
    ['fenced, quoted', `> Here are my groups:\n> \`\`\`\n${lines(CLEAN, (l) => `> ${l}`)}> \`\`\`\n> thanks`],
    ['CRLF', CLEAN.replaceAll('\n', '\r\n')],
    ['lone CR', CLEAN.replaceAll('\n', '\r')],
  ])('%s', (_name, text) => {
    expect(summary(text)).toEqual(EXPECTED);
    expect(importDump(text).notes).toEqual([]);
  });

  it('reads lspci -k details behind markers, indented or not', () => {
    const text = `# ${GPU}\n#\tKernel driver in use: vfio-pci\n# ${AUD}\n# Kernel driver in use: snd_hda_intel\n`;
    const { host } = importDump(text);
    expect(host.devices.map((d) => d.driver)).toEqual(['vfio-pci', 'snd_hda_intel']);
  });

  it('keeps a device whose line holds a NUL, and says so with the line number', () => {
    const text = CLEAN.replace('Audio device', 'Audio\u0000 device');
    const { host, notes } = importDump(text);
    expect(host.devices.map((d) => `${d.address} ${d.vendor}:${d.device} ${d.iommuGroup}`)).toEqual(EXPECTED);
    expect(notes).toEqual([expect.stringMatching(/^line 3: removed control characters \(\\x00\): 01:00\.1 Audio device/)]);
  });

  it('removes terminal escape sequences whole (coloured output), naming the line', () => {
    const text = CLEAN.replace('IOMMU Group 13:', '\u001b[1;32mIOMMU Group 13:\u001b[0m');
    const { notes } = importDump(text);
    expect(summary(text)).toEqual(EXPECTED);
    expect(notes).toEqual([expect.stringMatching(/^line 4: removed control characters \(\\e\): IOMMU Group 13:$/)]);
  });

  it('accepts the largest group number the kernel gives and refuses one beyond it, with the line', () => {
    expect(summary(`IOMMU Group 2147483647:\n\t${GPU}`)).toEqual(['0000:01:00.0 10de:2206 2147483647']);
    for (const bad of ['IOMMU Group 2147483648:', 'IOMMU Group 4294967296:', `IOMMU Group ${'9'.repeat(400)}:`]) {
      expect(() => importDump(`IOMMU Group 1:\n\t${NIC}\n${bad}\n\t${GPU}`)).toThrow(UsageError);
      expect(() => importDump(`IOMMU Group 1:\n\t${NIC}\n${bad}\n\t${GPU}`)).toThrow(/^line 3 of the dump names an IOMMU group beyond 2147483647/);
    }
    expect(() => importDump(`Group 4294967296:  [10de:2206] [R] 01:00.0  VGA compatible controller  GA102`)).toThrow(/line 1 .* beyond/);
  });

  it('notes a line that starts like a function but is in no known format, and a function outside every group', () => {
    const text = `IOMMU Group 12:\n\t${GPU}\n\t01:00.1 something we cannot read\nIOMMU Group 13:\n\t${NIC}\n\nand also:\n${AUD}\n`;
    const { host, notes } = importDump(text);
    expect(host.devices.map((d) => d.iommuGroup)).toEqual([12, null, 13]);
    expect(notes).toEqual([
      'line 3: skipped, not in a known format: 01:00.1 something we cannot read',
      'line 8: 0000:01:00.1 is outside every IOMMU group listing; its group is unknown',
    ]);
  });

  it('skips an overlong line with a note, and caps notes of one kind', () => {
    const junk = Array.from({ length: 9 }, (_, i) => `0${i}:1f.7 ???`).join('\n');
    const { notes } = importDump(`${'x'.repeat(5000)}\n${CLEAN}${junk}\n`);
    expect(notes[0]).toBe('line 1: skipped, 5000 characters is no dump line');
    expect(notes.slice(1)).toHaveLength(6);
    expect(notes.at(-1)).toBe('... and 4 more like it');
  });

  it('escapes control characters that survive in names (bidi overrides)', () => {
    const { host } = importDump(GPU.replace('GA102', 'GA\u202e201'));
    expect(host.devices[0]!.name).toBe('NVIDIA Corporation GA\\u202e201 [GeForce RTX 3080]');
  });
});
