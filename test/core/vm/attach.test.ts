import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { attachGpu, type AttachRequest } from '../../../src/core/vm/attach.js';
import { placementProblem } from '../../../src/core/vm/check-placement.js';
import { readDomain } from '../../../src/core/vm/domain.js';
import { ConflictError, UsageError } from '../../../src/core/errors.js';

const fixture = (n: string) => readFileSync(`test/fixtures/vm/${n}-in.xml`, 'utf8');
const OZZY = fixture('libvirt-macos-01-ozzyhelix-usb-controller-hostdev');
const ULTMOS = fixture('libvirt-macos-04-ultmos-domainExample');
const MANU = fixture('libvirt-macos-05-manu-romero-igpu-pch-hostdev');
const GPU = [{ address: '0000:0a:00.0', class: '030000' }, { address: '0000:0a:00.1', class: '040300' }];
const base: AttachRequest = { functions: GPU, also: [], cpuVendor: 'intel', input: 'keep', keepDisplay: false };

describe('attachGpu', () => {
  it.each<[string, string, Partial<AttachRequest>, new (...a: never[]) => Error, RegExp]>([
    ['XML that does not parse', '<domain><devices></domain>', {}, UsageError, /not well-formed/],
    ['a domain without <devices>', "<domain type='kvm'><name>x</name></domain>", {}, UsageError, /no <devices>/],
    ['a guest address conflict', OZZY.replace("bus='0x02' slot='0x00' function='0x0'", "bus='0x04' slot='0x00' function='0x0'"), {}, ConflictError, /0000:04:00.0 is used by both <controller> and <hostdev>/],
    ['a --gpu that is not a display', OZZY, { functions: [{ address: '0000:0a:00.1', class: '040300' }] }, UsageError, /not a display function/],
    ['--input usb without a USB controller', OZZY, { input: 'usb' }, UsageError, /needs a USB controller/],
    ['--input evdev with no devices found', OZZY, { input: 'evdev', evdev: { keyboard: null, mouse: null } }, UsageError, /no keyboard or mouse/],
    ['--also naming a GPU function', OZZY, { also: [GPU[1]!] }, UsageError, /function of the GPU itself/],
  ])('refuses %s', (_, xml, over, cls, message) => {
    expect(() => attachGpu(xml, { ...base, ...over })).toThrow(cls);
    expect(() => attachGpu(xml, { ...base, ...over })).toThrow(message);
  });

  it('leaves graphics, video and emulated input alone with --keep-display and --input keep', () => {
    const { xml } = attachGpu(OZZY, { ...base, keepDisplay: true });
    expect(xml).toContain("<graphics type='spice' autoport='yes'>");
    expect(xml).toContain("<model type='virtio' heads='1' primary='yes'/>");
    expect(xml).toContain("<input type='keyboard' bus='ps2'/>");
    expect(xml).toContain("<qemu:arg value='usb-tablet'/>");
    expect(placementProblem(xml, GPU)).toBeNull();
  });

  it('keeps the emulated keyboard when no other input path is configured', () => {
    const { xml, warnings } = attachGpu(OZZY, base);
    expect(xml).not.toContain('<graphics');
    expect(xml).toContain("<input type='keyboard' bus='ps2'/>");
    expect(warnings.join('\n')).toMatch(/<audio type='spice'>.*SPICE graphics/);
  });

  it('replaces hostdevs for the same host address instead of duplicating them', () => {
    const dup = ULTMOS.replace('    <watchdog', `    <hostdev mode="subsystem" type="pci" managed="no">
      <source>
        <address domain="0x0000" bus="0x04" slot="0x00" function="0x1"/>
      </source>
    </hostdev>
    <watchdog`);
    const { xml } = attachGpu(dup, { ...base, functions: [{ address: '0000:04:00.0', class: '030000' }, { address: '0000:04:00.1', class: '040300' }] });
    expect(readDomain(xml).hostdevs.filter((h) => h.source === '0000:04:00.1')).toHaveLength(1);
    expect(xml).not.toContain('managed="no"');
  });

  it('adds topoext to a self-closing <cpu> on AMD hosts, once', () => {
    const { xml } = attachGpu(MANU, { ...base, functions: [{ address: '0000:00:02.0', class: '030000' }], cpuVendor: 'amd' });
    expect(xml).toContain("<cpu mode='host-model' check='partial'>\n    <feature policy='require' name='topoext'/>\n  </cpu>");
    expect(attachGpu(xml, { ...base, functions: [{ address: '0000:00:02.0', class: '030000' }], cpuVendor: 'amd' }).xml).toBe(xml);
  });

  it('places on bus 0 of an i440fx machine, off the reserved slots', () => {
    const pc = "<domain type='kvm'><name>pc</name><os><type machine='pc-i440fx-8.0'>hvm</type></os><devices>\n" +
      "  <interface type='network'><address type='pci' domain='0x0000' bus='0x00' slot='0x03' function='0x0'/></interface>\n</devices></domain>";
    const { xml } = attachGpu(pc, base);
    expect(xml).toContain("bus='0x00' slot='0x04' function='0x0' multifunction='on'");
    expect(placementProblem(xml, GPU)).toBeNull();
  });
});

describe('placementProblem', () => {
  it('names the function libvirt (or the user) put on another bus', () => {
    const fns = [{ address: '0000:04:00.0', class: '030000' }, { address: '0000:04:00.1', class: '040300' }];
    expect(placementProblem(ULTMOS, fns)).toMatch(/not multifunction/);
    expect(placementProblem(ULTMOS.replace('function="0x0"/>\n    </hostdev>\n    <hostdev mode="subsystem" type="pci" managed="yes">\n      <source>\n        <address domain="0x0000" bus="0x04" slot="0x00" function="0x1"',
      'function="0x0" multifunction="on"/>\n    </hostdev>\n    <hostdev mode="subsystem" type="pci" managed="yes">\n      <source>\n        <address domain="0x0000" bus="0x04" slot="0x00" function="0x1"'), fns)).toMatch(/0000:04:00.1 is not on the GPU's guest bus/);
    expect(placementProblem(OZZY, fns)).toMatch(/not passed exactly once/);
  });
});
