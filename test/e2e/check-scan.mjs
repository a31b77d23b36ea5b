// Checks `dgpu scan --json` output from the e2e VM (test/e2e/qemu.sh, stage 1) against what QEMU was told to
// build: both display functions, the guest GPU's functions in one IOMMU group without the boot GPU, and the
// boot GPU marked as such. It walks the JSON instead of fixing a schema, so that it holds while the scan
// report's shape settles: any object with an `address` is a PCI function; `bootVga` (or `boot`/`bootGpu`
// true) marks the boot GPU; groups are any `iommuGroup`/`group` number on those objects, or `iommuGroups`
// maps of number → addresses (the Host model's shape, src/core/host.ts).
// Usage: node check-scan.mjs SCAN.json HOST_ADDR GUEST_ADDR...
import { readFileSync } from 'node:fs';

const [file, hostAddr, ...guestAddrs] = process.argv.slice(2);
const json = JSON.parse(readFileSync(file, 'utf8'));
const functions = new Map(); // address → merged facts
const groupOf = new Map();
const walk = (v) => {
  if (Array.isArray(v)) return v.forEach(walk);
  if (v === null || typeof v !== 'object') return;
  if (typeof v.address === 'string' && /^[0-9a-f]{4}:[0-9a-f]{2}:[0-9a-f]{2}\.[0-7]$/.test(v.address)) {
    functions.set(v.address, { ...(functions.get(v.address) ?? {}), ...v });
    const g = v.iommuGroup ?? v.group;
    if (typeof g === 'number') groupOf.set(v.address, g);
  }
  if (v.iommuGroups && typeof v.iommuGroups === 'object' && !Array.isArray(v.iommuGroups)) {
    for (const [g, members] of Object.entries(v.iommuGroups)) {
      if (Array.isArray(members)) for (const m of members) if (typeof m === 'string') groupOf.set(m, Number(g));
    }
  }
  Object.values(v).forEach(walk);
};
walk(json);

const problems = [];
for (const a of [hostAddr, guestAddrs[0]]) {
  const f = functions.get(a);
  if (!f) problems.push(`display ${a} not in scan output`);
  else if (f.class != null && !String(f.class).startsWith('03')) problems.push(`${a} has class ${f.class}, want 03xx`);
}
const isBoot = (f) => f?.bootVga === true || f?.boot === true || f?.bootGpu === true;
if (!isBoot(functions.get(hostAddr))) problems.push(`${hostAddr} not marked as the boot GPU`);
if (isBoot(functions.get(guestAddrs[0]))) problems.push(`${guestAddrs[0]} marked as the boot GPU`);
const g = groupOf.get(guestAddrs[0]);
if (g === undefined) problems.push(`no IOMMU group for ${guestAddrs[0]}`);
for (const a of guestAddrs) if (groupOf.get(a) !== g) problems.push(`${a} in group ${groupOf.get(a)}, want ${g}`);
if (groupOf.get(hostAddr) === g) problems.push(`boot GPU ${hostAddr} shares group ${g}`);

if (problems.length) {
  console.error(`check-scan: ${problems.join('; ')}`);
  process.exit(1);
}
console.log(`check-scan: ok (${functions.size} functions, guest group ${g})`);
