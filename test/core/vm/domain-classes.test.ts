// The libvirt domain classes of issue 10 (items 8-13), each on a real domain, each output judged by libvirt
// (virt-xml-validate, the test driver's define --validate and dumpxml, and the QEMU-driver rules it skips).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { attachGpu, type AttachFunction, type AttachRequest } from '../../../src/core/vm/attach.js';
import { placementProblem } from '../../../src/core/vm/check-placement.js';
import { readDomain } from '../../../src/core/vm/domain.js';
import { EditError } from '../../../src/core/errors.js';
import { libvirtAccepts, mendForDebianLibvirt, qemuDriverProblems } from '../../support/libvirt-oracle.js';

const corpus = (f: string) => readFileSync(`test/fixtures/corpus/domains/${f}`, 'utf8');
const fixture = (f: string) => readFileSync(`test/fixtures/vm/${f}`, 'utf8');
const GPU: AttachFunction[] = [{ address: '0000:0a:00.0', class: '030000' }, { address: '0000:0a:00.1', class: '040300' }];
const REQ: AttachRequest = { functions: GPU, also: [], cpuVendor: 'amd', input: 'keep', keepDisplay: false };

/** libvirt takes the domain, keeps the GPU on one slot, and the QEMU driver's own rules hold. */
function expectLibvirtKeeps(xml: string, fns: AttachFunction[] = GPU): string {
  const name = readDomain(xml).name ?? '';
  const r = libvirtAccepts(mendForDebianLibvirt(xml).xml, name);
  expect(r.validateOutput).toContain('validates');
  expect(r.virshOk, r.virshOutput).toBe(true);
  expect(placementProblem(r.dumped, fns, 'virsh dumpxml')).toBeNull();
  expect(qemuDriverProblems(xml)).toEqual([]);
  return r.dumped;
}

describe('item 8: q35 domains that list no PCI controllers (DarwinKVM example domains)', () => {
  it.each(['DarwinKVM.xml', 'DarwinKVM-Debian-Fedora.xml', 'LegacyDarwinKVM.xml'])('%s: the first new root port is index 1, the GPU on its bus', (f) => {
    const { xml } = attachGpu(corpus(`royalgraphx--DarwinKVM--xmls_examples_${f}`), REQ);
    expect(xml).toMatch(/<controller type='pci' index='1' model='pcie-root-port'>/);
    expect(xml).not.toMatch(/index='0' model='pcie-root-port'/);
    expect(xml).toContain("<address type='pci' domain='0x0000' bus='0x01' slot='0x00' function='0x0' multifunction='on'/>");
    expectLibvirtKeeps(xml);
  });

  it('a pcie-root without an index is index 0: new controllers still start at 1', () => {
    const input = corpus('royalgraphx--DarwinKVM--xmls_examples_DarwinKVM.xml')
      .replace('<emulator>', "<controller type='pci' model='pcie-root'/>\n    <emulator>");
    const { xml } = attachGpu(input, REQ);
    expect(xml).toMatch(/<controller type='pci' index='1' model='pcie-root-port'>/);
    expectLibvirtKeeps(xml);
  });

  it('0000:00:00.0 is no address: an <interface> there (OSX-KVM) is no conflict, and a GPU there is moved', () => {
    const osxkvm = corpus('kholia--OSX-KVM--macOS-libvirt-Catalina.xml');
    expect(osxkvm).toContain('bus="0x00" slot="0x00" function="0x0"');
    const twice = osxkvm.replace('<model type="vmxnet3"/>', '<model type="vmxnet3"/>\n      <address type="pci" domain="0x0000" bus="0x00" slot="0x00" function="0x0"/>\n    </interface>\n    <interface type="bridge">\n      <model type="vmxnet3"/>');
    expect(() => readDomain(twice)).not.toThrow();
    const { xml } = attachGpu(osxkvm.replace('<!-- If you wanna passthrough GPU', `<hostdev mode='subsystem' type='pci' managed='yes'>
      <source><address domain='0x0000' bus='0x0a' slot='0x00' function='0x0'/></source>
      <address type='pci' domain='0x0000' bus='0x00' slot='0x00' function='0x0'/>
    </hostdev>
    <!-- If you wanna passthrough GPU`), REQ);
    expect(readDomain(xml).hostdevs.find((h) => h.source === '0000:0a:00.0')!.guest).toMatchObject({ bus: 1, slot: 0, fn: 0 });
  });
});

