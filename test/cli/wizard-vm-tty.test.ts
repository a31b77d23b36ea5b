// `dgpu setup` run again after the reboot, in a real pseudo-terminal (tmux): the host plan is empty and verify
// passes, so the wizard goes straight to step 4, lists the domains, takes the USB input choice, shows the XML diff
// and defines the domain, exactly as `dgpu vm attach` would; `dgpu rollback ID` puts the old definition back.
// libvirt is test/support/fake-virsh.sh (selected with DGPU_VIRSH, `define --validate` runs virt-xml-validate),
// with `list --all --name` added by a wrapper here.
import { execFileSync } from 'node:child_process';
import { chmodSync, cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { EXAMPLE_HOST } from '../support/example-host.js';
import { makeSysroot } from '../support/sysroot.js';
import { hasTmux, openPane } from '../support/tmux.js';
import { tree } from '../support/tree.js';
import { BIN } from '../support/cli.js';

const FAKE_VIRSH = resolve('test/support/fake-virsh.sh');
const DOMAIN = readFileSync('test/fixtures/vm/libvirt-macos-02-ashtonian-kvm-aio-gpu-hostdev-in.xml', 'utf8');
const GUEST = new Set(['0000:03:00.0', '0000:03:00.1']);

function temp(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** The example host after `dgpu apply` and a reboot: vfio-pci holds the guest GPU, the new cmdline is live. */
function rebootedHost(): string {
  const { root, cleanup } = makeSysroot({
    ...EXAMPLE_HOST,
    devices: EXAMPLE_HOST.devices.map((d) => (GUEST.has(d.address) ? { ...d, driver: 'vfio-pci' } : d)),
  });
  onTestFinished(cleanup);
  execFileSync('node', [BIN, 'apply', '--gpu', '03:00.0', '--yes', '--root', root], { stdio: 'pipe' });
  const grub = readFileSync(join(root, 'etc/default/grub'), 'utf8');
  const params = /^GRUB_CMDLINE_LINUX_DEFAULT="([^"]*)"$/m.exec(grub)![1]!;
  writeFileSync(join(root, 'proc/cmdline'), `BOOT_IMAGE=/boot/vmlinuz-6.1.0-18-amd64 root=UUID=4f3c2a1e ro ${params}\n`);
  mkdirSync(join(root, 'dev/vfio'), { recursive: true });
  for (const g of ['12', '13', 'vfio']) writeFileSync(join(root, 'dev/vfio', g), '');
  rmSync(join(root, 'var'), { recursive: true }); // a fresh journal: the wizard's transaction is the only one
  return root;
}

/** fake-virsh.sh plus `list --all --name` (the domains are its folder's *.xml). */
function virshWithList(dir: string): string {
  const bin = join(dir, 'virsh');
  writeFileSync(bin, `#!/bin/bash
if [ "$3" = list ]; then for f in "$FAKE_VIRSH_DIR"/*.xml; do [ -e "$f" ] && basename "$f" .xml; done; echo; exit 0; fi
exec ${FAKE_VIRSH} "$@"
`);
  chmodSync(bin, 0o755);
  return bin;
}

describe.skipIf(!hasTmux())('dgpu setup after the reboot (tmux)', () => {
  it('goes straight to the VM and defines it as `dgpu vm attach` does; rollback restores it', async () => {
    const root = rebootedHost();
    const byCli = temp('dgpu-wizard-cli-');
    cpSync(root, byCli, { recursive: true, verbatimSymlinks: true });
    const verify = execFileSync('node', [BIN, 'verify', '--gpu', '03:00.0', '--root', root], { encoding: 'utf8' });
    expect(verify).toMatch(/checks passed/); // the precondition: a host as after the reboot

    const bin = virshWithList(temp('dgpu-wizard-bin-'));
    const virshDir = temp('dgpu-wizard-virsh-');
    const cliVirshDir = temp('dgpu-wizard-virsh-cli-');
    for (const d of [virshDir, cliVirshDir]) writeFileSync(join(d, 'macOS.xml'), DOMAIN);

    const pane = openPane(`node ${BIN} setup --root ${root} --connect qemu:///system`, { env: { DGPU_VIRSH: bin, FAKE_VIRSH_DIR: virshDir } });
    onTestFinished(() => pane.close());
    await pane.waitFor(/Which GPU goes to the guest\?[\s\S]*↑\/↓/);
    pane.send('Enter');
    await pane.waitFor('the host is already set up for 03:00.0: nothing to change');
    const vmScreen = await pane.waitFor(/Which VM gets the GPU\?[\s\S]*↑\/↓/);
    expect(vmScreen).toMatch(/● macOS[\s\S]*○ skip/);
    pane.send('Enter');
    await pane.waitFor(/Keyboard and mouse for the guest\?[\s\S]*↑\/↓/);
    pane.send('Down', 'Enter'); // evdev → usb
    await pane.waitFor(/Which USB controllers go to the guest\?[\s\S]*05:00\.0/);
    pane.send('Enter');
    const diff = await pane.waitFor(/Define 'macOS' with these changes\?/);
    expect(diff).toContain('+++ b/domain/macOS.xml');
    pane.send('y');
    expect(await pane.exitCode()).toBe(0);
    const screen = pane.screen();
    if (process.env.SHOW_SCREEN) console.log(screen);
    const id = /defined 'macOS' \(transaction (\S+)\)/.exec(screen)?.[1];
    expect(id, screen).toBeDefined();
    expect(screen).toContain(`dgpu rollback ${id} --root ${root}`);
    expect(screen).toContain(`dgpu vm attach macOS --gpu 03:00.0 --input usb --also 05:00.0 --yes --root ${root}`);

    const env = { ...process.env, DGPU_VIRSH: bin };
    execFileSync('node', [BIN, 'vm', 'attach', 'macOS', '--gpu', '03:00.0', '--input', 'usb', '--also', '05:00.0', '--yes', '--root', byCli],
      { env: { ...env, FAKE_VIRSH_DIR: cliVirshDir }, stdio: 'pipe' });
    const defined = readFileSync(join(virshDir, 'macOS.xml'), 'utf8');
    expect(defined).not.toBe(DOMAIN);
    expect(defined).toBe(readFileSync(join(cliVirshDir, 'macOS.xml'), 'utf8'));
    expect(tree(root, ['var/lib/dgpu'])).toEqual(tree(byCli, ['var/lib/dgpu']));
    expect(readdirSync(join(root, 'var/lib/dgpu/transactions'))).toEqual([id]);

    execFileSync('node', [BIN, 'rollback', id!, '--root', root], { env: { ...env, FAKE_VIRSH_DIR: virshDir }, stdio: 'pipe' });
    expect(readFileSync(join(virshDir, 'macOS.xml'), 'utf8')).toBe(DOMAIN);
  });
});
