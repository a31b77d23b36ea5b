// The libvirt adapter against libvirt's own test driver (no daemon needed).
import { describe, expect, it } from 'vitest';
import { defineDomain, defineXml, dumpInactiveXml, restoreDomain } from '../../src/host/virsh.js';
import { ApplyError, UsageError } from '../../src/core/errors.js';

const URI = 'test:///default';

describe('virsh adapter', () => {
  it('reads the inactive definition of a domain', async () => {
    expect(await dumpInactiveXml(URI, 'test')).toMatch(/^<domain type='test'>\s*<name>test<\/name>/);
  });

  it('names a missing domain as a usage error', async () => {
    await expect(dumpInactiveXml(URI, 'no-such-vm')).rejects.toThrow(UsageError);
  });

  it('passes a name that looks like an option as a name (after --)', async () => {
    await expect(dumpInactiveXml(URI, '--help')).rejects.toThrow("no domain '--help' on test:///default");
  });

  it('defines valid XML and reports libvirt refusing invalid XML', async () => {
    const xml = (await dumpInactiveXml(URI, 'test')).replace('<name>test</name>', '<name>other</name>').replace(/<uuid>.*<\/uuid>/, '');
    await expect(defineXml(URI, xml)).resolves.toBeUndefined();
    await expect(defineXml(URI, xml.replace('<devices>', '<devices><no-such-device/>'))).rejects.toThrow(ApplyError);
  });

  // test:///default forgets a definition when its virsh process ends, so the read-back sees the stock 'test'
  // domain: exactly a libvirt that did not keep the change.
  it('defineDomain reads the definition back and throws when the change is not there', async () => {
    const xml = (await dumpInactiveXml(URI, 'test')).replace('<memory unit=\'KiB\'>8388608</memory>', '<memory unit=\'KiB\'>4194304</memory>');
    expect(xml).toContain('4194304');
    const kept = (back: string) => (back.includes('4194304') ? null : 'memory is not 4 GiB');
    await expect(defineDomain(URI, 'test', xml, kept)).rejects.toThrow("libvirt did not keep the change to domain 'test': memory is not 4 GiB");
    await expect(defineDomain(URI, 'test', xml)).resolves.toBeUndefined();
  });

  it('restoreDomain defines without schema validation, and checks the domain is there', async () => {
    const xml = await dumpInactiveXml(URI, 'test');
    await expect(restoreDomain(URI, 'test', xml)).resolves.toBeUndefined();
    await expect(restoreDomain(URI, 'gone', xml.replace('<name>test</name>', '<name>gone</name>').replace(/<uuid>.*<\/uuid>/, '')))
      .rejects.toThrow("no domain 'gone'");
  });
});
