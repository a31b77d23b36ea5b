// A small tar codec for snapshots: POSIX ustar (IEEE Std 1003.1-2001, "pax" utility, ustar Interchange
// Format), with pax extended headers ('x') for paths and link targets too long for ustar's name/prefix
// fields. Pure functions on Buffers; gzip and files are the caller's. Enough for what `dgpu snapshot`
// writes and for trees packed with GNU tar (it writes ustar/pax or GNU 'L'/'K' long names, read here too).

export type TarEntry =
  | { type: 'file'; path: string; data: Buffer }
  | { type: 'dir'; path: string }
  | { type: 'symlink'; path: string; target: string };

const BLOCK = 512;

function octal(buf: Buffer, offset: number, length: number, value: number): void {
  buf.write(`${value.toString(8).padStart(length - 1, '0')}\0`, offset, length, 'ascii');
}

/** Splits a path into ustar's prefix (155) and name (100) at a '/'; null when it cannot fit. */
function splitName(path: string): { prefix: string; name: string } | null {
  if (Buffer.byteLength(path) <= 100) return { prefix: '', name: path };
  for (let i = path.indexOf('/'); i !== -1; i = path.indexOf('/', i + 1)) {
    const prefix = path.slice(0, i);
    const name = path.slice(i + 1);
    if (Buffer.byteLength(prefix) <= 155 && Buffer.byteLength(name) <= 100 && name !== '') return { prefix, name };
  }
  return null;
}

function header(name: string, prefix: string, type: string, size: number, mode: number, linkname = ''): Buffer {
  const h = Buffer.alloc(BLOCK);
  h.write(name, 0, 100, 'utf8');
  octal(h, 100, 8, mode);
  octal(h, 108, 8, 0);
  octal(h, 116, 8, 0);
  octal(h, 124, 12, size);
  octal(h, 136, 12, 0); // mtime 0: the same tree gives the same bytes
  h.write(type, 156, 1, 'ascii');
  h.write(linkname, 157, 100, 'utf8');
  h.write('ustar\0', 257, 6, 'ascii');
  h.write('00', 263, 2, 'ascii');
  h.write(prefix, 345, 155, 'utf8');
  h.fill(0x20, 148, 156); // checksum is computed with its own field as spaces
  let sum = 0;
  for (const b of h) sum += b;
  h.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 8, 'ascii');
  return h;
}

const pad = (n: number) => Buffer.alloc((BLOCK - (n % BLOCK)) % BLOCK);

/** One pax record: "<len> <key>=<value>\n", where len counts the whole record including itself. */
function paxRecord(key: string, value: string): string {
  const body = ` ${key}=${value}\n`;
  let len = Buffer.byteLength(body) + 1;
  while (String(len).length + Buffer.byteLength(body) !== len) len++;
  return `${len}${body}`;
}

export function encodeTar(entries: readonly TarEntry[]): Buffer {
  const parts: Buffer[] = [];
  for (const e of entries) {
    const path = e.type === 'dir' ? `${e.path.replace(/\/$/, '')}/` : e.path;
    const target = e.type === 'symlink' ? e.target : '';
    let split = splitName(path);
    const longTarget = Buffer.byteLength(target) > 100;
    if (split === null || longTarget) {
      const pax = Buffer.from((split === null ? paxRecord('path', path) : '') + (longTarget ? paxRecord('linkpath', target) : ''));
      parts.push(header('PaxHeader', '', 'x', pax.length, 0o644), pax, pad(pax.length));
      split ??= { prefix: '', name: path.slice(-100) };
    }
    const linkname = longTarget ? target.slice(0, 100) : target;
    if (e.type === 'file') parts.push(header(split.name, split.prefix, '0', e.data.length, 0o644), e.data, pad(e.data.length));
    else if (e.type === 'dir') parts.push(header(split.name, split.prefix, '5', 0, 0o755));
    else parts.push(header(split.name, split.prefix, '2', 0, 0o777, linkname));
  }
  parts.push(Buffer.alloc(BLOCK * 2));
  return Buffer.concat(parts);
}

const field = (h: Buffer, offset: number, length: number): string => {
  const s = h.subarray(offset, offset + length);
  const nul = s.indexOf(0);
  return s.subarray(0, nul === -1 ? length : nul).toString('utf8');
};

function parsePax(data: Buffer): Map<string, string> {
  const out = new Map<string, string>();
  let pos = 0;
  while (pos < data.length) {
    const space = data.indexOf(0x20, pos);
    const len = parseInt(data.toString('ascii', pos, space), 10);
    if (space === -1 || !(len > 0)) throw new Error('bad pax header');
    const record = data.toString('utf8', space + 1, pos + len - 1);
    const eq = record.indexOf('=');
    out.set(record.slice(0, eq), record.slice(eq + 1));
    pos += len;
  }
  return out;
}

/** Decodes a tar archive; throws Error on a corrupt one. Types other than file, dir and symlink are skipped. */
export function decodeTar(buf: Buffer): TarEntry[] {
  const entries: TarEntry[] = [];
  let next: { path?: string; target?: string } = {};
  for (let pos = 0; pos + BLOCK <= buf.length; ) {
    const h = buf.subarray(pos, pos + BLOCK);
    if (h.every((b) => b === 0)) break;
    const stored = parseInt(field(h, 148, 8).trim(), 8);
    let sum = 0;
    for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 0x20 : h[i]!;
    if (stored !== sum) throw new Error(`bad tar header checksum at byte ${pos}`);
    const size = parseInt(field(h, 124, 12).trim() || '0', 8);
    const type = String.fromCharCode(h[156]!);
    const data = buf.subarray(pos + BLOCK, pos + BLOCK + size);
    if (data.length < size) throw new Error('tar archive is truncated');
    pos += BLOCK + Math.ceil(size / BLOCK) * BLOCK;
    const prefix = field(h, 345, 155);
    const name = field(h, 0, 100);
    const path = next.path ?? (prefix ? `${prefix}/${name}` : name);
    const target = next.target ?? field(h, 157, 100);
    if (type === 'x') {
      const pax = parsePax(data);
      next = { path: pax.get('path') ?? next.path, target: pax.get('linkpath') ?? next.target };
      continue;
    }
    if (type === 'L' || type === 'K') {
      const value = field(data, 0, data.length);
      next = type === 'L' ? { ...next, path: value } : { ...next, target: value };
      continue;
    }
    next = {};
    if (type === '0' || type === '\0') entries.push({ type: 'file', path, data: Buffer.from(data) });
    else if (type === '5') entries.push({ type: 'dir', path: path.replace(/\/$/, '') });
    else if (type === '2') entries.push({ type: 'symlink', path, target });
  }
  return entries;
}
