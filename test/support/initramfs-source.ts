// Sources initramfs configuration the way its generator does, with bash, and reports the resulting variables:
// mkinitcpio (the main file, then mkinitcpio.conf.d/*.conf in `sort -V` order) and dracut (dracut.conf.d/*.conf,
// base names through `sort -Vu`: dracut.sh dropindirs_sort).
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

function sourced(files: Record<string, string>, script: string): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'dgpu-source-'));
  try {
    for (const [name, text] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, name)), { recursive: true });
      writeFileSync(join(dir, name), text);
    }
    const r = spawnSync('bash', ['--noprofile', '--norc', '-c', script, 'bash', dir], { encoding: 'utf8', env: { LC_ALL: 'C.UTF-8', PATH: process.env.PATH } });
    if (r.stderr !== '' || r.status !== 0) throw new Error(`bash: ${r.stderr}`);
    return r.stdout.split('\n');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const words = (l: string | undefined) => (l ?? '').split(/\s+/).filter((w) => w !== '');

/** `files`: `mkinitcpio.conf` and `mkinitcpio.conf.d/<name>`. */
export function mkinitcpioArrays(files: Record<string, string>): { modules: string[]; hooks: string[] } {
  const out = sourced(files, '. "$1/mkinitcpio.conf"; for f in $(for i in "$1"/mkinitcpio.conf.d/*.conf; do [ -e "$i" ] && printf "%s\\n" "${i##*/}"; done | sort -Vu); do . "$1/mkinitcpio.conf.d/$f"; done\n'
    + 'echo "${MODULES[*]}"; echo "${HOOKS[*]}"');
  return { modules: words(out[0]), hooks: words(out[1]) };
}

/** `files`: base name → text, all in one dracut.conf.d. */
export function dracutLists(files: Record<string, string>): { force: string[]; add: string[]; items: string[]; dracutModules: string[] } {
  const out = sourced(files, 'for f in $(for i in "$1"/*.conf; do printf "%s\\n" "${i##*/}"; done | sort -Vu); do . "$1/$f"; done\n'
    + 'echo "$force_drivers"; echo "$add_drivers"; echo "$install_items"; echo "$add_dracutmodules"');
  return { force: words(out[0]), add: words(out[1]), items: words(out[2]), dracutModules: words(out[3]) };
}
