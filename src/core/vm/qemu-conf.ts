// `cgroup_device_acl` in /etc/libvirt/qemu.conf: libvirt's device cgroup lets QEMU open only the listed device
// nodes, so evdev input needs its /dev/input/by-id paths there (libvirt qemu.conf comments; docs/domain.md, "libvirt").
// Setting the key replaces libvirt's built-in list, so a new list starts from that default.

// libvirt 9.x default, as commented in its qemu.conf (src/qemu/qemu.conf.in).
const DEFAULT_ACL = ['/dev/null', '/dev/full', '/dev/zero', '/dev/random', '/dev/urandom', '/dev/ptmx', '/dev/kvm', '/dev/userfaultfd'];

const ACTIVE = /^[ \t]*cgroup_device_acl[ \t]*=[ \t]*\[/m;

/** qemu.conf with `paths` in an active cgroup_device_acl; unchanged when all are there already. */
export function withCgroupDeviceAcl(text: string, paths: string[]): string {
  const m = ACTIVE.exec(text);
  if (!m) {
    const list = [...DEFAULT_ACL, ...paths].map((p) => `    "${p}"`).join(',\n');
    const sep = text === '' || text.endsWith('\n') ? '' : '\n';
    return `${text}${sep}\n# Added by dgpu vm attach --input evdev: libvirt's default list plus the evdev inputs.\ncgroup_device_acl = [\n${list}\n]\n`;
  }
  const close = text.indexOf(']', m.index + m[0].length);
  if (close < 0) return text; // an unterminated list is libvirt's to reject; we do not guess its end
  const body = text.slice(m.index + m[0].length, close);
  const present = new Set([...body.matchAll(/"([^"]*)"/g)].map((x) => x[1]));
  const missing = paths.filter((p) => !present.has(p));
  if (missing.length === 0) return text;
  const lastQuote = body.lastIndexOf('"');
  const at = m.index + m[0].length + lastQuote + 1;
  const indent = /\n([ \t]*)"/.exec(body)?.[1] ?? '    ';
  const add = missing.map((p) => `,\n${indent}"${p}"`).join('');
  return lastQuote < 0
    ? `${text.slice(0, close)}${missing.map((p) => `\n${indent}"${p}"`).join(',')}\n${text.slice(close)}`
    : `${text.slice(0, at)}${add}${text.slice(at)}`;
}

/**
 * The keyboard and mouse among `/dev/input/by-id` names: `*-event-kbd` and `*-event-mouse`. udev names a USB
 * device's first interface `usb-<vendor>_<model>-event-*` and the others `...-if01-event-*` (60-persistent-input.rules);
 * a keyboard's extra interface often shows up as a mouse (media keys), so first interfaces come first, then by name.
 */
export function pickEvdev(names: string[]): { keyboard: string | null; mouse: string | null } {
  const extra = (n: string) => (/-if\d+-event-/.test(n) ? 1 : 0);
  const sorted = [...names].sort((a, b) => extra(a) - extra(b) || (a < b ? -1 : a > b ? 1 : 0));
  const find = (suffix: string) => sorted.find((n) => n.endsWith(suffix));
  const full = (n: string | undefined) => (n ? `/dev/input/by-id/${n}` : null);
  return { keyboard: full(find('-event-kbd')), mouse: full(find('-event-mouse')) };
}
