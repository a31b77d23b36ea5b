// Golden in/out tests on five real macOS domains, each output checked by libvirt itself (virt-xml-validate and
// the test:///default driver) in the same run. UPDATE_GOLDEN=1 rewrites the -out.xml files; review their diff.
import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { attachGpu } from '../../../src/core/vm/attach.js';
import { placementProblem } from '../../../src/core/vm/check-placement.js';
import { libvirtAccepts, mendForDebianLibvirt } from '../../support/libvirt-oracle.js';
import { GOLDEN } from './golden-cases.js';

const dir = 'test/fixtures/vm';

describe.each(GOLDEN)('vm attach on $file $variant', ({ file, variant, name, req }) => {
  const input = readFileSync(`${dir}/${file}-in.xml`, 'utf8');
  const { xml } = attachGpu(input, req);

  it('matches the golden output', () => {
    const golden = `${dir}/${file}${variant ? `-${variant}` : ''}-out.xml`;
    if (process.env.UPDATE_GOLDEN === '1') writeFileSync(golden, xml);
    expect(xml).toBe(readFileSync(golden, 'utf8'));
  });

  it('is idempotent: attaching again changes nothing', () => {
    expect(attachGpu(xml, req).xml).toBe(xml);
  });

  it('places every GPU function on one guest bus and slot', () => {
    expect(placementProblem(xml, req.functions)).toBeNull();
  });

  it('is accepted by libvirt, which keeps the GPU and its audio on one slot', () => {
    const mended = mendForDebianLibvirt(xml);
    const r = libvirtAccepts(mended.xml, name);
    expect(r.validateOutput).toContain('validates');
    expect(r.validateOk).toBe(true);
    expect(r.virshOk, r.virshOutput).toBe(true);
    expect(placementProblem(r.dumped, req.functions, 'virsh dumpxml')).toBeNull();
  });
});
