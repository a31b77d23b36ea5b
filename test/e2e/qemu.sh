#!/usr/bin/env bash
# End-to-end test on a real Linux kernel (issue 6): a small Debian bookworm root booted under QEMU (q35 with an
# emulated Intel IOMMU, TCG: no KVM needed) with two display devices, the first the host's boot GPU and the
# second the guest GPU with an HDA audio function on its slot. Three boots per case:
#   1. dgpu scan --json, dgpu apply --gpu <second> --yes        (+ lspci/sysfs snapshot before anything)
#   2. with the command line dgpu wrote: dgpu verify, lspci -nnk shows vfio-pci on the guest functions only;
#      step 5: libvirtd started in the VM, a DarwinKVM-style domain defined, dgpu vm attach, virsh start, and
#      QEMU's own view checked (check-vm.mjs: query-pci, /proc/PID/fd); virsh destroy, dgpu rollback of the
#      attach; then dgpu rollback of the apply
#   3. the original drivers are back.
# Cases: distinct (cirrus-vga 1013:00b8 + intel-hda 8086:2668 as the guest: binding by ids, vfio-pci.ids=)
#        identical (VGA and secondary-vga, both 1234:1111: binding per address, driver_override written by
#                   dgpu's initramfs-tools init-top script dgpu-vfio).
#
# No bootloader runs: QEMU boots the root's kernel and initrd with -kernel/-initrd, and -append is the root's
# /etc/default/grub SOURCED the way grub-mkconfig does (GRUB_CMDLINE_LINUX_DEFAULT GRUB_CMDLINE_LINUX), so the
# GRUB edit is what is tested; the initrd is read back from the disk image, so the rebuilt one is what boots.
#
# Environment:
#   DGPU_E2E_MANUAL=1   stages 1/2 do by hand what apply/verify/rollback do: checks the harness and the
#                       kernel side without dgpu
#   DGPU_E2E_CASES      cases to run (default: "distinct identical")
#   DGPU_E2E_CACHE      cache dir (default: <repo>/.cache/e2e; the debootstrap root is kept there, keyed by
#                       suite, mirror and package list, and reused when present)
#   DGPU_E2E_MIRROR     Debian mirror (default http://deb.debian.org/debian)
#   DGPU_E2E_BOOT_TIMEOUT  seconds per boot before qemu is killed (default 900)
#   DGPU_E2E_ACCEL      qemu accelerator (default tcg; kvm works where /dev/kvm does)
# Needs (as root): debootstrap, qemu-system-x86, e2fsprogs (mkfs.ext4 -d, debugfs), node, npm; see .ci/packages.
set -euo pipefail
cd "$(dirname "$0")/../.."
REPO=$PWD
E2E=$REPO/test/e2e

