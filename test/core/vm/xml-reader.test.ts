// The XML reader under hostile and odd input: every document gives a result or one UsageError, never
// an internal error; what libxml2 (xmllint, the parser libvirt uses) refuses, dgpu refuses; time is linear.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { parseXml } from '../../../src/core/vm/xml-doc.js';
import { readDomain } from '../../../src/core/vm/domain.js';
import { attachGpu, type AttachRequest } from '../../../src/core/vm/attach.js';
import { placementProblem } from '../../../src/core/vm/check-placement.js';
import { decodeXml, encodeXml, firstNonUtf8 } from '../../../src/core/vm/xml-encoding.js';
import { UsageError } from '../../../src/core/errors.js';
import { libvirtAccepts, mendForDebianLibvirt } from '../../support/libvirt-oracle.js';

const dir = mkdtempSync(join(tmpdir(), 'dgpu-xmllint-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** libxml2's verdict on the UTF-8 bytes of `text`. */
function xmllintAccepts(text: string): boolean {
  const f = join(dir, 'doc.xml');
  writeFileSync(f, text);
  return spawnSync('xmllint', ['--noout', '--nonet', f]).status === 0;
}

/** parseXml's verdict; anything but a UsageError fails the test. */
function dgpuAccepts(text: string): boolean {
  try {
    parseXml(text, 'f.xml');
    return true;
  } catch (e) {
    expect(e).toBeInstanceOf(UsageError);
    expect((e as Error).message).toMatch(/^f\.xml: not well-formed XML at line \d+, column \d+: [^\n]+$/);
    return false;
  }
}

const REQ: AttachRequest = { functions: [{ address: '0000:0a:00.0', class: '030000' }, { address: '0000:0a:00.1', class: '040300' }],
  also: [], cpuVendor: 'amd', input: 'keep', keepDisplay: false };
const DARWINKVM = readFileSync('test/fixtures/corpus/domains/royalgraphx--DarwinKVM--xmls_examples_DarwinKVM-Debian-Fedora.xml', 'utf8');

describe('documents that are odd but well-formed', () => {
  it('a self-closing <devices/> takes every insertion (DarwinKVM domain with its devices taken out)', () => {
    const input = DARWINKVM.replace(/<devices>[\s\S]*<\/devices>/, '<devices/>');
    const { xml } = attachGpu(input, REQ);
    expect(xml.match(/<\/devices>/g)).toHaveLength(1);
    expect(readDomain(xml).hostdevs).toHaveLength(2);
    expect(xml).toMatch(/<devices>\n {4}<controller type='pci' index='1' model='pcie-root-port'>/);
    const r = libvirtAccepts(mendForDebianLibvirt(xml).xml, readDomain(xml).name!);
    expect(r.virshOk, r.virshOutput).toBe(true);
  });

  it('a domain nested 20,000 deep in <metadata> reads in well under a second, with no recursion to exhaust', () => {
    const deep = `<x>`.repeat(20_000) + `</x>`.repeat(20_000);
    const input = DARWINKVM.replace('<memory', `<metadata>${deep}</metadata>\n  <memory`);
    const t0 = performance.now();
    const { xml } = attachGpu(input, REQ);
    expect(performance.now() - t0).toBeLessThan(1000);
    expect(xml).toContain(deep);
  });

  it('a flat document of 200,000 elements parses in well under a second', () => {
    const flat = `<r>${'<e a="1"/>\n'.repeat(200_000)}</r>`;
    const t0 = performance.now();
    expect(parseXml(flat).children).toHaveLength(200_000);
    expect(performance.now() - t0).toBeLessThan(1000);
  });

  it('time grows linearly: 8x the nesting costs well under the 64x a quadratic reader would', () => {
    // the best of three runs each, so that a busy machine slows one run, not the ratio
    const cost = (n: number) => {
      const doc = '<a>'.repeat(n) + '&amp;'.repeat(n) + '</a>'.repeat(n);
      return Math.min(...[0, 1, 2].map(() => {
        const t0 = performance.now();
        parseXml(doc);
        return performance.now() - t0;
      }));
    };
    cost(5_000); // warm up the JIT; below ~20,000 a run is too short to time
    expect(cost(160_000)).toBeLessThan(Math.max(50, cost(20_000) * 24));
  });
});

describe('documents that are not well-formed: one UsageError, as libxml2 refuses them too', () => {
  it.each([
    ['a NUL', '<domain>a\u0000b</domain>', /character U\+0000 is not allowed/],
    ["'--' inside a comment", '<domain><!-- a -- b --></domain>', /'--' inside a comment/],
    ["a comment ending '--->'", '<domain><!-- a ---></domain>', /'--' inside a comment/],
    ['&#0;', '<d>&#0;</d>', /'&#0;' names no XML character/],
    ['a character reference beyond U+10FFFF', '<d>&#x110000;</d>', /names no XML character/],
    ['a surrogate by reference', "<d a='&#xD800;'/>", /names no XML character/],
    ['a lone surrogate', '<d>\uD800</d>', /character U\+D800/],
    ['U+FFFE', '<d>\uFFFE</d>', /character U\+FFFE/],
    ["']]>' in text", '<d>a]]>b</d>', /']]>' in text/],
    ['an XML declaration after a comment', "<!-- c --><?xml version='1.0'?><d/>", /XML declaration that is not at the very start/],
    ['an unterminated start tag', '<domain><devices', /unterminated start tag <devices>/],
    ["'<!' that starts nothing", '<d><!ELEMENT d ANY></d>', /'<!' that starts no comment/],
    ['text after the root', '<d/>tail', /text after the root element/],
    ['a non-breaking space outside the root', '<d/>\u00a0', /text after the root element/],
  ])('%s', (_what, text, message) => {
    expect(() => parseXml(text, 'f.xml')).toThrow(UsageError);
    expect(() => parseXml(text, 'f.xml')).toThrow(message);
    if (!/surrogate/.test(_what) || /reference/.test(_what)) expect(xmllintAccepts(text)).toBe(false);
  });

  // Well-formed, but what entities an internal subset declares would change what the document says: refused by
  // design with one line (libvirt domains never carry one; issue 11 asks for "read or refused clearly").
  it.each([
    ['whose internal subset holds ]>', '<!DOCTYPE domain [ <!ENTITY x "]>"> ]>\n<domain/>'],
    ['whose internal subset declares an entity', '<!DOCTYPE d [<!ENTITY a "&#38;#60;">]><d>&a;</d>'],
  ])('a DOCTYPE %s: refused clearly, though libxml2 reads it', (_what, text) => {
    expect(xmllintAccepts(text)).toBe(true);
    expect(() => parseXml(text, 'f.xml')).toThrow(/a DOCTYPE with an internal subset \(\[\.\.\.\]\) is not read/);
  });

  it('a byte order mark before the declaration is fine', () => {
    expect(parseXml("\uFEFF<?xml version='1.0'?>\n<d/>").name).toBe('d');
  });
});

describe('generated documents (fast-check): dgpu and libxml2 agree on well-formedness', () => {
  // Pieces of markup, right and wrong, that a careful tester would combine: nesting, NULs, entities, comments,
  // CDATA, PIs, quotes, a DOCTYPE without an internal subset (which dgpu refuses by design, libxml2 reads).
  const PIECES = ['<a>', '</a>', '<b x="1">', "<b x='&amp;'>", '</b>', '<c/>', '<a x="1" x="2">', '<a x=1>', '<a x="<">', 'text', ' ', '\n',
    '&amp;', '&lt;', '&', '&#65;', '&#0;', '&#x1F600;', '&bogus;', '<!-- c -->', '<!-- a--b -->', '<!--->', '<![CDATA[ <x> ]]>', ']]>', ']',
    '<?pi data?>', '<?xml version="1.0"?>', '<!DOCTYPE a>', '\u0000', '\u0001', 'é', '\uFFFE', '\u00a0', '<', '>', '"', "'", '</', '<1>', '<é/>'];
  const doc = fc.tuple(fc.boolean(), fc.array(fc.constantFrom(...PIECES), { maxLength: 12 }), fc.boolean()).map(([wrap, body, decl]) =>
    `${decl ? '<?xml version="1.0"?>\n' : ''}${wrap ? `<r>${body.join('')}</r>` : body.join('')}`);

  // One knowing difference: libxml2 stops reading at a NUL after the root element (as libvirt's C strings do);
  // dgpu refuses every NUL, so that what it writes back is what libvirt reads.
  it('accepts exactly what xmllint accepts (a NUL anywhere aside), and refuses with one UsageError line', () => {
    fc.assert(fc.property(doc, (text) => {
      const expected = xmllintAccepts(text) && !text.includes('\u0000');
      expect(dgpuAccepts(text), JSON.stringify(text)).toBe(expected);
    }), { numRuns: Number(process.env.XML_RUNS ?? 300) });
  }, 120_000);

  it('reads any string at all as a result or one UsageError', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (text) => {
      dgpuAccepts(`<r>${text}</r>`);
      dgpuAccepts(text);
    }), { numRuns: 2000 });
  });
});

