import { describe, expect, it } from 'vitest';
import { pickEvdev, withCgroupDeviceAcl } from '../../../src/core/vm/qemu-conf.js';

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
    // a keyboard's media-key interface is a mouse too: the real mouse wins, whatever the names' order
    expect(pickEvdev(['usb-A_Keyboard-if01-event-mouse', 'usb-B_Mouse-event-mouse', 'usb-A_Keyboard-event-kbd']).mouse)
      .toBe('/dev/input/by-id/usb-B_Mouse-event-mouse');
    expect(pickEvdev(['usb-A_Keyboard-if01-event-mouse']).mouse).toBe('/dev/input/by-id/usb-A_Keyboard-if01-event-mouse');
  });
});
