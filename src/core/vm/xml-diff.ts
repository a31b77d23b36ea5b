// A plain unified diff (LCS over lines, 3 lines of context) for "original vs altered", as virt-xml shows before
// defining. Stand-in until the shared src/core/diff.ts lands; same shape: unifiedDiff(path, before, after).

export function unifiedDiff(path: string, before: string, after: string, context = 3): string {
  if (before === after) return '';
  // Lines keep their '\n', so a missing final newline is a difference like any other (diff(1)'s marker below).
  const a = splitLines(before);
  const b = splitLines(after);
  const ops = lineOps(a, b);
  const out = [`--- ${path}`, `+++ ${path}`];
  let i = 0;
  while (i < ops.length) {
    if (ops[i]!.op === ' ') { i++; continue; }
    let start = Math.max(0, i - context);
    let end = i;
    // extend the hunk while changes are closer than 2 * context lines
    for (let j = i; j < ops.length; j++) {
      if (ops[j]!.op !== ' ') end = j;
      else if (j - end > 2 * context) break;
    }
    end = Math.min(ops.length - 1, end + context);
    const hunk = ops.slice(start, end + 1);
    const aStart = ops[start]!.ai;
    const bStart = ops[start]!.bi;
    const aLen = hunk.filter((o) => o.op !== '+').length;
    const bLen = hunk.filter((o) => o.op !== '-').length;
    out.push(`@@ -${aStart + 1},${aLen} +${bStart + 1},${bLen} @@`);
    for (const o of hunk) {
      out.push(`${o.op}${o.line.endsWith('\n') ? o.line.slice(0, -1) : o.line}`);
      if (!o.line.endsWith('\n')) out.push('\\ No newline at end of file');
    }
    i = end + 1;
    start = i;
  }
  return `${out.join('\n')}\n`;
}

function splitLines(text: string): string[] {
  return text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
}

interface Op { op: ' ' | '-' | '+'; line: string; ai: number; bi: number }

function lineOps(a: string[], b: string[]): Op[] {
  // Trim the common head and tail first: domain edits touch a few lines of a few hundred.
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  const am = a.slice(head, a.length - tail);
  const bm = b.slice(head, b.length - tail);
  const lcs = Array.from({ length: am.length + 1 }, () => new Uint32Array(bm.length + 1));
  for (let x = am.length - 1; x >= 0; x--) {
    for (let y = bm.length - 1; y >= 0; y--) {
      lcs[x]![y] = am[x] === bm[y] ? lcs[x + 1]![y + 1]! + 1 : Math.max(lcs[x + 1]![y]!, lcs[x]![y + 1]!);
    }
  }
  const ops: Op[] = [];
  for (let k = 0; k < head; k++) ops.push({ op: ' ', line: a[k]!, ai: k, bi: k });
  let x = 0;
  let y = 0;
  while (x < am.length || y < bm.length) {
    if (x < am.length && y < bm.length && am[x] === bm[y]) { ops.push({ op: ' ', line: am[x]!, ai: head + x, bi: head + y }); x++; y++; }
    else if (y < bm.length && (x >= am.length || lcs[x]![y + 1]! >= lcs[x + 1]![y]!)) { ops.push({ op: '+', line: bm[y]!, ai: head + x, bi: head + y }); y++; }
    else { ops.push({ op: '-', line: am[x]!, ai: head + x, bi: head + y }); x++; }
  }
  for (let k = 0; k < tail; k++) ops.push({ op: ' ', line: a[a.length - tail + k]!, ai: a.length - tail + k, bi: b.length - tail + k });
  return ops;
}