MANUAL=${DGPU_E2E_MANUAL:-0}
CASES=${DGPU_E2E_CASES:-distinct identical}
CACHE=${DGPU_E2E_CACHE:-$REPO/.cache/e2e}
MIRROR=${DGPU_E2E_MIRROR:-http://deb.debian.org/debian}
BOOT_TIMEOUT=${DGPU_E2E_BOOT_TIMEOUT:-900}
ACCEL=${DGPU_E2E_ACCEL:-tcg}
CPU=max; [ "$ACCEL" = kvm ] && CPU=host
SUITE=bookworm
# systemd is left out on purpose: test/e2e/root/usr/local/sbin/dgpu-e2e-init is PID 1 (see there why).
# libstdc++6: the host's node binary links it. zstd: initramfs-tools' default compression. busybox: the
# initramfs shell, as on a stock install. libvirt-daemon (libvirtd, virtlogd), its QEMU driver, virsh and
# qemu-system-x86: step 5, a libvirt domain started with the GPU dgpu bound and attached (stage 2).
# libvirt-daemon-system is left out: it pulls systemd and polkit; the user it would add is made in run_case.
PACKAGES="linux-image-amd64 kmod udev pciutils initramfs-tools busybox zstd libstdc++6 e2fsprogs \
libvirt-daemon libvirt-daemon-driver-qemu libvirt-clients qemu-system-x86"

T_START=$SECONDS
stamp() { printf '[e2e %4ds] %s\n' $((SECONDS - T_START)) "$*"; }
die() { stamp "FAIL: $*"; exit 1; }

[ "$(id -u)" = 0 ] || die "must run as root (debootstrap, and the root's files must keep their owners)"
for t in debootstrap qemu-system-x86_64 mkfs.ext4 debugfs timeout node; do
  command -v $t >/dev/null || die "$t not found (apt-get install debootstrap qemu-system-x86 e2fsprogs coreutils)"
done

# ---------------------------------------------------------------- base root (cached)
KEY=$(printf '%s\n' "$SUITE" "$MIRROR" minbase $PACKAGES | sha256sum | cut -c1-12)
BASE=$CACHE/base-$KEY
if [ -d "$BASE/root/boot" ] && [ -f "$BASE/ok" ]; then
  stamp "debootstrap: cached $BASE"
else
  stamp "debootstrap $SUITE ($PACKAGES) into $BASE"
  t0=$SECONDS
  rm -rf "$BASE" && mkdir -p "$BASE"
  debootstrap --variant=minbase --include="${PACKAGES// /,}" "$SUITE" "$BASE/root" "$MIRROR" > "$BASE/debootstrap.log" 2>&1 \
    || { tail -n 40 "$BASE/debootstrap.log"; die "debootstrap failed"; }
  rm -f "$BASE"/root/var/cache/apt/archives/*.deb "$BASE"/root/var/lib/apt/lists/*_Packages
  touch "$BASE/ok"
  stamp "debootstrap: done in $((SECONDS - t0))s"
fi
KVER=$(ls "$BASE/root/lib/modules" | sort -V | tail -n1)

# ---------------------------------------------------------------- dgpu bundle
stamp "npm run build"
npm run build --silent
[ -f dist/dgpu.cjs ] || die "dist/dgpu.cjs missing after npm run build"

# ---------------------------------------------------------------- helpers
# Reads the disk image without mounting it (debugfs works on the image file; no loop device, no privileges
# beyond reading the file).
img_cat() { debugfs -R "cat $2" "$1" 2>/dev/null; }

# The -append line: the image's /etc/default/grub (and grub.d drop-ins) sourced like grub-mkconfig does, with
# a clean environment, then what a bootloader entry adds (root=), and what the harness needs (console, init).
kernel_cmdline() {
  local img=$1 d
  d=$(mktemp -d)
  debugfs -R "rdump /etc/default $d" "$img" >/dev/null 2>&1
  [ -f "$d/default/grub" ] || die "no /etc/default/grub in $img"
  (cd "$d/default" && env -i bash --noprofile --norc -c \
    '. ./grub; for f in ./grub.d/*.cfg; do [ -f "$f" ] && . "$f"; done; echo "$GRUB_CMDLINE_LINUX $GRUB_CMDLINE_LINUX_DEFAULT"')
  rm -rf "$d"
}

set_stage() {
  local img=$1 n=$2 f
  f=$(mktemp); echo "$n" > "$f"
  debugfs -w -R "rm /e2e/stage" "$img" >/dev/null 2>&1 || true
  debugfs -w -R "write $f /e2e/stage" "$img" >/dev/null 2>&1
  rm -f "$f"
  [ "$(img_cat "$img" /e2e/stage)" = "$n" ] || die "could not write /e2e/stage to $img"
}

# QEMU topology, fixed so that addresses are known: boot GPU at 00:02.0 on the root complex; a PCIe root port
# at 00:03.0 with the guest GPU at 01:00.0 and its HDA function at 01:00.1 (own IOMMU group: the port is the
# group's isolation point). -nodefaults -vga none: no device other than the ones listed.
qemu_devices() {
  local guest
  case $1 in
    # cirrus-vga (1013:00b8, DRM driver cirrus). Tried first: ati-vga; its default model rage128p (1002:5046)
    # has no KMS driver that binds, and model=rv100 (1002:5159) gets radeon, whose probe without R100_cp.bin
    # firmware stalled udev's coldplug past 180 s under TCG.
    distinct)  guest="cirrus-vga,bus=rp1,addr=0x0.0,multifunction=on" ;;
    identical) guest="secondary-vga,bus=rp1,addr=0x0.0,multifunction=on" ;;
  esac
  echo "-device VGA,bus=pcie.0,addr=0x2"
  echo "-device pcie-root-port,id=rp1,bus=pcie.0,addr=0x3,chassis=1,port=1"
  echo "-device $guest"
  echo "-device intel-hda,id=hda1,bus=rp1,addr=0x0.1"
  echo "-device hda-output,bus=hda1.0,audiodev=snd0"
  echo "-device virtio-blk-pci,drive=hd0,bus=pcie.0,addr=0x4"
}
HOST_ADDR=0000:00:02.0
GUEST_GPU=0000:01:00.0
GUEST_ADDRS="0000:01:00.0 0000:01:00.1"
GUEST_EXTRA=0000:01:00.1 # the HDA function: another vendor's, so passed with --also (see dgpu-e2e-stage)

boot() { # boot CASE IMG STAGE RUNDIR
  local case=$1 img=$2 n=$3 dir=$4 append log rc t0
  set_stage "$img" "$n"
  debugfs -R "dump /boot/initrd.img-$KVER $dir/initrd" "$img" >/dev/null 2>&1
  [ -s "$dir/initrd" ] || die "no /boot/initrd.img-$KVER in $img"
  append="$(kernel_cmdline "$img") root=/dev/vda rw console=ttyS0 init=/usr/local/sbin/dgpu-e2e-init panic=1"
  echo "$append" > "$dir/append$n"
  log=$dir/serial$n.log
  stamp "$case: boot $n: $append"
  t0=$SECONDS
  # intel-iommu without caching-mode=on, yet step 5 runs VFIO in the VM: QEMU's VT-d needs caching mode only
  # for devices that register IOMMU MAP notifiers, the vfio-pci devices of this QEMU (hw/i386/intel_iommu.c,
  # vtd_iommu_notify_flag_changed: "device %02x.%02x.%x requires caching mode"); the emulated GPU and HDA
  # translate each DMA through the VM's own page tables.
  # shellcheck disable=SC2046
  timeout --kill-after=10 "$BOOT_TIMEOUT" qemu-system-x86_64 \
    -nodefaults -vga none -display none -monitor none -no-reboot \
    -machine q35,kernel-irqchip=split -accel "$ACCEL" -cpu "$CPU" -smp 2 -m 2048 \
    -device intel-iommu,intremap=on \
    -audiodev none,id=snd0 \
    -drive file="$img",format=raw,if=none,id=hd0,cache=unsafe \
    $(qemu_devices "$case") \
    -kernel "$BASE/root/boot/vmlinuz-$KVER" -initrd "$dir/initrd" -append "$append" \
    -serial file:"$log" > "$dir/qemu$n.out" 2>&1 && rc=0 || rc=$?
  stamp "$case: boot $n: qemu exited $rc after $((SECONDS - t0))s"
  rm -rf "$dir/out$n" && mkdir -p "$dir/out$n"
  debugfs -R "rdump /e2e/out/stage$n $dir/out$n" "$img" >/dev/null 2>&1 || true
  if [ "$rc" != 0 ] || ! grep -q "<<<DGPU-E2E-DONE stage$n>>>" "$log"; then
    cat "$dir/qemu$n.out"
    fail_log "$case" "$n" "boot $n did not finish (qemu rc $rc; 124 = timeout after ${BOOT_TIMEOUT}s)"
  fi
}

FAILED=0
CUR_DIR=
fail_log() { # fail_log CASE STAGE MESSAGE: print the serial tail, then exit
  stamp "FAIL: $1 stage $2: $3"
  echo "----- serial console (tail) $CUR_DIR/serial$2.log"
  tail -n 150 "$CUR_DIR/serial$2.log" 2>/dev/null | tr -d '\r'
  echo "----- end of serial console"
  exit 1
}

# driver_of DIR STAGE ADDR: from the VM's own sysfs listing (drivers.txt: "addr driver override").
driver_of() { awk -v a="$3" '$1 == a { print $2 }' "$1/out$2/stage$2/drivers.txt"; }
rc_of() { cat "$1/out$2/stage$2/$3.rc" 2>/dev/null || echo missing; }
expect_rc0() { # DIR STAGE NAME
  [ "$(rc_of "$1" "$2" "$3")" = 0 ] || { cat "$1/out$2/stage$2/$3.txt" 2>/dev/null; fail_log "$CASE" "$2" "$3 exited $(rc_of "$1" "$2" "$3")"; }
}
ok() { stamp "  ok: $*"; }
# in_initramfs DIR STAGE: 1 when the VM's lsinitramfs listing (files.txt, save_files) has dgpu's init-top script
in_initramfs() { grep -cx 'scripts/init-top/dgpu-vfio' "$1/out$2/stage$2/files.txt" || true; }

# Step 5 (stage 2, vm-step.sh in the VM): libvirt started the domain dgpu attached the GPU to, with the GPU.
check_vm() { # DIR
  local d=$1/out2/stage2 s
  for s in libvirtd define attach vmstart; do expect_rc0 "$1" 2 $s; done
  ok "libvirtd up, domain defined, dgpu vm attach, virsh start"
  # the monitor's `info pci` blocks of the passed functions, and the QEMU process's VFIO files, for the log
  awk '/^  Bus/ { if (b ~ /id "hostdev/) printf "%s", b; b = "" } { b = b $0 "\n" } END { if (b ~ /id "hostdev/) printf "%s", b }' \
    "$d/infopci.txt" | sed 's/^/    /'
  grep -E '/dev/vfio|vfio-device' "$d/qemufds.txt" | sed 's/^/    /'
  node "$E2E/check-vm.mjs" "$d" "$(cat "$d/group.txt")" $GUEST_ADDRS || { cat "$d/vm-messages.txt"; fail_log "$CASE" 2 "step 5 check failed"; }
  ok "the VM started with the guest GPU"
  for s in destroy vmrollback; do expect_rc0 "$1" 2 $s; done
  cmp -s "$d/dom-before.txt" "$d/dom-after.txt" || { diff "$d/dom-before.txt" "$d/dom-after.txt"; fail_log "$CASE" 2 "the domain after dgpu rollback differs from before the attach"; }
  ok "virsh destroy; dgpu rollback gave the domain back as it was"
}

# ---------------------------------------------------------------- one case
run_case() {
  CASE=$1
  local dir=$CACHE/run/$CASE img root t0 a
  CUR_DIR=$dir
  rm -rf "$dir" && mkdir -p "$dir"
  img=$dir/disk.img root=$dir/root
  t0=$SECONDS
  stamp "$CASE: preparing root and disk image"
  cp -a "$BASE/root" "$root"
  cp -a "$E2E/root/." "$root/"
  # MODULES=dep: under TCG every process costs ~0.1 s and MODULES=most copies the whole driver tree, which made
  # update-initramfs run past 15 minutes; dep keeps what this machine needs plus /etc/initramfs-tools/modules.
  sed -i 's/^MODULES=.*/MODULES=dep/' "$root/etc/initramfs-tools/initramfs.conf"
  # The user libvirt runs QEMU as (Debian builds libvirt with qemu_user=libvirt-qemu), made as
  # libvirt-daemon-system's postinst makes it (uid and gid 64055, primary group kvm); that package is left
  # out of PACKAGES. libvirtd makes /var/lib/libvirt/qemu and the like itself, owned by that user.
  chroot "$root" /bin/sh -ec 'getent group kvm >/dev/null || groupadd --system kvm
    groupadd --system --gid 64055 libvirt-qemu
    useradd --system -K SYS_UID_MAX=64055 --uid 64055 --gid kvm --groups libvirt-qemu --home-dir /var/lib/libvirt --no-create-home \
      --shell /usr/sbin/nologin --comment "Libvirt Qemu" libvirt-qemu'
  install -m 0755 "$(command -v node)" "$root/usr/local/bin/node"
  mkdir -p "$root/opt/dgpu" "$root/e2e/out" && cp -a dist/. "$root/opt/dgpu/"
  local ids=""
  [ "$CASE" = distinct ] && ids="1013:00b8,8086:2668"   # cirrus-vga and intel-hda
  cat > "$root/e2e/case.conf" <<CONF
CASE=$CASE
HOST_ADDR=$HOST_ADDR
GUEST_GPU=$GUEST_GPU
GUEST_ADDRS="$GUEST_ADDRS"
GUEST_EXTRA=$GUEST_EXTRA
GUEST_IDS=$ids
MANUAL=$MANUAL
CONF
  local size=$(( $(du -sm "$root" | cut -f1) + 1024 ))
  truncate -s "${size}M" "$img"
  mkfs.ext4 -q -F -L dgpu-e2e -d "$root" "$img"
  rm -rf "$root"
  stamp "$CASE: image ${size} MiB ready in $((SECONDS - t0))s"

  # ---- boot 1: facts before, scan, apply
  boot "$CASE" "$img" 1 "$dir"
  local o1=$dir/out1/stage1
  for a in $HOST_ADDR $GUEST_ADDRS; do
    local drv; drv=$(driver_of "$dir" 1 "$a")
    [ -n "$drv" ] && [ "$drv" != none ] && [ "$drv" != vfio-pci ] || fail_log "$CASE" 1 "$a has driver '$drv' before apply (want a native one)"
    ok "before: $a driver $drv"
  done
  # IOMMU groups: the guest GPU's functions share one group with nothing else; the boot GPU is elsewhere.
  local g_gpu g_hda g_host members
  g_gpu=$(grep "/$GUEST_GPU\$" "$o1/groups.txt" | cut -d/ -f5)
  g_hda=$(grep "/${GUEST_ADDRS#* }\$" "$o1/groups.txt" | cut -d/ -f5)
  g_host=$(grep "/$HOST_ADDR\$" "$o1/groups.txt" | cut -d/ -f5)
  [ -n "$g_gpu" ] || fail_log "$CASE" 1 "no IOMMU group for $GUEST_GPU (IOMMU off?)"
  [ "$g_gpu" = "$g_hda" ] || fail_log "$CASE" 1 "guest GPU functions in groups $g_gpu and $g_hda"
  [ "$g_gpu" != "$g_host" ] || fail_log "$CASE" 1 "boot GPU shares group $g_gpu with the guest GPU"
  members=$(grep -c "^/sys/kernel/iommu_groups/$g_gpu/" "$o1/groups.txt")
  [ "$members" = 2 ] || fail_log "$CASE" 1 "group $g_gpu has $members members, want 2"
  ok "IOMMU groups: guest GPU $g_gpu (2 functions), boot GPU $g_host"
  tar -xOf "$o1/sysfs.tar" "./sys/devices/pci0000:00/$HOST_ADDR/boot_vga" | grep -qx 1 \
    || fail_log "$CASE" 1 "boot_vga of $HOST_ADDR is not 1"
  ok "boot_vga: $HOST_ADDR"
  if [ "${DGPU_E2E_SAVE_FIXTURES:-0}" = 1 ]; then # refresh test/fixtures/qemu-sysfs/<case> (see its README)
    local fx=$REPO/test/fixtures/qemu-sysfs/$CASE
    rm -rf "$fx" && mkdir -p "$fx/root" && tar -xf "$o1/sysfs.tar" -C "$fx/root"
    cp "$o1/lspci.txt" "$fx/lspci-nnk.txt"; cp "$o1/groups.txt" "$fx/iommu-groups.txt"
    cp "$o1/drivers.txt" "$fx/drivers.txt"; cp "$o1/cmdline.txt" "$fx/cmdline.txt"
    ok "saved $fx"
  fi
  if [ "$MANUAL" != 1 ]; then
    expect_rc0 "$dir" 1 scan
    node "$E2E/check-scan.mjs" "$o1/scan.txt" "$HOST_ADDR" $GUEST_ADDRS || fail_log "$CASE" 1 "scan --json check failed"
    ok "dgpu scan --json: both displays, the groups and the boot GPU"
  fi
  expect_rc0 "$dir" 1 apply
  ok "apply"
  grep -q '^update-grub' <(img_cat "$img" /var/log/dgpu-e2e-update-grub.log) || fail_log "$CASE" 1 "update-grub was not run"
  ok "update-grub was called"
  if [ "$MANUAL" != 1 ]; then # per address: the init-top script in the rebuilt initramfs; by ids: none
    local want=0; [ "$CASE" = identical ] && want=1
    [ "$(in_initramfs "$dir" 1)" = $want ] || fail_log "$CASE" 1 "scripts/init-top/dgpu-vfio in the initramfs: $(in_initramfs "$dir" 1), want $want"
    ok "initramfs: scripts/init-top/dgpu-vfio $([ $want = 1 ] && echo present || echo absent)"
  fi

  # ---- boot 2: the new command line and initramfs bind the guest GPU to vfio-pci
  boot "$CASE" "$img" 2 "$dir"
  [ "$(cat "$dir/out2/stage2/cmdline.txt")" = "$(cat "$dir/append2")" ] || fail_log "$CASE" 2 "/proc/cmdline differs from -append"
  [ "$CASE" != distinct ] || grep -q "vfio-pci.ids=" "$dir/append2" || fail_log "$CASE" 2 "no vfio-pci.ids= on the new command line"
  for a in $GUEST_ADDRS; do
    [ "$(driver_of "$dir" 2 "$a")" = vfio-pci ] || fail_log "$CASE" 2 "$a has driver '$(driver_of "$dir" 2 "$a")', want vfio-pci"
    grep -A3 "^${a#0000:} " "$dir/out2/stage2/lspci.txt" | grep -q 'Kernel driver in use: vfio-pci' \
      || fail_log "$CASE" 2 "lspci -nnk does not show vfio-pci on $a"
    ok "after apply: $a vfio-pci (sysfs and lspci -nnk)"
  done
  if [ "$CASE" = identical ]; then # per-address binding: driver_override on the guest functions only
    awk -v h=$HOST_ADDR '$1 == h && $3 != "(null)" { exit 1 }' "$dir/out2/stage2/drivers.txt" \
      || fail_log "$CASE" 2 "boot GPU $HOST_ADDR has a driver_override"
    ok "driver_override only on the guest functions"
  fi
  [ "$(driver_of "$dir" 2 $HOST_ADDR)" = "$(driver_of "$dir" 1 $HOST_ADDR)" ] \
    || fail_log "$CASE" 2 "boot GPU $HOST_ADDR has '$(driver_of "$dir" 2 $HOST_ADDR)', was '$(driver_of "$dir" 1 $HOST_ADDR)'"
  ok "after apply: boot GPU $HOST_ADDR keeps $(driver_of "$dir" 2 $HOST_ADDR)"
  expect_rc0 "$dir" 2 verify
  ok "verify"
  [ "$MANUAL" = 1 ] || check_vm "$dir"
  expect_rc0 "$dir" 2 rollback
  ok "rollback"

  # ---- boot 3: original drivers back
  boot "$CASE" "$img" 3 "$dir"
  for a in $HOST_ADDR $GUEST_ADDRS; do
    [ "$(driver_of "$dir" 3 "$a")" = "$(driver_of "$dir" 1 "$a")" ] \
      || fail_log "$CASE" 3 "$a has '$(driver_of "$dir" 3 "$a")' after rollback, had '$(driver_of "$dir" 1 "$a")'"
    ok "after rollback: $a $(driver_of "$dir" 3 "$a")"
  done
  [ "$(cat "$dir/append3")" = "$(cat "$dir/append1")" ] || fail_log "$CASE" 3 "command line after rollback differs from the original"
  ok "command line restored"
  [ "$(in_initramfs "$dir" 3)" = 0 ] || fail_log "$CASE" 3 "scripts/init-top/dgpu-vfio still in the initramfs after rollback"
  ok "initramfs: no scripts/init-top/dgpu-vfio"
  stamp "$CASE: passed in $((SECONDS - t0))s"
}

stamp "kernel $KVER, accel $ACCEL, manual=$MANUAL, cases: $CASES"
for c in $CASES; do
  case $c in distinct|identical) run_case "$c" ;; *) die "unknown case $c" ;; esac
done
stamp "all e2e cases passed in $((SECONDS - T_START))s"
