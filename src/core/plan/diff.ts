// Unified diff of two texts, in the format GNU diff -u and git print and GNU patch applies
// (https://www.gnu.org/software/diffutils/manual/html_node/Detailed-Unified.html).
// Lines are compared with their newline, so a last line without one differs from the same line with one,
// and is printed with `\ No newline at end of file`, as GNU diff does. The edit script is a shortest one
// (Myers, "An O(ND) Difference Algorithm and Its Variations", 1986), which test/core/diff.test.ts checks
// against `diff --minimal`.
import type { Plan } from './plan.js';
import { effectiveChanges, effectiveDomains } from './plan.js';

type Op = { kind: ' ' | '-' | '+'; line: string };

const NO_NEWLINE = '\\ No newline at end of file';

/**
 * `--- a/etc/x` / `+++ b/etc/x` headers (git style: `patch -p1 -d ROOT` applies it), `/dev/null` for a
 * file created or deleted. Empty string when nothing differs.
 */
export function unifiedDiff(path: string, before: string | null, after: string | null, context = 3): string {
  if (before === after) return '';
  const name = path.replace(/^\/+/, '');
  const header = `--- ${before === null ? '/dev/null' : `a/${name}`}\n+++ ${after === null ? '/dev/null' : `b/${name}`}\n`;
  const ops = diffLines(splitLines(before ?? ''), splitLines(after ?? ''));
  return header + hunks(ops, context).join('');
}

/** Every change of a plan (files, then domain XML), as one patch. */
export function planDiff(plan: Plan, context = 3): string {
  const files = effectiveChanges(plan).map((c) => unifiedDiff(c.path, c.before, c.after, context));
  const domains = effectiveDomains(plan).map((d) =>
    unifiedDiff(`domain/${d.name}.xml`, d.beforeXml, d.afterXml, context),
  );
  return [...files, ...domains].join('');
}

/** Lines with their `\n`; the last one has none when the text does not end with a newline. */
export function splitLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split(/(?<=\n)/);
  return lines;
}

/** A shortest edit script from a to b; within each changed run, deletions come before insertions. */
export function diffLines(a: string[], b: string[]): Op[] {
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  const middle = myers(a.slice(start, endA), b.slice(start, endB));
  return [
    ...a.slice(0, start).map((line) => ({ kind: ' ' as const, line })),
    ...groupChanges(middle),
    ...a.slice(endA).map((line) => ({ kind: ' ' as const, line })),
  ];
}

// Myers' greedy forward search, keeping V after each D so that the path can be traced back.
function myers(a: string[], b: string[]): Op[] {
  const n = a.length;
  const m = b.length;
  const max = n + m;
  const offset = max + 1;
  const v = new Int32Array(2 * max + 3);
  const trace: Int32Array[] = [];
  let found = false;
  for (let d = 0; d <= max && !found; d++) {
    trace.push(v.slice());
    for (let k = -d; k <= d; k += 2) {
      const down = k === -d || (k !== d && v[offset + k - 1]! < v[offset + k + 1]!);
      let x = down ? v[offset + k + 1]! : v[offset + k - 1]! + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) {
        found = true;
        break;
      }
    }
  }
  return backtrack(trace, a, b, offset);
}

function backtrack(trace: Int32Array[], a: string[], b: string[], offset: number): Op[] {
  const ops: Op[] = [];
  let x = a.length;
  let y = b.length;
  for (let d = trace.length - 1; d >= 0; d--) {
    const v = trace[d]!;
    const k = x - y;
    const down = k === -d || (k !== d && v[offset + k - 1]! < v[offset + k + 1]!);
    const prevK = down ? k + 1 : k - 1;
    const prevX = d === 0 ? 0 : v[offset + prevK]!;
    const prevY = d === 0 ? 0 : prevX - prevK;
    while (x > prevX && y > prevY) {
      ops.push({ kind: ' ', line: a[--x]! });
      y--;
    }
    if (d > 0) {
      if (down) ops.push({ kind: '+', line: b[--y]! });
      else ops.push({ kind: '-', line: a[--x]! });
    }
  }
  return ops.reverse();
}

function groupChanges(ops: Op[]): Op[] {
  const out: Op[] = [];
  let dels: Op[] = [];
  let adds: Op[] = [];
  const flush = () => {
    out.push(...dels, ...adds);
    dels = [];
    adds = [];
  };
  for (const op of ops) {
    if (op.kind === '-') dels.push(op);
    else if (op.kind === '+') adds.push(op);
    else {
      flush();
      out.push(op);
    }
  }
  flush();
  return out;
}

// Hunks: each change with `context` lines around it; changes closer than 2*context share a hunk.
function hunks(ops: Op[], context: number): string[] {
  const changed = ops.flatMap((op, i) => (op.kind === ' ' ? [] : [i]));
  const result: string[] = [];
  let i = 0;
  while (i < changed.length) {
    let last = changed[i]!;
    let j = i + 1;
    while (j < changed.length && changed[j]! - last <= 2 * context + 1) last = changed[j++]!;
    const from = Math.max(0, changed[i]! - context);
    const to = Math.min(ops.length, last + context + 1);
    result.push(hunk(ops, from, to));
    i = j;
  }
  return result;
}

function hunk(ops: Op[], from: number, to: number): string {
  let oldStart = 1;
  let newStart = 1;
  for (const op of ops.slice(0, from)) {
    if (op.kind !== '+') oldStart++;
    if (op.kind !== '-') newStart++;
  }
  const body = ops.slice(from, to);
  const oldCount = body.filter((op) => op.kind !== '+').length;
  const newCount = body.filter((op) => op.kind !== '-').length;
  const lines = body.map((op) => {
    const text = `${op.kind}${op.line}`;
    return op.line.endsWith('\n') ? text : `${text}\n${NO_NEWLINE}\n`;
  });
  return `@@ -${range(oldStart, oldCount)} +${range(newStart, newCount)} @@\n${lines.join('')}`;
}

// GNU diff: `start,count`, count omitted when 1; an empty range names the line before it.
function range(start: number, count: number): string {
  if (count === 0) return `${start - 1},0`;
  return count === 1 ? `${start}` : `${start},${count}`;
}
