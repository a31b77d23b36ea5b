// The AMD reset bug: a card that does not come back from a reset after its guest stops, so the next start fails
// until the host reboots.
// - Which families: DarwinKVM's "Script Installation" page (Single GPU Passthrough): "All AMD GPUs but the rDNA 2-
//   based ones (6000 Series) have the reset bug". RDNA2 is Navi 21/22/23/24 here. The page predates RDNA3/RDNA4;
//   users report the bug on the 7000 series (Navi 3x: https://github.com/gnif/vendor-reset/issues/97) and on the
//   9000 series (Navi 44: https://github.com/gnif/vendor-reset/issues/107), so the page's rule holds for them too.
// - Which cards vendor-reset resets: its device table, by PCI id (https://github.com/gnif/vendor-reset,
//   src/device-db.h at commit 03e525d: Polaris 10/11/12, Vega 10/20, Navi 10/12/14, one Navi 23 id, and the MI100);
//   no RDNA3 or RDNA4 id is there (gnif/vendor-reset issue 97 points to an unmerged fork for Navi 32).
import { gpuFamily } from './macos.js';

const RDNA2 = new Set(['Navi 21', 'Navi 22', 'Navi 23', 'Navi 24']);

const VENDOR_RESET_IDS = new Set([
  // _AMD_POLARIS10
  '67c0', '67c1', '67c2', '67c4', '67c7', '67d0', '67df', '67c8', '67c9', '67ca', '67cc', '67cf', '6fdf',
  // _AMD_POLARIS11
  '67e0', '67e3', '67e8', '67eb', '67ef', '67ff', '67e1', '67e7', '67e9',
  // _AMD_POLARIS12
  '6980', '6981', '6985', '6986', '6987', '6995', '6997', '699f',
  // _AMD_VEGA10
  '6860', '6861', '6862', '6863', '6864', '6867', '6868', '6869', '686a', '686b', '686c', '686d', '686e', '686f', '687f',
  // _AMD_VEGA20
  '66a0', '66a1', '66a2', '66a3', '66a4', '66a7', '66af', '164c',
  // _AMD_NAVI10 (with the APU ids it lists)
  '7310', '7312', '7318', '7319', '731a', '731b', '731e', '731f', '15bf', '15dd', '15de', '15e7', '1636', '1638',
  // _AMD_NAVI14, _AMD_NAVI12, _AMD_NAVI23, _AMD_ARCTURUS
  '7340', '7341', '7347', '734f', '7360', '7362', '73ff', '738c',
]);

export interface ResetBug {
  family: string;
  /** Whether vendor-reset's device table holds this id. */
  vendorResetSupports: boolean;
}

/** The reset-bug verdict for an AMD display function's ids; null when it has no bug or its family is unknown. */
export function amdResetBug(vendor: string | null, device: string | null): ResetBug | null {
  if (vendor !== '1002' || device === null) return null;
  const family = gpuFamily(vendor, device);
  if (family === null || RDNA2.has(family)) return null;
  return { family, vendorResetSupports: VENDOR_RESET_IDS.has(device) };
}

/** reset_method is writable since Linux 5.15 (Documentation/ABI/testing/sysfs-bus-pci, "reset_method"). */
export function hasResetMethod(release: string | null): boolean | null {
  const m = release === null ? null : /^(\d+)\.(\d+)/.exec(release);
  if (!m) return null;
  const [major, minor] = [Number(m[1]), Number(m[2])];
  return major > 5 || (major === 5 && minor >= 15);
}
