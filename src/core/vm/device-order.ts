// Where a new device goes among the others: libvirt's own order, so the result reads like `virsh dumpxml`.
import type { DomainView } from './domain.js';
import type { NewElement, XmlEditor } from './xml-edit.js';

// The order libvirt writes devices in (virDomainDefFormatInternal), so new ones land where `virsh dumpxml` puts them.
const DEVICE_ORDER = ['emulator', 'disk', 'controller', 'lease', 'filesystem', 'interface', 'smartcard', 'serial', 'parallel',
  'console', 'channel', 'input', 'tpm', 'graphics', 'sound', 'audio', 'video', 'hostdev', 'redirdev', 'redirfilter', 'hub',
  'watchdog', 'memballoon', 'rng', 'panic', 'shmem', 'memory', 'iommu', 'vsock', 'crypto'];

export function insertDevices(ed: XmlEditor, view: DomainView, name: string, els: NewElement[]): void {
  if (els.length === 0) return;
  const rank = DEVICE_ORDER.indexOf(name);
  const before = view.devices.children.filter((c) => {
    const r = DEVICE_ORDER.indexOf(c.name);
    return r >= 0 && r <= rank;
  });
  const anchor = before[before.length - 1];
  if (anchor) ed.insertAfter(anchor, els);
  else ed.insertFirst(view.devices, els);
}