describe('a real domain with odd markup dropped in (fast-check)', () => {
  // Comments, PIs, CDATA, entity and character references and self-closing elements wherever text may stand in
  // <devices>: attach works, keeps every one of them byte for byte, places the GPU right, and is idempotent.
  const ODD = ['<!-- <hostdev type="pci"/> -->', '<?dgpu odd?>', '<![CDATA[ <controller/> ]]>', '&amp;&#x41;&#66;', '\t\r\n', '<x/>', '<y z="&lt;"></y>'];
  const devices = DARWINKVM.indexOf('<devices>');
  const ends = [...DARWINKVM.matchAll(/>/g)].map((m) => m.index! + 1).filter((i) => i > devices && i < DARWINKVM.indexOf('</devices>'));
  it('plans, keeps the odd markup, and plans nothing more the second time', () => {
    fc.assert(fc.property(fc.array(fc.tuple(fc.constantFrom(...ends), fc.constantFrom(...ODD)), { maxLength: 6 }), (drops) => {
      let text = DARWINKVM;
      for (const [at, odd] of [...drops].sort((a, b) => b[0] - a[0])) text = text.slice(0, at) + odd + text.slice(at);
      const { xml } = attachGpu(text, REQ);
      for (const [, odd] of drops) expect(xml).toContain(odd);
      expect(placementProblem(xml, REQ.functions)).toBeNull();
      expect(attachGpu(xml, REQ).xml).toBe(xml);
    }), { numRuns: 200 });
  });
});

