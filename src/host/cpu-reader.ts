// What /proc/cpuinfo and /dev/kvm say about the CPU: its vendor, and whether hardware virtualization is on.
// The kernel clears the vmx/svm flag when the firmware has VT-x/AMD-V off (arch/x86/kernel/cpu/feat_ctl.c
// clears X86_FEATURE_VMX when IA32_FEAT_CTL locks VMX off; "Virtualization" in `lscpu` reads the same flag, as
// DarwinKVM's BIOS Configuration page checks it).
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Host } from '../core/host.js';
import { readHead } from './read-file.js';

// The first processor's block holds both lines; its flags line runs to ~1.5 kB on current CPUs.
const HEAD_BYTES = 16384;

export interface CpuFacts {
  cpuVendor: Host['cpuVendor'];
  cpuVirtualization: Host['cpuVirtualization'];
  kvmDevice: Host['kvmDevice'];
}

export function readCpu(root: string): CpuFacts {
  const head = readHead(join(root, 'proc/cpuinfo'), HEAD_BYTES) ?? '';
  const vendorId = /^vendor_id\s*:\s*(\S+)/m.exec(head)?.[1];
  const cpuVendor = vendorId === 'GenuineIntel' ? 'intel' : vendorId === 'AuthenticAMD' ? 'amd' : null;
  return { cpuVendor, cpuVirtualization: virtualizationFlag(head), kvmDevice: kvmDevice(root) };
}

/** `vmx`/`svm` from the first x86 `flags` line; `none` when it has neither; null without one. */
export function virtualizationFlag(cpuinfo: string): Host['cpuVirtualization'] {
  const flags = /^flags\s*:(.*)$/m.exec(cpuinfo)?.[1];
  if (flags === undefined) return null;
  const set = new Set(flags.trim().split(/\s+/));
  return set.has('vmx') ? 'vmx' : set.has('svm') ? 'svm' : 'none';
}

/** /dev/kvm is a device node of the running system: a copied or fake root cannot say, so only `/` is asked. */
function kvmDevice(root: string): boolean | null {
  return resolve(root) === '/' ? existsSync('/dev/kvm') : null;
}