describe('item 9: topoext on an AMD host', () => {
  const ryankurte = corpus('ryankurte--vfio--macOS.xml'); // <cpu> with only <topology>, -cpu Penryn in <qemu:commandline>

  it('goes into the -cpu argument QEMU uses, and leaves a <cpu> with no model alone', () => {
    const { xml, warnings } = attachGpu(ryankurte, REQ);
    expect(xml).toContain("<qemu:arg value='Penryn,kvm=on,vendor=GenuineIntel,+invtsc,vmware-cpuid-freq=on,+pcid,+ssse3,+sse4.2,+popcnt,+avx,+aes,+xsave,+xsaveopt,check,+topoext'/>");
    expect(xml.slice(xml.indexOf('<cpu'), xml.indexOf('</cpu>'))).not.toContain('topoext');
    expect(warnings.join('\n')).not.toMatch(/topoext/);
    expectLibvirtKeeps(xml);
    expect(attachGpu(xml, REQ).xml).toBe(xml);
  });

  it('without a -cpu argument, a <cpu> with no model gets nothing and a warning that says what to do', () => {
    const input = ryankurte.replace(/\s*<qemu:arg value='-cpu'\/>\s*<qemu:arg value='Penryn[^']*'\/>/, '');
    const { xml, warnings } = attachGpu(input, REQ);
    expect(xml).not.toContain('topoext');
    expect(warnings.join('\n')).toMatch(/topoext not added: .*no CPU model and no mode.*host-passthrough/);
    expectLibvirtKeeps(xml);
  });

  it('a domain with no <cpu> and no -cpu (August-Icekimo HighSierra without its -cpu) keeps QEMU\'s default CPU, with a warning', () => {
    const input = corpus('August-Icekimo--KVM4e.g.--HighSierra_HighSierra.xml').replace(/\s*<qemu:arg value='-cpu'\/>\s*<qemu:arg value='[^']*'\/>/, '');
    expect(input).not.toMatch(/<cpu[ >]|-cpu/);
    const { xml, warnings } = attachGpu(input, REQ);
    expect(xml).not.toMatch(/<cpu[ >]|topoext/);
    expect(warnings.join('\n')).toMatch(/topoext not added: the domain has no <cpu>/);
    expectLibvirtKeeps(xml);
  });

  it('a -cpu that turns topoext off is left as it is, with a warning', () => {
    const input = ryankurte.replace('+xsaveopt,check', '+xsaveopt,-topoext,check');
    const { xml, warnings } = attachGpu(input, REQ);
    expect(xml).toContain('+xsaveopt,-topoext,check');
    expect(warnings.join('\n')).toMatch(/turns it off/);
  });
});

describe('item 10: a full bus 0 on i440fx (JustArchi/VFIO win10.xml, filled with e1000 NICs)', () => {
  const base = corpus('JustArchi--VFIO--etc_libvirt_qemu_win10.xml');
  const used = new Set([...base.matchAll(/bus='0x00' slot='(0x[0-9a-f]+)'/g)].map((m) => parseInt(m[1]!, 16)));
  const fill = (leave: number) => {
    const free = Array.from({ length: 0x1d }, (_, i) => i + 3).filter((s) => !used.has(s)).slice(leave);
    const nics = free.map((s) => `    <interface type='network'>\n      <source network='default'/>\n      <model type='e1000'/>\n` +
      `      <address type='pci' domain='0x0000' bus='0x00' slot='0x${s.toString(16).padStart(2, '0')}' function='0x0'/>\n    </interface>\n`);
    return base.replace('  </devices>', `${nics.join('')}  </devices>`);
  };
  const USB: AttachFunction = { address: '0000:0b:00.0', class: '0c0330' };

  it('one slot left and two devices to place: a pci-bridge takes it, both go behind it', () => {
    const { xml } = attachGpu(fill(1), { ...REQ, also: [USB] });
    expect(xml).toMatch(/<controller type='pci' index='1' model='pci-bridge'>\s*<model name='pci-bridge'\/>\s*<target chassisNr='1'\/>/);
    const ours = readDomain(xml).hostdevs.filter((h) => [...GPU, USB].some((f) => f.address === h.source));
    expect(ours.map((h) => [h.source, h.guest?.bus, h.guest?.slot, h.guest?.fn])).toEqual(
      [['0000:0a:00.0', 1, 1, 0], ['0000:0a:00.1', 1, 1, 1], ['0000:0b:00.0', 1, 2, 0]]);
    expectLibvirtKeeps(xml);
    expect(attachGpu(xml, { ...REQ, also: [USB] }).xml).toBe(xml);
  });

  it('no slot left anywhere: one clear EditError, not an internal error', () => {
    expect(() => attachGpu(fill(0), REQ)).toThrow(EditError);
    expect(() => attachGpu(fill(0), REQ)).toThrow(/no free PCI slot in the domain: bus 0 and every pci-bridge are full/);
  });
});

