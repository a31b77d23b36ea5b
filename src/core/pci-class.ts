// PCI class codes that matter to passthrough (docs/domain.md, "PCI and sysfs").
// `cls` is the class as known: six hex digits from sysfs (`030000`), or four from a dump (`0300`).

export const CLASS = {
  vga: '0300',
  xga: '0301',
  display3d: '0302',
  displayOther: '0380',
  audio: '0403',
  usb: '0c03',
  serialBusOther: '0c80',
  pciBridge: '0604',
  hostBridge: '0600',
  instrumentation: '1300',
  encryption: '1080',
} as const;

const DISPLAY = new Set<string>([CLASS.vga, CLASS.display3d, CLASS.displayOther]);

export function baseSub(cls: string | null): string | null {
  return cls === null ? null : cls.slice(0, 4);
}

export function isDisplay(cls: string | null): boolean {
  return cls !== null && DISPLAY.has(cls.slice(0, 4));
}

export function isBridge(cls: string | null): boolean {
  const b = baseSub(cls);
  return b === CLASS.pciBridge || b === CLASS.hostBridge;
}

export function isUsbController(cls: string | null): boolean {
  return baseSub(cls) === CLASS.usb;
}
