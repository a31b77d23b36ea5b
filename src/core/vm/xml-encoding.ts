// The bytes of a domain XML file and the text dgpu edits: UTF-8 as libvirt writes it, or ISO-8859-1
// when the XML declaration says so (XML 1.0 section 4.3.3; libxml2, which libvirt parses with, reads both). An
// ISO-8859-1 file is read byte for character and written back the same way, so every byte dgpu does not edit
// stays; anything else (bytes that are not UTF-8 with no declaration, UTF-16, other encodings) is refused with one
// line, never turned into U+FFFD.
import { EditError, UsageError } from '../errors.js';

export type XmlEncoding = 'utf8' | 'latin1';

const DECLARED = /^(?:\xEF\xBB\xBF)?<\?xml[ \t\r\n][^>]*?encoding[ \t\r\n]*=[ \t\r\n]*(["'])([A-Za-z][A-Za-z0-9._-]*)\1/;
const LATIN1 = new Set(['iso-8859-1', 'iso_8859-1', 'latin1', 'l1', 'iso-ir-100', 'cp819', 'ibm819']);
const UTF8 = new Set(['utf-8', 'utf8']);
const ASCII = new Set(['us-ascii', 'ascii']);

/** Offset of the first byte that does not belong to a well-formed UTF-8 sequence (RFC 3629), or -1. */
export function firstNonUtf8(b: Uint8Array): number {
  for (let i = 0; i < b.length;) {
    const c = b[i]!;
    const n = c < 0x80 ? 0 : c >= 0xc2 && c <= 0xdf ? 1 : c >= 0xe0 && c <= 0xef ? 2 : c >= 0xf0 && c <= 0xf4 ? 3 : -1;
    if (n < 0 || i + n >= b.length) return i;
    const lo = c === 0xe0 ? 0xa0 : c === 0xf0 ? 0x90 : 0x80;
    const hi = c === 0xed ? 0x9f : c === 0xf4 ? 0x8f : 0xbf;
    for (let k = 1; k <= n; k++) {
      const x = b[i + k]!;
      if (x < (k === 1 ? lo : 0x80) || x > (k === 1 ? hi : 0xbf)) return i;
    }
    i += n + 1;
  }
  return -1;
}

function latin1Text(b: Uint8Array): string {
  let s = '';
  for (let i = 0; i < b.length; i += 0x8000) s += String.fromCharCode(...b.subarray(i, i + 0x8000));
  return s;
}

const lineOf = (b: Uint8Array, at: number) => b.subarray(0, at).filter((x) => x === 0x0a).length + 1;

/** The text of a domain XML file and the encoding to write it back in; UsageError for bytes it cannot keep. */
export function decodeXml(bytes: Uint8Array, source: string): { text: string; encoding: XmlEncoding } {
  if ((bytes[0] === 0xfe && bytes[1] === 0xff) || (bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0 && bytes[1] === 0x3c) || (bytes[0] === 0x3c && bytes[1] === 0)) {
    throw new UsageError(`${source} is UTF-16; dgpu reads domain XML in UTF-8 (as virsh dumpxml writes it) or ISO-8859-1`,
      `convert it: iconv -f UTF-16 -t UTF-8 ${source}`);
  }
  const name = DECLARED.exec(latin1Text(bytes.subarray(0, 512)))?.[2]?.toLowerCase() ?? null;
  if (name !== null && LATIN1.has(name)) return { text: latin1Text(bytes), encoding: 'latin1' };
  if (name !== null && !UTF8.has(name) && !ASCII.has(name)) {
    throw new UsageError(`${source} declares encoding '${name}'; dgpu reads domain XML in UTF-8 or ISO-8859-1`,
      `convert it to UTF-8 (iconv -f ${name} -t UTF-8) and change the declaration to encoding='UTF-8'`);
  }
  const bad = name !== null && ASCII.has(name) ? bytes.findIndex((x) => x >= 0x80) : firstNonUtf8(bytes);
  if (bad >= 0) {
    throw new UsageError(`${source}: byte 0x${bytes[bad]!.toString(16)} on line ${lineOf(bytes, bad)} is not ${name === null ? 'UTF-8, and the XML declaration names no other encoding' : name.toUpperCase()}; libvirt would refuse it too`,
      `convert it (iconv -f ISO-8859-1 -t UTF-8 ${source}) or declare the encoding it is in: <?xml version='1.0' encoding='ISO-8859-1'?>`);
  }
  return { text: new TextDecoder('utf-8').decode(bytes), encoding: 'utf8' };
}

/** The bytes to write for `text`; an ISO-8859-1 file cannot hold a character above U+00FF. */
export function encodeXml(text: string, encoding: XmlEncoding, source: string): Uint8Array {
  if (encoding === 'utf8') return new TextEncoder().encode(text);
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c > 0xff) {
      throw new EditError(`${source} is ISO-8859-1, which cannot hold U+${c.toString(16).toUpperCase().padStart(4, '0')} that the edit would write`,
        'convert the file to UTF-8 (iconv -f ISO-8859-1 -t UTF-8) and run again');
    }
    out[i] = c;
  }
  return out;
}
