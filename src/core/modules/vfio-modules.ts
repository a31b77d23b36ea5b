// The vfio modules an initramfs must load before any GPU driver. Since Linux 6.2 vfio_virqfd is built into
// vfio (kernel commit "vfio: Fold vfio_virqfd.ko into vfio.ko"); listing it there makes mkinitcpio fail
// with "module not found". Before 6.2 it is also a hard dependency of vfio_pci, so generators pull it in
// for older kernels installed beside the running one even when it is not listed.
import type { Host } from '../host.js';

const BASE = ['vfio_pci', 'vfio', 'vfio_iommu_type1'];

/** Every module name dgpu may add to an initramfs list: what an editor strips before adding. */
export const VFIO_MODULE_NAMES: ReadonlySet<string> = new Set([...BASE, 'vfio_virqfd']);

/** `6.1.0-18-amd64` → {major: 6, minor: 1}; null when the release does not start with N.N. */
export function kernelVersion(release: string): { major: number; minor: number } | null {
  const m = /^(\d+)\.(\d+)/.exec(release.trim());
  return m ? { major: Number(m[1]), minor: Number(m[2]) } : null;
}

/**
 * `vfio_pci vfio vfio_iommu_type1`, plus `vfio_virqfd` for kernels before 6.2. An unknown release
 * (null or unparsable) gets the modern list: vfio_virqfd is pulled in as a dependency where it exists.
 */
export function vfioModules(kernelRelease: string | null): string[] {
  const v = kernelRelease === null ? null : kernelVersion(kernelRelease);
  const old = v !== null && (v.major < 6 || (v.major === 6 && v.minor < 2));
  return old ? [...BASE, 'vfio_virqfd'] : [...BASE];
}

/** Whether a module token (`vfio-pci`, `"vfio_pci"`, mkinitcpio's optional `vfio_virqfd?`) is one of ours. */
export function isVfioModule(token: string): boolean {
  return VFIO_MODULE_NAMES.has(token.replace(/\?$/, '').replace(/-/g, '_'));
}

/** vfio-pci is built into the kernel (modules.builtin): modprobe.d options, softdeps and install hooks never run for it. */
export function vfioBuiltin(host: Host): boolean {
  return host.modules.builtin?.includes('vfio_pci') === true;
}
