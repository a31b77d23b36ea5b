import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseXml } from '../../../src/core/vm/xml-doc.js';
import { XmlEditor } from '../../../src/core/vm/xml-edit.js';
import { readDomain } from '../../../src/core/vm/domain.js';
import { ConflictError, UsageError } from '../../../src/core/errors.js';

describe('parseXml', () => {
  it('keeps offsets, quotes and decoded values; comments and CDATA are not elements', () => {
    const text = `<?xml version="1.0"?>\n<a x='1' y="&amp;&#x41;"><!-- <b/> --><![CDATA[<c/>]]><d/></a>\n`;
    const root = parseXml(text);
    expect(root.children.map((c) => c.name)).toEqual(['d']);
    expect(root.attrs.map((a) => [a.name, a.value, a.quote])).toEqual([['x', '1', "'"], ['y', '&A', '"']]);
    expect(text.slice(root.start, root.end)).toBe(text.trim().slice(text.indexOf('<a')));
  });

  it.each([
    ['unclosed', '<domain><devices></domain>', /unexpected end tag/],
    ['never closed', '<domain>', /never closed/],
    ['two roots', '<a/><b/>', /second root/],
    ['bare ampersand', '<a>x & y</a>', /bare '&'/],
    ['unquoted attribute', '<a x=1/>', /no quoted value/],
    ['duplicate attribute', "<a x='1' x='2'/>", /given twice/],
    ['text outside', 'hello <a/>', /text outside/],
    ['empty', '', /no root element/],
  ])('rejects %s', (_, text, message) => {
    expect(() => parseXml(text, 'f.xml')).toThrow(UsageError);
    expect(() => parseXml(text, 'f.xml')).toThrow(message);
  });
});

describe('XmlEditor', () => {
  it('splices without touching the rest: removing and inserting round-trips any attribute text', () => {
    fc.assert(fc.property(fc.array(fc.stringMatching(/^[a-z0-9 ]{0,8}$/), { minLength: 1, maxLength: 5 }), (values) => {
      const text = `<r>\n  ${values.map((v, i) => `<e n="${i}" v='${v}'/>`).join('\n  ')}\n</r>\n`;
      const root = parseXml(text);
      const ed = new XmlEditor(text, root);
      ed.remove(root.children[0]!);
      ed.insertAfter(root.children[root.children.length - 1]!, [{ name: 'e', attrs: [['n', 'x']] }]);
      const outText = ed.apply();
      const again = parseXml(outText);
      expect(again.children.map((c) => c.attrs[0]!.value)).toEqual([...values.map((_, i) => String(i)).slice(1), 'x']);
      expect(outText).toContain(`<e n='x'/>`);
    }));
  });

  it('rejects overlapping edits as an internal error', () => {
    const text = '<r><a/></r>';
    const root = parseXml(text);
    const ed = new XmlEditor(text, root);
    ed.splice(0, 5, '');
    ed.splice(3, 7, '');
    expect(() => ed.apply()).toThrow(/overlapping/);
  });
});

describe('readDomain', () => {
  const dom = (devices: string) => `<domain type='kvm'><name>t</name>${devices}</domain>`;
  it.each([
    ['a root that is not <domain>', '<network/>', UsageError, /not <domain>/],
    ['no <devices>', dom(''), UsageError, /no <devices>/],
    ['two devices on one guest address', dom(`<devices>
      <interface type='network'><address type='pci' domain='0x0000' bus='0x01' slot='0x00' function='0x0'/></interface>
      <hostdev mode='subsystem' type='pci'><source><address domain='0x0000' bus='0x0a' slot='0x00' function='0x0'/></source>
        <address type='pci' domain='0x0000' bus='0x01' slot='0x00' function='0x0'/></hostdev></devices>`), ConflictError, /0000:01:00.0 is used by both <interface> and <hostdev>/],
  ])('refuses %s', (_, text, cls, message) => {
    expect(() => readDomain(text)).toThrow(cls);
    expect(() => readDomain(text)).toThrow(message);
  });
});
