// The bundled example host (examples/host, `npm start`): a DarwinKVM dual-GPU desktop. The host keeps the
// Alder Lake iGPU it boots on; the guest gets an RX 6800 XT (Navi 21, natively supported by macOS 11+).
// Topology, ids, revisions and group layout follow a real Z690 / i9-12900KS host
// (test/fixtures/real-hosts/host-05, ashtonian/KVM-AIO): CPU root ports and the Navi switch ports each in their
// own group, the PCH xHCI sharing its group with the shared-SRAM function, LPC/audio/SMBus/SPI together.
// Regenerate with `npm run make-example`; test/host/example-host.test.ts checks the committed tree matches.
import { readFileSync } from 'node:fs';
import type { FakeDevice, FakeHostSpec } from './sysroot.js';

const KERNEL = '6.1.0-18-amd64';
const ASUS = { subsystemVendor: '1043', subsystemDevice: '8694' };

const pch = (slotFn: string, device: string, cls: string, group: number, driver: string | null, extra: Partial<FakeDevice> = {}): FakeDevice => ({
  address: `0000:00:${slotFn}`, vendor: '8086', device, class: cls, revision: '11', ...ASUS, driver, group, ...extra,
});

const devices: FakeDevice[] = [
  { address: '0000:00:00.0', vendor: '8086', device: '4660', class: '060000', revision: '02', ...ASUS, driver: null, group: 0 },
  { address: '0000:00:01.0', vendor: '8086', device: '460d', class: '060400', revision: '02', driver: 'pcieport', group: 1 },
  { address: '0000:00:02.0', vendor: '8086', device: '4680', class: '030000', revision: '0c', ...ASUS, driver: 'i915', group: 2, bootVga: true },
  pch('14.0', '7ae0', '0c0330', 3, 'xhci_hcd'),
  pch('14.2', '7aa7', '050000', 3, null),
  pch('16.0', '7ae8', '078000', 4, 'mei_me'),
  pch('17.0', '7ae2', '010601', 5, 'ahci'),
  pch('1a.0', '7ac8', '060400', 6, 'pcieport', { subsystemVendor: undefined, subsystemDevice: undefined }),
  pch('1c.0', '7ab8', '060400', 7, 'pcieport', { subsystemVendor: undefined, subsystemDevice: undefined }),
  pch('1c.2', '7aba', '060400', 8, 'pcieport', { subsystemVendor: undefined, subsystemDevice: undefined }),
  pch('1f.0', '7a84', '060100', 9, null),
  pch('1f.3', '7ad0', '040300', 9, 'snd_hda_intel'),
  pch('1f.4', '7aa3', '0c0500', 9, 'i801_smbus'),
  pch('1f.5', '7aa4', '0c8000', 9, 'intel-spi'),
  // Sapphire NITRO+ RX 6800 XT behind the card's own PCIe switch (upstream 1478, downstream 1479)
  { address: '0000:01:00.0', vendor: '1002', device: '1478', class: '060400', revision: 'c1', driver: 'pcieport', group: 10, parent: '0000:00:01.0' },
  { address: '0000:02:00.0', vendor: '1002', device: '1479', class: '060400', revision: '00', driver: 'pcieport', group: 11, parent: '0000:01:00.0' },
  { address: '0000:03:00.0', vendor: '1002', device: '73bf', class: '030000', revision: 'c1', subsystemVendor: '1da2', subsystemDevice: '438e', driver: 'amdgpu', group: 12, bootVga: false, parent: '0000:02:00.0' },
  { address: '0000:03:00.1', vendor: '1002', device: 'ab28', class: '040300', revision: '00', subsystemVendor: '1002', subsystemDevice: 'ab28', driver: 'snd_hda_intel', group: 13, parent: '0000:02:00.0' },
  { address: '0000:04:00.0', vendor: '144d', device: 'a80a', class: '010802', revision: '00', subsystemVendor: '144d', subsystemDevice: 'a801', driver: 'nvme', group: 14, parent: '0000:00:1a.0' },
  // ASMedia ASM2142 add-in USB card: its own group, nothing plugged in (the one to give the guest)
  { address: '0000:05:00.0', vendor: '1b21', device: '2142', class: '0c0330', revision: '00', subsystemVendor: '1043', subsystemDevice: '8756', driver: 'xhci_hcd', group: 15, parent: '0000:00:1c.0' },
  { address: '0000:06:00.0', vendor: '8086', device: '15f3', class: '020000', revision: '03', ...ASUS, driver: 'igc', group: 16, parent: '0000:00:1c.2' },
];

