// Checks `dgpu scan --json` (schema 1) from the e2e VM (test/e2e/qemu.sh, stage 1) against what QEMU
// was told to build: both display functions listed with their groups, the guest GPU's functions in one IOMMU
// group without the boot GPU, the boot GPU marked as such (sysfs boot_vga), and the IOMMU on.
// Usage: node check-scan.mjs SCAN.json HOST_ADDR GUEST_ADDR...
import { readFileSync } from 'node:fs';

const [file, hostAddr, guestGpu, ...guestExtra] = process.argv.slice(2);
const scan = JSON.parse(readFileSync(file, 'utf8'));
const problems = [];
const want = (ok, text) => ok || problems.push(text);

want(scan.schema === 1 && scan.source === 'sysfs', `schema ${scan.schema} / source ${scan.source}, want 1 / sysfs`);
want(scan.iommu?.enabled === true, 'IOMMU not reported on');
const dev = new Map(scan.devices.map((d) => [d.address, d]));
for (const a of [hostAddr, guestGpu, ...guestExtra]) want(dev.has(a), `${a} not in devices`);
const gpu = new Map(scan.gpus.map((g) => [g.address, g]));
const host = gpu.get(hostAddr);
const guest = gpu.get(guestGpu);
want(host?.bootVga === true, `${hostAddr} not marked as the boot GPU`);
// secondary-vga is class 0380: the kernel shows boot_vga only on VGA-class functions, so its bootVga is null
want(guest !== undefined && guest.bootVga !== true, `${guestGpu} missing from gpus or marked as the boot GPU`);
const g = dev.get(guestGpu)?.iommuGroup;
want(typeof g === 'number', `no IOMMU group for ${guestGpu}`);
for (const a of guestExtra) want(dev.get(a)?.iommuGroup === g, `${a} in group ${dev.get(a)?.iommuGroup}, want ${g}`);
want(dev.get(hostAddr)?.iommuGroup !== g, `boot GPU ${hostAddr} shares group ${g}`);
want(JSON.stringify(guest?.groups) === JSON.stringify([g]), `gpus[].groups of ${guestGpu} is ${JSON.stringify(guest?.groups)}`);

if (problems.length) {
  console.error(`check-scan: ${problems.join('; ')}`);
  process.exit(1);
}
console.log(`check-scan: ok (${scan.devices.length} functions, guest group ${g})`);
