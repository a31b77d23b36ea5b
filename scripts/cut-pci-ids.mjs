// Cuts an excerpt of a full pci.ids for test fixtures (test/fixtures/pci-ids/README.md says which file from
// which source). Format: the file's own header (vendor / tab device / two tabs subvendor subdevice; classes
// after "# List of known device classes").
//
//   node scripts/cut-pci-ids.mjs cut FULL_PCI_IDS SYSFS_PCI_DEVICES_DIR... > EXCERPT
//     keeps the leading comment block, the vendor lines of every vendor and subsystem vendor of the functions
//     in the sysfs folders, their device lines, the subsystem lines of exactly their subsystems, and the whole
//     class list: what lspci needs to name those functions as it would with the full file.
//   node scripts/cut-pci-ids.mjs check FULL_PCI_IDS EXCERPT
//     exits 1 unless every line of EXCERPT is a line of FULL_PCI_IDS, in the same order.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

// pci.ids is UTF-8 with a few stray bytes in old entries; latin1 keeps every byte as it is.
const lines = (path) => readFileSync(path, 'latin1').split('\n');
const CLASSES = '# List of known device classes';

function functionsUnder(dirs) {
  const id = (dir, name) => readFileSync(join(dir, name), 'latin1').trim().replace(/^0x/, '').toLowerCase();
  return dirs.flatMap((dir) => readdirSync(dir).map((f) => join(dir, f))).map((d) => ({
    vendor: id(d, 'vendor'), device: id(d, 'device'), subVendor: id(d, 'subsystem_vendor'), subDevice: id(d, 'subsystem_device'),
  }));
}

function cut(full, functions) {
  const vendors = new Set(functions.flatMap((f) => [f.vendor, f.subVendor]));
  const devices = new Set(functions.map((f) => `${f.vendor}:${f.device}`));
  const subsystems = new Set(functions.map((f) => `${f.vendor}:${f.device} ${f.subVendor} ${f.subDevice}`));
  const header = full.slice(0, full.findIndex((l) => !l.startsWith('#')));
  const out = [...header];
  let vendor = '';
  let device = '';
  for (const [i, l] of full.entries()) {
    if (l.startsWith(CLASSES)) return [...out, ...full.slice(i)].join('\n');
    if (/^[0-9a-f]{4}  /.test(l)) {
      vendor = l.slice(0, 4);
      if (vendors.has(vendor)) out.push(l);
    } else if (/^\t[0-9a-f]{4}  /.test(l)) {
      device = `${vendor}:${l.slice(1, 5)}`;
      if (devices.has(device)) out.push(l);
    } else if (/^\t\t[0-9a-f]{4} [0-9a-f]{4}  /.test(l) && subsystems.has(`${device} ${l.slice(2, 11)}`)) {
      out.push(l);
    }
  }
  throw new Error(`no "${CLASSES}" line`);
}

function isOrderedSubset(full, excerpt) {
  let at = 0;
  for (const l of excerpt) {
    at = full.indexOf(l, at);
    if (at < 0) return false;
    at += 1;
  }
  return true;
}

const [mode, fullPath, ...rest] = process.argv.slice(2);
if (mode === 'cut' && fullPath && rest.length > 0) {
  process.stdout.write(Buffer.from(cut(lines(fullPath), functionsUnder(rest)), 'latin1'));
} else if (mode === 'check' && fullPath && rest.length === 1) {
  const ok = isOrderedSubset(lines(fullPath), lines(rest[0]));
  console.log(ok ? `${rest[0]}: every line is in ${fullPath}, in order` : `${rest[0]}: NOT an excerpt of ${fullPath}`);
  process.exitCode = ok ? 0 : 1;
} else {
  console.error('usage: cut-pci-ids.mjs cut FULL_PCI_IDS SYSFS_PCI_DEVICES_DIR... | check FULL_PCI_IDS EXCERPT');
  process.exitCode = 2;
}