// Real kernel 6.1 modules.alias lines (format: scripts/mod/file2alias.c) for the drivers that matter here.
const MODULES_ALIAS = `# Aliases extracted from modules themselves.
alias pci:v00008086d00004680sv*sd*bc03sc*i* i915
alias pci:v00001002d000073BFsv*sd*bc*sc*i* amdgpu
alias pci:v00001002d*sv*sd*bc03sc*i* amdgpu
alias pci:v00001002d0000AB28sv*sd*bc*sc*i* snd_hda_intel
alias pci:v00001002d*sv*sd*bc04sc03i00* snd_hda_intel
alias pci:v00008086d00007AD0sv*sd*bc*sc*i* snd_hda_intel
alias pci:v*d*sv*sd*bc0Csc03i30* xhci_pci
alias pci:v00001B21d00002142sv*sd*bc*sc*i* xhci_pci
alias pci:v*d*sv*sd*bc01sc08i02* nvme
alias pci:v*d*sv*sd*bc01sc06i01* ahci
alias pci:v00008086d00007AE8sv*sd*bc*sc*i* mei_me
alias pci:v00008086d00007AA3sv*sd*bc*sc*i* i2c_i801
alias pci:v00008086d00007AA4sv*sd*bc*sc*i* spi_intel_pci
alias pci:v00008086d000015F3sv*sd*bc*sc*i* igc
alias vfio_pci:v*d*sv*sd*bc*sc*i* vfio_pci
`;

const MODULES_BUILTIN = `kernel/arch/x86/crypto/crc32c-intel.ko
kernel/drivers/base/firmware_loader/firmware_class.ko
kernel/drivers/char/hw_random/rng-core.ko
kernel/drivers/pci/hotplug/acpiphp.ko
kernel/drivers/usb/common/usb-common.ko
kernel/drivers/video/fbdev/core/fb_sys_fops.ko
`;

// Debian 12's stock /etc/default/grub, with the IOMMU turned on (the guide's prerequisite).
const DEFAULT_GRUB = `# If you change this file, run 'update-grub' afterwards to update
# /boot/grub/grub.cfg.
# For full documentation of the options in this file, see:
#   info -f grub -n 'Simple configuration'

GRUB_DEFAULT=0
GRUB_TIMEOUT=5
GRUB_DISTRIBUTOR=\`lsb_release -i -s 2> /dev/null || echo Debian\`
GRUB_CMDLINE_LINUX_DEFAULT="quiet intel_iommu=on"
GRUB_CMDLINE_LINUX=""

# If your computer has multiple operating systems installed, then you
# probably want to run os-prober. However, if your computer is a host
# for guest OSes installed via LVM or raw disk devices, running
# os-prober can cause damage to those guest OSes as it mounts
# filesystems to look for things.
#GRUB_DISABLE_OS_PROBER=false

# Uncomment to enable BadRAM filtering, modify to suit your needs
# This works with Linux (no patch required) and with any kernel that obtains
# the memory map information from GRUB (GNU Mach, kernel of FreeBSD ...)
#GRUB_BADRAM="0x01234567,0xfefefefe,0x89abcdef,0xefefefef"

# Uncomment to disable graphical terminal
#GRUB_TERMINAL=console

# The resolution used on graphical terminal
# note that you can use only modes which your graphic card supports via VBE
# you can see them in real GRUB with the command \`vbeinfo'
#GRUB_GFXMODE=640x480

# Uncomment if you don't want GRUB to pass "root=UUID=xxx" parameter to Linux
#GRUB_DISABLE_LINUX_UUID=true

# Uncomment to disable generation of recovery mode menu entries
#GRUB_DISABLE_RECOVERY="true"

# Uncomment to get a beep at grub start
#GRUB_INIT_TUNE="480 440 1"
`;

