// booster: /etc/booster.yaml, key `modules_force_load` (booster.yaml(5): a comma-separated list of
// modules loaded at boot, and added to the image). A line editor, no YAML library: only the plain
// top-level `key: a,b` form is edited; block or flow YAML forms stop with EditError.
import { EditError } from '../errors.js';
import { isVfioModule, vfioModules } from './vfio-modules.js';

export const BOOSTER_CONF_PATH = '/etc/booster.yaml';

const KEY = /^modules_force_load:([ \t]*)(.*?)([ \t]+#.*)?$/;
const HINT = 'write it as one line, modules_force_load: a,b,c, then run dgpu again';

interface KeyLine {
  index: number;
  space: string;
  items: string[];
  comment: string;
}

/** Removes the vfio modules from modules_force_load; a line left with nothing else goes too. */
export function stripBoosterConf(text: string, file = BOOSTER_CONF_PATH): string {
  const lines = text.split('\n');
  const k = findKey(lines, file);
  if (k === null) return text;
  const kept = k.items.filter((item) => !isVfioModule(item.trim()));
  if (kept.length === 0) lines.splice(k.index, 1);
  else lines[k.index] = `modules_force_load:${k.space}${kept.join(',')}${k.comment}`;
  return lines.join('\n');
}

/** Puts the vfio modules first in modules_force_load, adding the key at the end when absent. */
export function editBoosterConf(text: string, kernelRelease: string | null, file = BOOSTER_CONF_PATH): string {
  const stripped = stripBoosterConf(text, file);
  const lines = stripped.split('\n');
  const wanted = vfioModules(kernelRelease).join(',');
  const k = findKey(lines, file);
  if (k !== null) {
    lines[k.index] = `modules_force_load:${k.space}${[wanted, ...k.items].join(',')}${k.comment}`;
    return lines.join('\n');
  }
  const line = `modules_force_load: ${wanted}`;
  if (stripped === '') return line + '\n';
  if (lines[lines.length - 1] === '') lines.splice(lines.length - 1, 0, line);
  else lines.push(line);
  return lines.join('\n');
}

function findKey(lines: string[], file: string): KeyLine | null {
  const hits = lines.flatMap((l, index) => (l.startsWith('modules_force_load:') ? [index] : []));
  if (hits.length === 0) return null;
  if (hits.length > 1) throw new EditError(`${file}: modules_force_load appears ${hits.length} times`, HINT);
  const index = hits[0]!;
  const m = KEY.exec(lines[index]!)!;
  const value = m[2]!;
  if (value === '' || /^["'[{|>&*!]/.test(value)) {
    throw new EditError(`${file}: modules_force_load is not a plain one-line list`, HINT);
  }
  return { index, space: m[1]!, items: value.split(','), comment: m[3] ?? '' };
}
