// Oracles for kernel command lines, written from the readers' own sources rather than from dgpu's tokenizer:
// - kernelArgs: a port of next_arg() (lib/cmdline.c) driven the way parse_args() (kernel/params.c) drives it,
//   stopping at a bare `--` whose rest goes to init (init/main.c, "after_dashes"). isspace() is the kernel's
//   (lib/ctype.c: space, \t \n \v \f \r, and 0xa0).
// - kmodOptions: the real kmod. `modprobe --showconfig` reads /proc/cmdline itself (libkmod-config.c
//   kmod_config_parse_kcmdline), so the line is bind-mounted over /proc/cmdline in a private mount namespace
//   (`unshare -m`, as root); `-C` points at an empty folder so no modprobe.d file of this machine takes part.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface KernelArg {
  param: string;
  val: string | null;
}

const isspace = (c: string | undefined): boolean => c !== undefined && /[ \t\n\v\f\r\u00a0]/.test(c);

/** One next_arg() step over `s` from `at`: the parameter, its value, and where the next one starts. */
function nextArg(s: string, at: number): { arg: KernelArg; next: number } {
  let args = at;
  let inQuote = false;
  let quoted = false;
  if (s[args] === '"') {
    args++;
    inQuote = true;
    quoted = true;
  }
  let i = 0;
  let equals = 0;
  for (; args + i < s.length; i++) {
    const c = s[args + i]!;
    if (isspace(c) && !inQuote) break;
    if (equals === 0 && c === '=') equals = i;
    if (c === '"') inQuote = !inQuote;
  }
  // `args[i-1] = '\0'` in C cuts a closing quote off the parameter (or the value) in place.
  let end = args + i;
  let param: string;
  let val: string | null = null;
  if (equals === 0) {
    param = s.slice(args, end);
  } else {
    param = s.slice(args, args + equals);
    let v = args + equals + 1;
    if (s[v] === '"') {
      v++;
      if (s[end - 1] === '"') end--;
    }
    val = s.slice(v, Math.max(v, end));
  }
  if (quoted && i > 0 && s[args + i - 1] === '"') {
    if (val === null) param = param.endsWith('"') ? param.slice(0, -1) : param;
    else if (val.endsWith('"') && end === args + i) val = val.slice(0, -1);
  }
  let next = args + i + (args + i < s.length ? 1 : 0);
  while (isspace(s[next])) next++;
  return { arg: { param, val }, next };
}

/** The parameters the kernel parses, in order, and what it hands to init after `--` (null: no `--`). */
export function kernelArgs(line: string): { params: KernelArg[]; init: string | null } {
  const params: KernelArg[] = [];
  let at = 0;
  while (isspace(line[at])) at++;
  while (at < line.length) {
    const { arg, next } = nextArg(line, at);
    at = next;
    if (arg.val === null && arg.param === '--') return { params, init: line.slice(at) };
    params.push(arg);
  }
  return { params, init: null };
}

/** The last value the kernel sees for `key` (`-` and `_` equal, kernel/params.c parameq), or undefined. */
export function kernelValue(line: string, key: string): string | null | undefined {
  const norm = (k: string): string => k.replaceAll('-', '_');
  return kernelArgs(line).params.filter((p) => norm(p.param) === norm(key)).at(-1)?.val;
}

/** kmod's `options` lines for `module` from the command line alone, in the order kmod joins them. */
export function kmodOptions(line: string, module: string): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'dgpu-kmod-'));
  try {
    const file = join(dir, 'cmdline');
    writeFileSync(file, line.endsWith('\n') ? line : `${line}\n`);
    const conf = join(dir, 'conf.d');
    const r = spawnSync('unshare', ['-m', 'sh', '-c', 'mount --bind "$1" /proc/cmdline && exec modprobe -C "$2" --showconfig', 'sh', file, conf], { encoding: 'utf8' });
    if (r.error) throw r.error;
    if (r.status !== 0) throw new Error(`unshare/modprobe failed (${r.status}): ${r.stderr}`);
    const prefix = `options ${module} `;
    return r.stdout.split('\n').filter((l) => l.startsWith(prefix)).map((l) => l.slice(prefix.length));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The `ids` vfio-pci gets when kmod loads it: the last `ids=` of its options (module_param_string, last wins). */
export function kmodVfioIds(line: string): string[] {
  const last = kmodOptions(line, 'vfio_pci').flatMap((o) => o.split(' ')).filter((w) => w.startsWith('ids=')).at(-1);
  return last === undefined ? [] : last.slice(4).replace(/^"|"$/g, '').split(',').filter((x) => x !== '');
}

/** bash sources a GRUB file in an empty environment: [GRUB_CMDLINE_LINUX, GRUB_CMDLINE_LINUX_DEFAULT]. */
export function grubSourced(text: string): [string, string] {
  const dir = mkdtempSync(join(tmpdir(), 'dgpu-grub-'));
  try {
    writeFileSync(join(dir, 'grub'), text);
    const r = spawnSync('env', ['-i', 'bash', '--noprofile', '--norc', '-c', '. ./grub; printf "%s\\n%s" "$GRUB_CMDLINE_LINUX" "$GRUB_CMDLINE_LINUX_DEFAULT"'], {
      cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'],
    });
    if (r.error) throw r.error;
    const [linux, dflt] = r.stdout.split('\n');
    return [linux ?? '', dflt ?? ''];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
