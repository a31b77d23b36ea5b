// initramfs-tools: /etc/initramfs-tools/modules lists one module per line (with optional parameters),
// loaded in order early in the initramfs (initramfs.conf(5)). dgpu appends its block at the end under a
// marker comment; order against other lines does not matter because vfio.conf's softdeps (copied into
// the image from /etc/modprobe.d by hook-functions) load vfio-pci before any GPU driver.
import { isVfioModule, vfioModules } from './vfio-modules.js';

export const INITRAMFS_TOOLS_MODULES_PATH = '/etc/initramfs-tools/modules';

const MARKER = '# vfio modules for GPU passthrough (added by dgpu)';

/** Removes our marker and every bare vfio module line; lines with parameters are the user's and stay. */
export function stripInitramfsToolsModules(text: string): string {
  const lines = text.split('\n');
  return lines.filter((l) => l !== MARKER && !(l.trim() !== '' && !/\s/.test(l.trim()) && isVfioModule(l.trim()))).join('\n');
}

/** Appends the marker and the vfio modules; a file without a final newline keeps having none. */
export function editInitramfsToolsModules(text: string, kernelRelease: string | null): string {
  const lines = stripInitramfsToolsModules(text).split('\n');
  const block = [MARKER, ...vfioModules(kernelRelease)];
  const endsWithNewline = lines[lines.length - 1] === '';
  if (endsWithNewline) lines.splice(lines.length - 1, 0, ...block);
  else lines.push(...block);
  return lines.join('\n');
}
