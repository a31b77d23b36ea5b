// The least a Node.js program does to answer `dgpu scan --json` on a tree: the same system calls the sysfs
// reader makes (modalias and the iommu_group link a function, one listing a driver, boot_vga and resource of a
// display function, the pci.ids file) and the raw facts printed as indented JSON, with no analysis, no names,
// no command line. bench/scan.mjs times it beside dgpu: what dgpu takes above it is dgpu's own work.
const fs = require('node:fs');

const root = process.argv[2];
const base = `${root}/sys/bus/pci/devices`;
const buf = Buffer.alloc(8192);
const attr = (path) => {
  let fd;
  try {
    fd = fs.openSync(path, 'r');
  } catch {
    return null;
  }
  const n = fs.readSync(fd, buf, 0, buf.length, 0);
  fs.closeSync(fd);
  return buf.latin1Slice(0, n);
};
const drivers = new Map();
const driverDir = `${root}/sys/bus/pci/drivers`;
if (fs.existsSync(driverDir)) for (const d of fs.readdirSync(driverDir)) for (const e of fs.readdirSync(`${driverDir}/${d}`)) drivers.set(e, d);
const out = [];
for (const name of fs.readdirSync(base)) {
  const dir = `${base}/${name}`;
  const modalias = attr(`${dir}/modalias`) ?? '';
  const group = fs.readlinkSync(`${dir}/iommu_group`);
  const f = { address: name, modalias, group: group.slice(group.lastIndexOf('/') + 1), driver: drivers.get(name) ?? null };
  if (modalias.includes('bc03')) Object.assign(f, { bootVga: attr(`${dir}/boot_vga`), resource: attr(`${dir}/resource`) });
  out.push(f);
}
const ids = ['/usr/share/misc/pci.ids', '/usr/share/hwdata/pci.ids'].find((p) => fs.existsSync(p));
if (ids) fs.readFileSync(ids).indexOf('\n8086  ');
fs.writeSync(1, `${JSON.stringify(out, null, 2)}\n`);
