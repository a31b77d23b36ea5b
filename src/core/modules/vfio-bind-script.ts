// Per-address binding from the initramfs: two identical cards cannot be split with
// vfio-pci.ids (it claims every device with those ids), so the guest's functions get `driver_override` set to
// vfio-pci before any GPU driver loads. With the override set, the PCI core matches the device to vfio-pci
// alone (drivers/pci/pci-driver.c, pci_match_device; Documentation/ABI/testing/sysfs-bus-pci,
// driver_override). This works whether vfio-pci is a module or built in, where a modprobe.d `install` hook
// does not: kmod never runs one for a built-in module.
//
// The body is POSIX sh (dash, busybox ash) and idempotent: writing the same override twice is harmless,
// and drivers_probe is only asked for a function that has no driver yet.
import { normalizeAddress } from '../address.js';

/** The variable the body uses; unset at its end, since dracut and mkinitcpio source their hooks. */
const VAR = 'dgpu_d';

export function bindAddresses(addresses: string[]): string[] {
  const out = [...new Set(addresses.map((a) => {
    const n = normalizeAddress(a);
    if (n === null) throw new Error(`vfio bind script: '${a}' is not a PCI address`);
    return n;
  }))];
  if (out.length === 0) throw new Error('vfio bind script: no address to bind');
  return out.sort();
}

/**
 * The lines that bind `addresses`, indented by `indent`. Three steps:
 * 1. driver_override=vfio-pci on each guest function (a missing one is reported, not fatal: boot goes on);
 * 2. vfio-pci as a module not loaded yet: modprobe it; registering the driver probes every unbound device
 *    whose override names it (drivers/base/bus.c, bus_add_driver → driver_attach);
 * 3. a built-in vfio-pci registered long before: ask the PCI core to probe each function still without a
 *    driver through /sys/bus/pci/drivers_probe (Documentation/ABI/testing/sysfs-bus-pci). `>>` because
 *    sysfs stores ignore the file offset (fs/sysfs/file.c, sysfs_kf_write), and one open per address.
 * A function already held by another driver is reported: the override takes effect only on its next probe.
 * No external tool but modprobe: initramfs-tools images may carry klibc's utilities instead of busybox.
 */
export function bindBody(addresses: string[], indent = ''): string[] {
  const list = bindAddresses(addresses).join(' ');
  const dev = `/sys/bus/pci/devices/$${VAR}`;
  const lines = [
    `for ${VAR} in ${list}; do`,
    `\tif [ -e "${dev}/driver_override" ]; then`,
    `\t\techo vfio-pci > "${dev}/driver_override"`,
    '\telse',
    `\t\techo "dgpu: $${VAR}: no such PCI function, not bound to vfio-pci" >&2`,
    '\tfi',
    'done',
    '[ -d /sys/bus/pci/drivers/vfio-pci ] || modprobe vfio-pci || echo "dgpu: modprobe vfio-pci failed" >&2',
    `for ${VAR} in ${list}; do`,
    `\t[ -e "${dev}" ] || continue`,
    `\tif [ ! -e "${dev}/driver" ]; then`,
    `\t\techo "$${VAR}" >> /sys/bus/pci/drivers_probe || echo "dgpu: $${VAR}: probe failed" >&2`,
    `\telif [ ! -e "/sys/bus/pci/drivers/vfio-pci/$${VAR}" ]; then`,
    `\t\techo "dgpu: $${VAR} is already bound to another driver; vfio-pci takes it on its next probe" >&2`,
    '\tfi',
    'done',
    `unset ${VAR}`,
  ];
  return lines.map((l) => indent + l);
}
