// Runs an initramfs script with real dash against a fake sysfs: a private mount namespace (`unshare -m`, as
// root) with a temp tree bind-mounted over /sys, so the script runs exactly as dgpu writes it, with no
// test-only switch inside. `modprobe` is a stand-in on PATH that records its arguments.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface FakePci {
  address: string;
  /** Driver bound now (a `driver` link into /sys/bus/pci/drivers/<name>); undefined: none. */
  driver?: string;
}

export interface FakeSysfs {
  dir: string;
  override: (address: string) => string;
  probed: () => string[];
  modprobeCalls: () => string[];
  cleanup: () => void;
}

/** `vfioLoaded`: /sys/bus/pci/drivers/vfio-pci exists (built in, or the module already loaded). */
export function fakeSysfs(devices: FakePci[], vfioLoaded: boolean): FakeSysfs {
  const dir = mkdtempSync(join(tmpdir(), 'dgpu-fakesys-'));
  const sys = join(dir, 'sys');
  const bus = join(sys, 'bus/pci');
  mkdirSync(join(bus, 'drivers'), { recursive: true });
  writeFileSync(join(bus, 'drivers_probe'), '');
  if (vfioLoaded) mkdirSync(join(bus, 'drivers/vfio-pci'));
  for (const d of devices) {
    const dev = join(bus, 'devices', d.address);
    mkdirSync(dev, { recursive: true });
    writeFileSync(join(dev, 'driver_override'), '(null)\n');
    if (d.driver) {
      mkdirSync(join(bus, 'drivers', d.driver), { recursive: true });
      symlinkSync(join('/sys/bus/pci/drivers', d.driver), join(dev, 'driver'));
      symlinkSync(join('/sys/bus/pci/devices', d.address), join(bus, 'drivers', d.driver, d.address));
    }
  }
  mkdirSync(join(dir, 'bin'));
  writeFileSync(join(dir, 'bin/modprobe'), `#!/bin/sh\necho "$*" >> ${dir}/modprobe.log\n`, { mode: 0o755 });
  const lines = (p: string) => (existsSync(p) ? readFileSync(p, 'utf8').split('\n').filter((l) => l !== '') : []);
  return {
    dir,
    override: (a) => readFileSync(join(bus, 'devices', a, 'driver_override'), 'utf8'),
    probed: () => lines(join(bus, 'drivers_probe')),
    modprobeCalls: () => lines(join(dir, 'modprobe.log')),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** Runs `dash -c <shell>` with the fake tree mounted on /sys; `$SCRIPT` is the file written from `text`. */
export function runOnFakeSysfs(fake: FakeSysfs, text: string, shell: string): { status: number | null; stdout: string; stderr: string } {
  const script = join(fake.dir, 'script');
  writeFileSync(script, text, { mode: 0o755 });
  const inner = `mount --bind '${fake.dir}/sys' /sys && PATH='${fake.dir}/bin':/usr/bin:/bin SCRIPT='${script}' exec dash -c '${shell}'`;
  const r = spawnSync('unshare', ['-m', '--propagation', 'private', 'sh', '-c', inner], { encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}