describe('bytes and encodings (fast-check)', () => {
  it('firstNonUtf8 agrees with the WHATWG decoder in fatal mode', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 16 }), (b) => {
      let ok = true;
      try {
        new TextDecoder('utf-8', { fatal: true }).decode(b);
      } catch {
        ok = false;
      }
      expect(firstNonUtf8(b) < 0).toBe(ok);
    }), { numRuns: 5000 });
  });

  it('an ISO-8859-1 file comes back byte for byte; bytes with no declaration are UTF-8 or one UsageError', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 64 }), fc.constantFrom("encoding='ISO-8859-1'", 'encoding="latin1"', ''), (body, enc) => {
      const bytes = Buffer.concat([Buffer.from(`<?xml version='1.0' ${enc}?>`), body]);
      let decoded;
      try {
        decoded = decodeXml(bytes, 'f.xml');
      } catch (e) {
        expect(e).toBeInstanceOf(UsageError);
        expect(enc).toBe('');
        expect(firstNonUtf8(bytes)).toBeGreaterThanOrEqual(0);
        return;
      }
      expect(decoded.encoding).toBe(enc === '' ? 'utf8' : 'latin1');
      expect(Buffer.from(encodeXml(decoded.text, decoded.encoding, 'f.xml')).equals(bytes)).toBe(true);
    }), { numRuns: 2000 });
  });

  it.each([
    ['UTF-16 with a byte order mark', Buffer.from('\uFEFF<d/>', 'utf16le'), /is UTF-16/],
    ['an encoding dgpu does not read', Buffer.from("<?xml version='1.0' encoding='windows-1252'?><d/>"), /declares encoding 'windows-1252'/],
    ['US-ASCII declared with a byte above 0x7f', Buffer.from("<?xml version='1.0' encoding='US-ASCII'?><d>\xe9</d>", 'latin1'), /byte 0xe9 on line 1 is not US-ASCII/],
  ])('%s: one UsageError', (_what, bytes, message) => {
    expect(() => decodeXml(bytes, 'f.xml')).toThrow(UsageError);
    expect(() => decodeXml(bytes, 'f.xml')).toThrow(message);
  });

  it('an edit that would write a character ISO-8859-1 cannot hold is refused, not replaced', () => {
    expect(() => encodeXml('<d>\u20ac</d>', 'latin1', 'f.xml')).toThrow(/ISO-8859-1, which cannot hold U\+20AC/);
  });
});
