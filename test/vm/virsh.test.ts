// The libvirt adapter against libvirt's own test driver (no daemon needed).
import { describe, expect, it } from 'vitest';
import { defineXml, dumpInactiveXml } from '../../src/host/virsh.js';
import { ApplyError, UsageError } from '../../src/core/errors.js';

const URI = 'test:///default';

describe('virsh adapter', () => {
  it('reads the inactive definition of a domain', async () => {
    expect(await dumpInactiveXml(URI, 'test')).toMatch(/^<domain type='test'>\s*<name>test<\/name>/);
  });

  it('names a missing domain as a usage error', async () => {
    await expect(dumpInactiveXml(URI, 'no-such-vm')).rejects.toThrow(UsageError);
  });

  it('defines valid XML and reports libvirt refusing invalid XML', async () => {
    const xml = (await dumpInactiveXml(URI, 'test')).replace('<name>test</name>', '<name>other</name>').replace(/<uuid>.*<\/uuid>/, '');
    await expect(defineXml(URI, xml)).resolves.toBeUndefined();
    await expect(defineXml(URI, xml.replace('<devices>', '<devices><no-such-device/>'))).rejects.toThrow(ApplyError);
  });
});
