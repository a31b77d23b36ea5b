# shellcheck shell=bash
# Step 5 of the e2e test (issue 13), sourced by dgpu-e2e-stage in stage 2, where vfio-pci holds the guest GPU:
# libvirtd started by hand (there is no systemd in the test VM), a DarwinKVM-style domain defined, `dgpu vm attach`
# through the real virsh, `virsh start`, and QEMU's own view of the passed functions saved for test/e2e/qemu.sh
# (check-vm.mjs): the live domain XML, `info pci` from the monitor, the QEMU process's open files; then
# `virsh destroy` and `dgpu rollback` of the attach. Uses run() and $OUT of dgpu-e2e-stage.
DOMAIN=macOS
export LIBVIRT_DEFAULT_URI=qemu:///system

# libvirtd(8) and virtlogd(8) as daemons (-d); libvirtd hands QEMU's stdout/stderr to virtlogd
# (qemu.conf stdio_handler, default "logd"), which writes /var/log/libvirt/qemu/DOMAIN.log. Without
# libvirt-daemon-system nothing made the user QEMU runs as (Debian builds with qemu_user=libvirt-qemu):
# qemu.sh adds it to the image as that package's postinst does.
start_libvirt() {
  mkdir -p /run/libvirt /var/log/libvirt/qemu
  virtlogd -d || return 1
  LIBVIRT_LOG_OUTPUTS="3:file:/var/log/libvirt/libvirtd.log" libvirtd -d || return 1
  local i
  for i in $(seq 1 180); do
    virsh version >/dev/null 2>&1 && { virsh version; echo "libvirtd answered after ${i}s"; return 0; }
    sleep 1
  done
  echo "libvirtd did not answer on $LIBVIRT_DEFAULT_URI in 180 s"
  return 1
}

qemu_pid() { cat /run/libvirt/qemu/$DOMAIN.pid; }

# QMP query-pci once the guest's firmware (SeaBIOS) has placed the BARs of the passed functions (the hostdevs):
# sizing and placing a BAR goes through vfio-pci's config space region, so an address there shows the guest
# started and reached the device. A BAR not placed reads as address -1; the ROM (bar 6) stays so, unused.
query_pci_placed() {
  local i q
  for i in $(seq 1 120); do
    q=$(virsh qemu-monitor-command $DOMAIN '{"execute":"query-pci"}') || return 1
    printf '%s' "$q" | node -e '
      const all = [], walk = (ds) => ds.forEach((d) => { all.push(d); if (d.pci_bridge?.devices) walk(d.pci_bridge.devices); });
      JSON.parse(require("fs").readFileSync(0, "utf8")).return.forEach((b) => walk(b.devices));
      const h = all.filter((d) => /^hostdev/.test(d.qdev_id));
      process.exit(h.length > 0 && h.every((d) => d.regions.every((r) => r.bar === 6 || r.address !== -1)) ? 0 : 1);' && break
    sleep 1
  done
  printf '%s\n' "$q"
}

# /proc/PID/fd of the domain's QEMU: /dev/vfio/N is the group it opened (VFIO_GROUP_GET_DEVICE_FD follows).
qemu_fds() {
  local pid; pid=$(qemu_pid) || return 1
  echo "pid $pid: $(tr '\0' ' ' < /proc/$pid/cmdline)"
  ls -l /proc/$pid/fd
}

# What the kernel and QEMU said, for the log and for a failure: the domain log, libvirtd's warnings, vfio and
# DMAR lines of the kernel log.
vm_messages() {
  echo "--- /var/log/libvirt/qemu/$DOMAIN.log"; cat /var/log/libvirt/qemu/$DOMAIN.log 2>&1
  echo "--- /var/log/libvirt/libvirtd.log (tail)"; tail -n 60 /var/log/libvirt/libvirtd.log 2>&1
  echo "--- dmesg (vfio, DMAR, iommu)"; dmesg | grep -iE 'vfio|dmar|iommu' | tail -n 60
}

vm_step() {
  run group basename "$(readlink /sys/bus/pci/devices/$GUEST_GPU/iommu_group)"
  run libvirtd start_libvirt || return 1
  run define virsh define /usr/local/lib/dgpu-e2e/darwinkvm-domain.xml || return 1
  # Defined once more from libvirt's own XML: libvirt adds defaults and sorts controllers on define, so the
  # byte comparison after `dgpu rollback` (which defines the XML it read) compares libvirt's form with itself.
  virsh dumpxml --inactive $DOMAIN > /tmp/domain.xml && virsh define /tmp/domain.xml >/dev/null
  run dom-before virsh dumpxml --inactive $DOMAIN
  # The HDA function is another vendor's: passed with --also, as for apply (see dgpu-e2e-stage).
  run attach dgpu vm attach $DOMAIN --gpu "$GUEST_GPU" --also $GUEST_EXTRA --yes || { run vm-messages vm_messages; return 1; }
  run dom-attached virsh dumpxml --inactive $DOMAIN
  if run vmstart virsh start $DOMAIN; then
    run dom-live virsh dumpxml $DOMAIN
    run querypci query_pci_placed
    run infopci virsh qemu-monitor-command $DOMAIN --hmp 'info pci'
    run qemufds qemu_fds
    run domstate virsh domstate $DOMAIN
    run destroy virsh destroy $DOMAIN
  fi
  run vm-messages vm_messages
  # No id: the latest transaction is the attach; the host's apply stays for the `dgpu rollback` after this.
  run vmrollback dgpu rollback
  run dom-after virsh dumpxml --inactive $DOMAIN
}