describe('item 11: a <console> that mirrors a <serial>', () => {
  it('shares its PCI address by design (libvirt writes it so): no conflict, and libvirt takes the result', () => {
    const dumped = fixture('console-mirrors-pci-serial-dumpxml.xml');
    expect(dumped).toMatch(/<console type='pty'>\s*<target type='serial' port='0'\/>\s*<address type='pci' domain='0x0000' bus='0x00' slot='0x03'/);
    const { xml } = attachGpu(dumped, REQ);
    expectLibvirtKeeps(xml);
  });

  it('a console on another device\'s address is still a conflict', () => {
    const clash = fixture('console-mirrors-pci-serial-dumpxml.xml').replace(/(<console type='pty'>\s*<target type='serial' port='0'\/>\s*<address type='pci' domain='0x0000' bus='0x00' slot=')0x03/, '$10x07');
    expect(() => readDomain(clash)).toThrow(/guest PCI address 0000:00:07.0 is used by both/);
  });
});

describe("item 12: <audio type='spice'> once the SPICE graphics is gone", () => {
  it('becomes type none with its id (ozzyhelix), with a message; libvirt takes it', () => {
    const input = fixture('libvirt-macos-01-ozzyhelix-usb-controller-hostdev-in.xml');
    expect(input).toContain("<audio id='1' type='spice'/>");
    const { xml, warnings } = attachGpu(input, REQ);
    expect(xml).toContain("<audio id='1' type='none'/>");
    expect(warnings.join('\n')).toMatch(/<audio type='spice'> is now type='none'/);
    expectLibvirtKeeps(xml);
  });

  it("spicevmc channels and USB redirection go too (manu-romero's domain, posted without its <graphics>), with a message", () => {
    const input = fixture('libvirt-macos-05-manu-romero-igpu-pch-hostdev-in.xml');
    expect(input.match(/type='spicevmc'/g)).toHaveLength(3);
    const iGpu: AttachFunction[] = [{ address: '0000:00:02.0', class: '030000' }];
    const { xml, warnings } = attachGpu(input, { ...REQ, functions: iGpu });
    expect(xml).not.toContain('spicevmc');
    expect(warnings.join('\n')).toMatch(/removed <channel type='spicevmc'>, <redirdev type='spicevmc'>: libvirt refuses SPICE channels/);
    expect(qemuDriverProblems(input)).toEqual(['SPICE audio without SPICE graphics', 'a SPICE chardev without SPICE graphics']); // as posted: no <graphics>
    expectLibvirtKeeps(xml, iGpu);
  });

  it('is left alone with --keep-display', () => {
    const { xml } = attachGpu(fixture('libvirt-macos-01-ozzyhelix-usb-controller-hostdev-in.xml'), { ...REQ, keepDisplay: true });
    expect(xml).toContain("<audio id='1' type='spice'/>");
  });
});

describe('item 13: a GPU already passed with -device vfio-pci in <qemu:commandline> (Arch Wiki win7 domain)', () => {
  const win7 = fixture('qemu-commandline-vfio-archwiki-win7.xml');
  const theirs: AttachFunction[] = [{ address: '0000:02:00.0', class: '030000' }, { address: '0000:02:00.1', class: '040300' }];

  it('is refused with one line naming the argument, not passed twice', () => {
    expect(() => attachGpu(win7, { ...REQ, functions: theirs })).toThrow(EditError);
    expect(() => attachGpu(win7, { ...REQ, functions: theirs })).toThrow(
      /already passes 0000:02:00.0, 0000:02:00.1 through <qemu:commandline> \(-device vfio-pci,host=02:00.0,multifunction=on,x-vga=on\)/);
  });

  it('another GPU is attached as usual beside it', () => {
    const { xml } = attachGpu(win7, REQ);
    expectLibvirtKeeps(xml);
  });
});
