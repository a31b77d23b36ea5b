// What a domain passes to QEMU directly through <qemu:commandline> (formatdomain.html, "QEMU command-line
// passthrough"): libvirt appends these arguments after its own, so QEMU sees them last. DarwinKVM and OSX-KVM
// domains set the CPU model this way (`-cpu Penryn,...`), and older guides pass the GPU this way
// (`-device vfio-pci,host=02:00.0`, Arch Wiki "PCI passthrough via OVMF").
import { qemuPrefix, type DomainView } from './domain.js';
import { attr, kid, kids, type XElement } from './xml-doc.js';

/** The `<qemu:arg>` elements in order; none when the domain binds no prefix to libvirt's QEMU namespace. */
export function qemuArgs(view: DomainView): XElement[] {
  const prefix = qemuPrefix(view.root);
  const cmd = prefix ? kid(view.root, `${prefix}:commandline`) : undefined;
  return cmd ? kids(cmd, `${prefix}:arg`) : [];
}

/** Each `-OPTION VALUE` pair (also `-OPTION=VALUE`), with the element that holds the value. */
export function optionValues(view: DomainView, option: string): Array<{ value: string; el: XElement; flag: XElement }> {
  const args = qemuArgs(view);
  const out: Array<{ value: string; el: XElement; flag: XElement }> = [];
  args.forEach((a, i) => {
    const v = attr(a, 'value') ?? '';
    const next = args[i + 1];
    if ((v === `-${option}` || v === `--${option}`) && next) out.push({ value: attr(next, 'value') ?? '', el: next, flag: a });
  });
  return out;
}

const HOST = /(?:^|,)host=(?:([0-9a-fA-F]{4}):)?([0-9a-fA-F]{2}):([0-9a-fA-F]{2})\.([0-7])(?:,|$)/;
const SYSFS = /(?:^|,)sysfsdev=\/sys\/bus\/pci\/devices\/([0-9a-fA-F]{4}):([0-9a-fA-F]{2}):([0-9a-fA-F]{2})\.([0-7])\/?(?:,|$)/;

/** Host PCI addresses (`0000:02:00.0`) that `-device vfio-pci,host=...` (or `sysfsdev=`) already passes. */
export function vfioOnCommandline(view: DomainView): Array<{ address: string; value: string }> {
  return optionValues(view, 'device').flatMap(({ value }) => {
    if (!/^vfio-pci(,|$)/.test(value)) return [];
    const m = HOST.exec(value) ?? SYSFS.exec(value);
    if (!m) return [];
    const [, d, b, s, f] = m;
    return [{ address: `${d ?? '0000'}:${b}:${s}.${f}`.toLowerCase(), value }];
  });
}
