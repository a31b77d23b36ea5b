// Onboard HD audio for AppleALC: on guest bus 0 as DarwinKVM's Motherboard Audio page puts it, also
// when an earlier run left it behind a root port. The golden cases (golden-cases.ts) cover a fresh placement.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { attachGpu } from '../../../src/core/vm/attach.js';
import { libvirtAccepts, mendForDebianLibvirt } from '../../support/libvirt-oracle.js';
import { GOLDEN } from './golden-cases.js';

const input = readFileSync('test/fixtures/vm/libvirt-macos-02-ashtonian-audio-on-root-port-in.xml', 'utf8');
const req = GOLDEN.find((g) => g.variant === 'usb')!.req;
const audioAddress = (xml: string) =>
  /<hostdev\b[^>]*>\s*<source>\s*<address domain="0x0000" bus="0x00" slot="0x1f" function="0x3"\/>\s*<\/source>\s*(<address [^>]*\/>)/.exec(xml)?.[1];

describe('onboard audio already passed behind a root port', () => {
  it('moves to the first free slot of bus 0, which libvirt accepts; again changes nothing', () => {
    expect(audioAddress(input)).toBe('<address type="pci" domain="0x0000" bus="0x0a" slot="0x00" function="0x0"/>');
    const { xml } = attachGpu(input, req);
    // 0x02 holds the root port the earlier run added (it stays, empty): 0x03 is the first free slot
    expect(audioAddress(xml)).toBe('<address type="pci" domain="0x0000" bus="0x00" slot="0x03" function="0x0"/>');
    const r = libvirtAccepts(mendForDebianLibvirt(xml).xml, 'macOS');
    expect(r.validateOk, r.validateOutput).toBe(true);
    expect(r.virshOk, r.virshOutput).toBe(true);
    expect(attachGpu(xml, req).xml).toBe(xml);
  });

  it('the GPU\'s own audio stays function 1 of the GPU\'s slot', () => {
    const { xml } = attachGpu(input, req);
    const gpuAudio = /<address domain="0x0000" bus="0x03" slot="0x00" function="0x1"\/>\s*<\/source>\s*(<address [^>]*\/>)/.exec(xml)?.[1];
    expect(gpuAudio).toMatch(/function="0x1"/);
    expect(gpuAudio).not.toMatch(/bus="0x00"/);
  });
});
