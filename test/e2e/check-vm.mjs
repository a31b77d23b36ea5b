// Checks step 5 from the e2e VM (test/e2e/qemu.sh, stage 2; the files of vm-step.sh): the domain libvirt started
// after `dgpu vm attach` has a hostdev for each guest function, at the guest address dgpu gave it (the GPU on
// function 0 with multifunction='on'), and QEMU realized each one there: QMP query-pci lists a device with the
// hostdev's alias as its id, behind the pcie-root-port libvirt names pci.<bus> (libvirt gives controller index N
// the alias pci.N; query-pci nests a bridge's devices under it), at the slot and function, with the host
// function's vendor:device (vfio-pci shows the real ids), and the guest's firmware placed its BARs (an address
// other than -1: sized and placed through vfio-pci's config space). The QEMU process holds /dev/vfio/<group of
// the GPU>, and the domain was running.
// Usage: node check-vm.mjs OUTDIR GROUP GUEST_GPU GUEST_ADDR...   (OUTDIR: out2/stage2 of the case)
import { readFileSync } from 'node:fs';

const [dir, group, gpu, ...others] = process.argv.slice(2);
const read = (name) => readFileSync(`${dir}/${name}.txt`, 'utf8');
const problems = [];
const want = (ok, text) => ok || problems.push(text);
const num = (v) => Number.parseInt(v, 16);
const attrs = (tag) => Object.fromEntries([...tag.matchAll(/([\w:-]+)=['"]([^'"]*)['"]/g)].map((m) => [m[1], m[2]]));

// Host ids from the VM's own `lspci -nnk`: "01:00.0 VGA compatible controller [0300]: ... [1013:00b8]".
const ids = new Map();
for (const line of read('lspci').split('\n')) {
  const m = /^([0-9a-f]{2}:[0-9a-f]{2}\.[0-7]) .*\[([0-9a-f]{4}):([0-9a-f]{4})\]( \(rev [0-9a-f]+\))?$/.exec(line);
  if (m) ids.set(`0000:${m[1]}`, { vendor: num(m[2]), device: num(m[3]) });
}

// The live domain XML (libvirt's own formatting): one <hostdev> per passed function, source then guest address.
function hostdevs(xml) {
  const out = new Map();
  for (const [block] of xml.matchAll(/<hostdev\b[\s\S]*?<\/hostdev>/g)) {
    const src = /<source>\s*<address ([^>]*)\/>/.exec(block);
    const guest = /<\/source>[\s\S]*?<address (type=['"]pci['"][^>]*)\/>/.exec(block);
    const alias = /<alias name=['"]([^'"]+)['"]/.exec(block);
    if (!src) continue;
    const s = attrs(src[1]);
    const host = `${s.domain.slice(2).padStart(4, '0')}:${s.bus.slice(2).padStart(2, '0')}:${s.slot.slice(2).padStart(2, '0')}.${num(s.function)}`;
    out.set(host, { alias: alias?.[1] ?? null, guest: guest ? attrs(guest[1]) : null });
  }
  return out;
}

// query-pci as a flat list, each device with the qdev_id of the bridge it sits behind ('' for the root bus).
function flatten(devices, parent, into = []) {
  for (const d of devices) {
    into.push({ ...d, parent });
    if (d.pci_bridge?.devices) flatten(d.pci_bridge.devices, d.qdev_id, into);
  }
  return into;
}

const live = hostdevs(read('dom-live'));
const qmp = JSON.parse(read('querypci'));
const realized = flatten(qmp.return.flatMap((b) => b.devices), '');
for (const a of [gpu, ...others]) {
  const h = live.get(a);
  if (!h) { want(false, `no hostdev for ${a} in the running domain`); continue; }
  if (!h.guest) { want(false, `hostdev ${a} has no guest address in the running domain`); continue; }
  const g = { bus: num(h.guest.bus), slot: num(h.guest.slot), fn: num(h.guest.function) };
  if (a === gpu) want(g.fn === 0 && h.guest.multifunction === 'on', `GPU ${a} at guest function ${g.fn} (multifunction ${h.guest.multifunction}), want 0 with multifunction on`);
  const q = realized.find((d) => d.qdev_id === h.alias);
  if (!q) { want(false, `QEMU has no device with id "${h.alias}" (${a})`); continue; }
  const bridge = g.bus === 0 ? '' : `pci.${g.bus}`;
  want(q.parent === bridge && q.slot === g.slot && q.function === g.fn,
    `${a} (${h.alias}) realized behind '${q.parent}' at ${q.slot}.${q.function}, the domain says '${bridge}' ${g.slot}.${g.fn}`);
  const bars = q.regions.filter((r) => r.bar !== 6);
  want(bars.length > 0 && bars.every((r) => r.address !== -1), `${a} (${h.alias}): BARs ${bars.map((r) => r.bar).join(',')} not all placed by the guest`);
  const id = ids.get(a);
  want(id !== undefined && q.id.vendor === id.vendor && q.id.device === id.device,
    `${a} (${h.alias}) shows ${q.id.vendor.toString(16)}:${q.id.device.toString(16)} in the guest, the host function is ${id ? `${id.vendor.toString(16)}:${id.device.toString(16)}` : 'unknown'}`);
}
want(new RegExp(`-> /dev/vfio/${group}$`, 'm').test(read('qemufds')), `the QEMU process does not hold /dev/vfio/${group}`);
want(read('domstate').trim() === 'running', `domain state '${read('domstate').trim()}', want running`);

if (problems.length) {
  console.error(`check-vm: ${problems.join('; ')}`);
  process.exit(1);
}
const where = [gpu, ...others].map((a) => `${a} as ${live.get(a).alias} at guest ${live.get(a).guest.bus}:${live.get(a).guest.slot}.${num(live.get(a).guest.function)}`);
console.log(`check-vm: ok (${where.join(', ')}; QEMU holds /dev/vfio/${group})`);
