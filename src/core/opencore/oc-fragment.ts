// What the guest GPU needs on the macOS side, as a config.plist fragment to merge into OpenCore's:
// - boot-args from the GPU charts' needs (`agdpmod=pikera` for Navi 10: DarwinKVM's AMD GPU chart; WhateverGreen's
//   README, "agdpmod=pikera"), under NVRAM > Add > 7C436110-AB2A-4BBB-A880-FE41995C9F82 > boot-args (OpenCore
//   Configuration.pdf, "NVRAM Properties");
// - a device-id spoof as DeviceProperties > Add > <device path> > device-id, 4 bytes little endian (OpenCore
//   Configuration.pdf, "DeviceProperties"; Dortania's "GPU Spoofing" page: device-id as <data>, e.g. FF670000 for
//   0x67ff), keyed by the GPU's path in the guest as dgpu placed it (guest-pci-path.ts);
// - kexts the chart names (WhateverGreen, NootRX) as a comment: they go in EFI/OC/Kexts and Kernel > Add.
import type { MacosSupport } from '../analysis/macos.js';

export interface OpenCoreFragment {
  /** The plist text; null when the GPU needs nothing on the macOS side, or macOS has no driver for it. */
  plist: string | null;
  /** One line for people: what the fragment holds, or why there is none. */
  summary: string;
}

const BOOT_ARG = /^-?[a-z][a-z0-9_-]*(=\S+)?$/;
const SPOOF = /^device-id spoof to 0x([0-9a-f]{4})$/;

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** `73bf` → base64 of bf 73 00 00, as <data> holds bytes. */
function deviceIdData(id: string): string {
  const n = parseInt(id, 16);
  return btoa(String.fromCharCode(n & 0xff, (n >> 8) & 0xff, 0, 0));
}

export function openCoreFragment(gpu: string, macos: MacosSupport | null, path: string | null): OpenCoreFragment {
  if (macos === null || macos.supported !== true) {
    return { plist: null, summary: `no OpenCore fragment: ${macos?.note ?? 'macOS has no driver for this GPU'}` };
  }
  const bootArgs = macos.needs.filter((n) => BOOT_ARG.test(n) && n.includes('='));
  const spoof = macos.needs.map((n) => SPOOF.exec(n)?.[1]).find((x) => x !== undefined);
  const kexts = macos.needs.filter((n) => !bootArgs.includes(n) && !SPOOF.test(n));
  if (bootArgs.length === 0 && spoof === undefined && kexts.length === 0) {
    return { plist: null, summary: `${gpu} (${macos.family}): macOS drives it natively, no boot-args or DeviceProperties needed` };
  }
  const held = [...(spoof !== undefined ? [path === null ? `device-id 0x${spoof} (keyed by the GPU's path in the guest, as gfxutil shows it)` : `device-id 0x${spoof} at ${path}`] : []),
    ...(bootArgs.length > 0 ? [`boot-args ${bootArgs.join(' ')}`] : []), ...kexts];
  const summary = `${gpu} (${macos.family}) in macOS needs: ${held.join('; ')}`;
  if (bootArgs.length === 0 && (spoof === undefined || path === null)) return { plist: null, summary };
  // A fragment to merge into config.plist, which keeps its own DOCTYPE; without one it stays offline (no DTD URL).
  const lines = ['<?xml version="1.0" encoding="UTF-8"?>', '<plist version="1.0">', '<dict>'];
  if (kexts.length > 0) lines.push(`\t<!-- ${esc(macos.family)} also needs: ${kexts.map(esc).join(', ')} (EFI/OC/Kexts and Kernel > Add) -->`);
  if (spoof !== undefined && path !== null) {
    lines.push('\t<key>DeviceProperties</key>', '\t<dict>', '\t\t<key>Add</key>', '\t\t<dict>',
      `\t\t\t<!-- the guest GPU (host ${gpu}) where dgpu placed it -->`, `\t\t\t<key>${esc(path)}</key>`, '\t\t\t<dict>',
      '\t\t\t\t<key>device-id</key>', `\t\t\t\t<data>${deviceIdData(spoof)}</data>`, '\t\t\t</dict>', '\t\t</dict>', '\t</dict>');
  }
  if (bootArgs.length > 0) {
    lines.push('\t<key>NVRAM</key>', '\t<dict>', '\t\t<key>Add</key>', '\t\t<dict>', '\t\t\t<key>7C436110-AB2A-4BBB-A880-FE41995C9F82</key>', '\t\t\t<dict>',
      '\t\t\t\t<!-- add to the boot-args you have -->', '\t\t\t\t<key>boot-args</key>', `\t\t\t\t<string>${esc(bootArgs.join(' '))}</string>`,
      '\t\t\t</dict>', '\t\t</dict>', '\t</dict>');
  }
  lines.push('</dict>', '</plist>', '');
  return { plist: lines.join('\n'), summary };
}
