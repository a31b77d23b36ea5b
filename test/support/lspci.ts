// lspci (pciutils) as an oracle over a sysroot, with its name databases pinned so that no test reads the names
// of the machine it runs on: pci.ids from test/fixtures/pci-ids (`-i`, lspci(8)) and udev's hwdb off
// (`-O hwdb.disable=1`, pciutils lib/names-hwdb.c). `Kernel modules:` lines still come from the reading
// machine's modules.alias (pciutils ls-kernel.c asks libkmod for the running kernel's), so `withoutModules`
// drops them where output is compared with another machine's.
import { execFileSync, spawnSync } from 'node:child_process';

export const hasLspci = spawnSync('lspci', ['--version']).status === 0;

/** Lines of pci.ids 2023.04.10 (test/fixtures/pci-ids/README.md). */
export const PCI_IDS = { excerpt: 'test/fixtures/pci-ids/excerpt.ids', q35: 'test/fixtures/pci-ids/qemu-q35.ids' } as const;

/** The arguments that make lspci read `root`'s sysfs, naming from `pciIds` only. */
export function sysfsArgs(root: string, pciIds: string = PCI_IDS.excerpt): string[] {
  return ['-i', pciIds, '-O', 'hwdb.disable=1', '-A', 'linux-sysfs', '-O', `sysfs.path=${root}/sys/bus/pci`];
}

/** lspci's output over `root`'s sysfs (stderr, e.g. libkmod's complaints, is dropped). */
export function lspciOver(root: string, args: string[], pciIds?: string): string {
  return execFileSync('lspci', [...sysfsArgs(root, pciIds), ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
}

export function withoutModules(lspciK: string): string {
  return lspciK.split('\n').filter((l) => !l.startsWith('\tKernel modules:')).join('\n').trim();
}
