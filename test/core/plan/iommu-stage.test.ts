// Issue 10, item 1: a host whose IOMMU is still off. The first stage turns it on on the command line (and takes
// out what keeps it off), a reboot later the GPU is planned; when the command line already asks for it, the
// firmware has it off and dgpu names the setting. The CLI and the wizard take the same path.
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openContext } from '../../../src/app/context.js';
import { runWizard } from '../../../src/cli/wizard/conversation.js';
import { plainUi } from '../../../src/cli/wizard/plain-ui.js';
import { appSteps } from '../../../src/cli/wizard/steps.js';
import { dgpu } from '../../support/cli.js';
import { exampleRoot, HOST_BRIDGE, IGPU, navi21, ROOT_PORT, treesForThisFile } from './support.js';

const { root, cleanups } = treesForThisFile();

/** examples/host (Intel, Debian GRUB) with no IOMMU groups, and the command lines given. */
function intelOff(grubDefault: string, procCmdline: string): string {
  const ex = exampleRoot();
  cleanups.push(ex.cleanup);
  const r = ex.root;
  rmSync(join(r, 'sys/kernel/iommu_groups'), { recursive: true, force: true });
  for (const link of execFileSync('find', [join(r, 'sys/devices'), '-name', 'iommu_group'], { encoding: 'utf8' }).split('\n').filter(Boolean)) rmSync(link);
  const grub = join(r, 'etc/default/grub');
  writeFileSync(grub, readFileSync(grub, 'utf8').replace('GRUB_CMDLINE_LINUX_DEFAULT="quiet intel_iommu=on"', `GRUB_CMDLINE_LINUX_DEFAULT="${grubDefault}"`));
  writeFileSync(join(r, 'proc/cmdline'), `${procCmdline}\n`);
  return r;
}

const grubOf = (r: string) => readFileSync(join(r, 'etc/default/grub'), 'utf8');

describe('the IOMMU is off', () => {
  it('Intel: stage 1 puts intel_iommu=on iommu=pt on the command line, nothing else; after the reboot the firmware is named', () => {
    const r = intelOff('quiet', 'BOOT_IMAGE=/vmlinuz root=/dev/sda1 ro quiet');
    const plan = dgpu(['plan', '--gpu', '03:00.0', '--root', r, '--json']);
    expect(plan.status, plan.stderr).toBe(0);
    const json = JSON.parse(plan.stdout);
    expect(json.stage).toBe('iommu');
    expect(json.changes.map((c: { path: string }) => c.path)).toEqual(['/etc/default/grub']);
    expect(json.commands.map((c: { argv: string[] }) => c.argv.join(' '))).toEqual(['update-grub']);
    expect(json.warnings[0]).toMatch(/^stage 1 of 2: the IOMMU is off/);

    const apply = dgpu(['apply', '--gpu', '03:00.0', '--root', r, '--yes']);
    expect(apply.status, apply.stderr).toBe(0);
    expect(apply.stdout).toContain(`reboot, then \`dgpu apply --gpu 03:00.0 --root ${r}\` again`);
    expect(grubOf(r)).toContain('GRUB_CMDLINE_LINUX_DEFAULT="quiet intel_iommu=on iommu=pt"');
    // bash, sourcing the file as grub-mkconfig does, sees the parameters
    const sourced = execFileSync('env', ['-i', 'bash', '--noprofile', '--norc', '-c', '. ./grub; echo "$GRUB_CMDLINE_LINUX_DEFAULT"'], { cwd: join(r, 'etc/default'), encoding: 'utf8' });
    expect(sourced).toBe('quiet intel_iommu=on iommu=pt\n');

    // the reboot: the kernel got the parameters, and still no groups: the firmware has VT-d off
    writeFileSync(join(r, 'proc/cmdline'), 'BOOT_IMAGE=/vmlinuz root=/dev/sda1 ro quiet intel_iommu=on iommu=pt\n');
    const after = dgpu(['plan', '--gpu', '03:00.0', '--root', r]);
    expect(after.status).toBe(3);
    expect(after.stderr).toContain('the IOMMU is off in the firmware');
    expect(after.stderr).toMatch(/hint: turn on VT-d \(and VT-x\) in the firmware setup \(DarwinKVM guide, "BIOS Configuration"/);
    const scan = JSON.parse(dgpu(['scan', '--root', r, '--json']).stdout);
    expect(scan.findings.map((f: { code: string }) => f.code)).toContain('iommu-firmware-off');
  });

  it('a command line that turns it off: stage 1 takes intel_iommu=off out, and says so', () => {
    const r = intelOff('quiet intel_iommu=off', 'BOOT_IMAGE=/vmlinuz ro quiet intel_iommu=off');
    const plan = dgpu(['plan', '--gpu', '03:00.0', '--root', r]);
    expect(plan.status, plan.stderr).toBe(0);
    expect(plan.stderr).toMatch(/intel_iommu=off kept the IOMMU off; dgpu takes it out/);
    expect(plan.stdout).toContain('+GRUB_CMDLINE_LINUX_DEFAULT="quiet intel_iommu=on iommu=pt"');
  });

  it('AMD: no amd_iommu=off and no groups is the firmware (exit 3, the AMD setting named)', () => {
    const r = root({
      devices: [HOST_BRIDGE, ROOT_PORT, IGPU, ...navi21('0a', 10)].map((d) => ({ ...d, group: null })),
      cpuVendor: 'AuthenticAMD', cmdline: 'BOOT_IMAGE=/vmlinuz ro quiet',
      files: { 'etc/default/grub': 'GRUB_CMDLINE_LINUX_DEFAULT="quiet"\n', 'etc/initramfs-tools/initramfs.conf': '' },
    });
    rmSync(join(r, 'sys/kernel/iommu_groups'), { recursive: true, force: true });
    const plan = dgpu(['plan', '--gpu', '0a:00.0', '--root', r]);
    expect(plan.status).toBe(3);
    expect(plan.stderr).toMatch(/turn on IOMMU \(AMD-Vi, and SVM Mode\)/);
  });

  it('the wizard takes the same first stage and sends the user back after the reboot', async () => {
    const r = intelOff('quiet', 'BOOT_IMAGE=/vmlinuz ro quiet');
    const lines: string[] = [];
    const sink = { write: (s: string) => (lines.push(s), true) };
    const ctx = await openContext(r);
    const outcome = await runWizard(plainUi(sink as never), appSteps(ctx, 'test:///default'), { rootArg: r, dryRun: true, connect: 'test:///default' });
    ctx.close();
    const text = lines.join('');
    expect(outcome.exitCode).toBe(0);
    expect(text).toContain('2/5  Turn the IOMMU on');
    expect(text).toContain('+GRUB_CMDLINE_LINUX_DEFAULT="quiet intel_iommu=on iommu=pt"');
    expect(text).toContain(`next: reboot, then run \`dgpu setup --root ${r}\` again`);
  });
});
