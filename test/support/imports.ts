// The import graph of src/, read from the sources as text: which module imports which (static `from` and
// dynamic `import()`), for the layering tests.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';

export function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []);
}

const SPEC = /(?:from\s+|import\s*\(\s*)['"]([^'"]+)['"]/g;

/** Module specifiers in `file`, relative ones resolved to `src/...ts` paths; `typeOnly` marks `import type`. */
export function importsOf(file: string): Array<{ spec: string; target: string | null; typeOnly: boolean }> {
  const text = readFileSync(file, 'utf8');
  const out: Array<{ spec: string; target: string | null; typeOnly: boolean }> = [];
  for (const m of text.matchAll(SPEC)) {
    const spec = m[1]!;
    const lineStart = text.lastIndexOf('\n', m.index) + 1;
    const typeOnly = /^\s*(import|export)\s+type\b/.test(text.slice(lineStart, m.index));
    const target = spec.startsWith('.') ? normalize(join(dirname(file), spec.replace(/\.js$/, '.ts'))) : null;
    out.push({ spec, target, typeOnly });
  }
  return out;
}

/** Import cycles among `files` (type-only imports excluded: they vanish at run time), each as a path of files. */
export function cycles(files: string[]): string[][] {
  const graph = new Map(files.map((f) => [f, importsOf(f).filter((i) => !i.typeOnly && i.target !== null).map((i) => i.target!)]));
  const found: string[][] = [];
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (f: string) => {
    state.set(f, 'open');
    stack.push(f);
    for (const t of graph.get(f) ?? []) {
      if (state.get(t) === 'open') found.push([...stack.slice(stack.indexOf(t)), t]);
      else if (!state.has(t)) visit(t);
    }
    stack.pop();
    state.set(f, 'done');
  };
  for (const f of files) if (!state.has(f)) visit(f);
  return found;
}
