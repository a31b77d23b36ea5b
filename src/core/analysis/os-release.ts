// os-release(5): newline-separated KEY=value assignments, values optionally in shell quotes with
// backslash escapes; '#' lines are comments.

function unquote(v: string): string {
  const q = v[0];
  if ((q === '"' || q === "'") && v.endsWith(q) && v.length >= 2) {
    const inner = v.slice(1, -1);
    return q === '"' ? inner.replace(/\\([$"`\\])/g, '$1') : inner;
  }
  return v;
}

export function parseOsRelease(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const m = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line);
    if (m) out[m[1]!] = unquote(m[2]!);
  }
  return out;
}
