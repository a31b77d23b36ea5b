// A folder as data for equality checks: every file (mode and content) and link (target), by relative path.
import { lstatSync, readFileSync, readdirSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';

/** `skip`: relative paths left out (with everything under them). */
export function tree(root: string, skip: string[] = [], rel = '', out: Record<string, string> = {}): Record<string, string> {
  for (const name of readdirSync(join(root, rel)).sort()) {
    const r = rel ? `${rel}/${name}` : name;
    if (skip.includes(r)) continue;
    const st = lstatSync(join(root, r));
    if (st.isSymbolicLink()) out[r] = `-> ${readlinkSync(join(root, r))}`;
    else if (st.isDirectory()) tree(root, skip, r, out);
    else out[r] = `${(st.mode & 0o7777).toString(8)} ${readFileSync(join(root, r)).toString('base64')}`;
  }
  return out;
}
