import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { pickEvdev, withCgroupDeviceAcl } from '../../src/core/vm/qemu-conf.js';
import { unifiedDiff } from '../../src/core/vm/xml-diff.js';

const KBD = '/dev/input/by-id/usb-Logitech-event-kbd';
const MOUSE = '/dev/input/by-id/usb-Logitech-event-mouse';
// As Debian's /etc/libvirt/qemu.conf ships it: the list commented out.
const STOCK = '#user = "root"\n\n#cgroup_device_acl = [\n#    "/dev/null", "/dev/full", "/dev/zero",\n#    "/dev/kvm"\n#]\n';

describe('withCgroupDeviceAcl', () => {
  it('adds an active list with libvirt\'s defaults when there is none, and is idempotent', () => {
    const once = withCgroupDeviceAcl(STOCK, [KBD, MOUSE]);
    expect(once.startsWith(STOCK)).toBe(true);
    expect(once).toMatch(/\ncgroup_device_acl = \[\n {4}"\/dev\/null",[\s\S]*"\/dev\/kvm",[\s\S]*"\/dev\/input\/by-id\/usb-Logitech-event-mouse"\n\]\n$/);
    expect(withCgroupDeviceAcl(once, [KBD, MOUSE])).toBe(once);
  });

  it('adds only the missing paths to an active list, in its indentation', () => {
    const active = 'cgroup_device_acl = [\n  "/dev/null", "/dev/kvm",\n  "' + KBD + '"\n]\nuser = "root"\n';
    expect(withCgroupDeviceAcl(active, [KBD, MOUSE])).toBe(`cgroup_device_acl = [\n  "/dev/null", "/dev/kvm",\n  "${KBD}",\n  "${MOUSE}"\n]\nuser = "root"\n`);
  });

  it('picks the keyboard and the mouse among the by-id names', () => {
    expect(pickEvdev(['usb-B-event-mouse', 'usb-A-if01-event-kbd', 'usb-A-event-kbd', 'usb-B-mouse'])).toEqual({
      keyboard: '/dev/input/by-id/usb-A-event-kbd', mouse: '/dev/input/by-id/usb-B-event-mouse' });
    expect(pickEvdev([])).toEqual({ keyboard: null, mouse: null });
  });
});

describe('unifiedDiff', () => {
  it('is empty for equal texts', () => expect(unifiedDiff('f', 'a\n', 'a\n')).toBe(''));

  const lines = Array.from({ length: 40 }, (_, i) => `line ${i}`).join('\n');
  it.each([
    ['changes at both ends and in the middle', `${lines}\n`, `${lines}\n`.replace('line 3\n', '').replace('line 20\n', 'line 20\nnew\n').replace('line 39', 'last')],
    ['a final newline added', lines, `${lines}\n`],
    ['a final newline removed, a line added', `${lines}\n`, `first\n${lines}`],
  ])('gives patch(1) a diff that applies back to the new text: %s', (_, before, after) => {
    const dir = mkdtempSync(join(tmpdir(), 'dgpu-diff-'));
    writeFileSync(join(dir, 'f'), before);
    writeFileSync(join(dir, 'p'), unifiedDiff('f', before, after));
    const r = spawnSync('patch', ['-s', join(dir, 'f'), join(dir, 'p')], { encoding: 'utf8' });
    expect(r.status, r.stderr + r.stdout).toBe(0);
    expect(spawnSync('cat', [join(dir, 'f')], { encoding: 'utf8' }).stdout).toBe(after);
  });
});
