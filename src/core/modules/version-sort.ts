// The order in which dracut and mkinitcpio read their drop-ins: both list the names and sort them with
// `sort -V` (dracut.sh dropindirs_sort: `sort -Vu`; mkinitcpio: `LC_ALL=C.UTF-8 sort -zVu`), i.e. gnulib's
// filevercmp: digit runs compare as numbers, letters before other characters, a trailing suffix such as
// `.conf` compared last. Not plain byte order: `9-a.conf` sorts before `10-b.conf`, `_x.conf` after `zz.conf`.
// The test holds this against coreutils' own `sort -V`.

const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';
const isAlpha = (c: string | undefined): boolean => c !== undefined && /^[A-Za-z]$/.test(c);

/** gnulib filevercmp.c `order`: end of string, then `~`, digits, letters, then everything else. */
function order(s: string, pos: number, len: number): number {
  if (pos === len) return -1;
  const c = s[pos]!;
  if (isDigit(c)) return 0;
  if (isAlpha(c)) return c.charCodeAt(0);
  if (c === '~') return -2;
  return c.charCodeAt(0) + 256;
}

function verrevcmp(a: string, alen: number, b: string, blen: number): number {
  let i = 0;
  let j = 0;
  while (i < alen || j < blen) {
    let firstDiff = 0;
    while ((i < alen && !isDigit(a[i])) || (j < blen && !isDigit(b[j]))) {
      const ac = order(a, i, alen);
      const bc = order(b, j, blen);
      if (ac !== bc) return ac - bc;
      i += 1;
      j += 1;
    }
    while (i < alen && a[i] === '0') i += 1;
    while (j < blen && b[j] === '0') j += 1;
    while (i < alen && j < blen && isDigit(a[i]) && isDigit(b[j])) {
      if (firstDiff === 0) firstDiff = a.charCodeAt(i) - b.charCodeAt(j);
      i += 1;
      j += 1;
    }
    if (i < alen && isDigit(a[i])) return 1;
    if (j < blen && isDigit(b[j])) return -1;
    if (firstDiff !== 0) return firstDiff;
  }
  return 0;
}

/** Length of `s` without its suffix `(\.[A-Za-z~][A-Za-z0-9~]*)*$` (gnulib file_prefixlen). */
function prefixLength(s: string): number {
  let prefix = 0;
  let i = 0;
  while (i < s.length) {
    i += 1;
    prefix = i;
    while (i + 1 < s.length && s[i] === '.' && (isAlpha(s[i + 1]) || s[i + 1] === '~')) {
      for (i += 2; i < s.length && (isAlpha(s[i]) || isDigit(s[i]) || s[i] === '~'); i += 1);
    }
  }
  return prefix;
}

/** filevercmp; names equal under it fall back to byte order, as `sort` does without -s. */
export function compareVersionNames(a: string, b: string): number {
  if (a === b) return 0;
  const hidden = Number(b.startsWith('.')) - Number(a.startsWith('.'));
  if (hidden !== 0) return hidden;
  const ap = prefixLength(a);
  const bp = prefixLength(b);
  let r = verrevcmp(a, ap, b, bp);
  if (r === 0 && !(ap === a.length && bp === b.length)) r = verrevcmp(a, a.length, b, b.length);
  if (r !== 0) return r;
  return a < b ? -1 : 1;
}

/** Files by their base name in `sort -V` order (the order dracut and mkinitcpio source drop-ins). */
export function sortByVersionName<T extends { path: string }>(files: T[]): T[] {
  const base = (p: string) => p.slice(p.lastIndexOf('/') + 1);
  return [...files].sort((x, y) => compareVersionNames(base(x.path), base(y.path)));
}