const GRUB_CFG = `#
# DO NOT EDIT THIS FILE
#
# It is automatically generated by grub-mkconfig using templates
# from /etc/grub.d and settings from /etc/default/grub
#
`;

// initramfs-tools 0.142 (Debian 12) stock files.
const INITRAMFS_CONF = `#
# initramfs.conf
# Configuration file for mkinitramfs(8). See initramfs.conf(5).
#
# Note that configuration options from this file can be overridden
# by config files in the /etc/initramfs-tools/conf.d directory.

MODULES=most
BUSYBOX=auto
KEYMAP=n
COMPRESS=zstd
DEVICE=
NFSROOT=auto
RUNSIZE=10%
FSTYPE=auto
`;

/** Debian 12's stock /etc/initramfs-tools/modules. */
export const INITRAMFS_MODULES = `# List of modules that you want to include in your initramfs.
# They will be loaded at boot time in the order below.
#
# Syntax:  module_name [args ...]
#
# You must run update-initramfs(8) to effect this change.
#
# Examples:
#
# raid1
# sd_mod
`;

const OS_RELEASE = `PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"
NAME="Debian GNU/Linux"
VERSION_ID="12"
VERSION="12 (bookworm)"
VERSION_CODENAME=bookworm
ID=debian
HOME_URL="https://www.debian.org/"
SUPPORT_URL="https://www.debian.org/support"
BUG_REPORT_URL="https://bugs.debian.org/"
`;

export const EXAMPLE_HOST: FakeHostSpec = {
  devices,
  cmdline: `BOOT_IMAGE=/boot/vmlinuz-${KERNEL} root=UUID=4f3c2a1e-8d7b-4e2a-9c1f-0a5b6d7e8f90 ro quiet intel_iommu=on`,
  cpuVendor: 'GenuineIntel',
  kernel: KERNEL,
  modulesAlias: MODULES_ALIAS,
  modulesBuiltin: MODULES_BUILTIN,
  osRelease: OS_RELEASE,
  files: {
    'etc/default/grub': DEFAULT_GRUB,
    'boot/grub/grub.cfg': GRUB_CFG,
    'etc/initramfs-tools/initramfs.conf': INITRAMFS_CONF,
    'etc/initramfs-tools/modules': INITRAMFS_MODULES,
    // A Debian host has one, and the reader takes the root's before the running system's: names stay the same
    // on every machine. Cut from pci.ids 2023.04.10 for these functions (test/fixtures/pci-ids/README.md).
    'usr/share/misc/pci.ids': readFileSync('test/fixtures/pci-ids/example-host.ids', 'utf8'),
  },
  usbBuses: [
    { controller: '0000:00:14.0', bus: 1 },
    { controller: '0000:00:14.0', bus: 2 },
    { controller: '0000:05:00.0', bus: 3 },
    { controller: '0000:05:00.0', bus: 4 },
  ],
  usb: [
    { controller: '0000:00:14.0', port: '1-3', vendor: '046d', product: 'c31c', manufacturerName: 'Logitech', productName: 'USB Keyboard', hidProtocols: [1] },
    { controller: '0000:00:14.0', port: '1-4', vendor: '046d', product: 'c092', manufacturerName: 'Logitech', productName: 'G203 LIGHTSYNC Gaming Mouse', hidProtocols: [2] },
  ],
};
