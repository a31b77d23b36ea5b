// fnmatch(3) with flags 0, the matcher kmod applies to `modules.alias` and modprobe.d `alias` patterns
// (libkmod-config.c / libkmod.c call `fnmatch(pattern, name, 0)`): `*` any run (slashes included, no
// FNM_PATHNAME), `?` one character, `[...]` a set with ranges and `!`/`^` negation, `\` quotes the next
// character. Case-sensitive, as the kernel writes modaliases in uppercase hex and so do the patterns.

/** The literal text before the first special character: a cheap filter before the full match. */
export function literalPrefix(pattern: string): string {
  const i = pattern.search(/[*?[\\]/);
  return i < 0 ? pattern : pattern.slice(0, i);
}

/** Whether `text` matches the glob `pattern`, as glibc's fnmatch(pattern, text, 0) == 0. */
export function fnmatch(pattern: string, text: string): boolean {
  let p = 0;
  let t = 0;
  // Classic single-backtrack-point glob: on a mismatch, retry from the last `*` one character further.
  let starP = -1;
  let starT = -1;
  while (t < text.length) {
    const step = matchOne(pattern, p, text[t]!);
    if (step > 0) {
      p += step;
      t += 1;
    } else if (step === STAR) {
      starP = p;
      starT = t;
      p += 1;
    } else if (starP >= 0) {
      p = starP + 1;
      starT += 1;
      t = starT;
    } else {
      return false;
    }
  }
  while (pattern[p] === '*') p += 1;
  return p === pattern.length;
}

const STAR = -1;
const FAIL = 0;

/** Pattern length consumed when `c` matches at `p`; STAR for `*`; FAIL otherwise. */
function matchOne(pattern: string, p: number, c: string): number {
  const pc = pattern[p];
  if (pc === undefined) return FAIL;
  if (pc === '*') return STAR;
  if (pc === '?') return 1;
  if (pc === '\\' && p + 1 < pattern.length) return pattern[p + 1] === c ? 2 : FAIL;
  if (pc === '[') {
    const set = parseBracket(pattern, p);
    // An unclosed `[` is an ordinary character (glibc).
    if (set === null) return c === '[' ? 1 : FAIL;
    return set.test(c) ? set.length : FAIL;
  }
  return pc === c ? 1 : FAIL;
}

interface Bracket {
  length: number;
  test(c: string): boolean;
}

function parseBracket(pattern: string, start: number): Bracket | null {
  let i = start + 1;
  const negate = pattern[i] === '!' || pattern[i] === '^';
  if (negate) i += 1;
  const ranges: Array<[string, string]> = [];
  let first = true;
  while (i < pattern.length) {
    let c = pattern[i]!;
    if (c === ']' && !first) {
      const length = i + 1 - start;
      return { length, test: (ch) => ranges.some(([lo, hi]) => ch >= lo && ch <= hi) !== negate };
    }
    first = false;
    if (c === '\\' && i + 1 < pattern.length) c = pattern[++i]!;
    if (pattern[i + 1] === '-' && pattern[i + 2] !== undefined && pattern[i + 2] !== ']') {
      let hi = pattern[i + 2]!;
      let skip = 3;
      if (hi === '\\' && pattern[i + 3] !== undefined) {
        hi = pattern[i + 3]!;
        skip = 4;
      }
      ranges.push([c, hi]);
      i += skip;
    } else {
      ranges.push([c, c]);
      i += 1;
    }
  }
  return null;
}
