// `virsh list --all --name`: the domains the wizard offers (step 4). Same binary rule as virsh.ts
// (DGPU_VIRSH points tests at a stand-in), argv array, never a shell string.
import { execFile } from 'node:child_process';
import { EnvironmentError } from '../core/errors.js';

export function listDomainNames(uri: string): Promise<string[]> {
  const bin = process.env.DGPU_VIRSH ?? 'virsh';
  return new Promise((resolve, reject) => {
    execFile(bin, ['-c', uri, 'list', '--all', '--name'], { encoding: 'utf8' }, (err, stdout, stderr) => {
      if (err && (err as NodeJS.ErrnoException).code === 'ENOENT') {
        reject(new EnvironmentError('virsh is not installed', 'install libvirt-clients (Debian/Ubuntu) or libvirt (Arch, Fedora)'));
      } else if (err) {
        const line = stderr.split('\n').find((l) => l.trim() !== '') ?? err.message;
        reject(new EnvironmentError(`virsh -c ${uri} list: ${line.replace(/^error:\s*/, '')}`, 'check that libvirtd is running and that you may use this connection'));
      } else {
        // one name per line, then an empty line (virsh(1) --name)
        resolve(stdout.split('\n').map((l) => l.trim()).filter((l) => l !== ''));
      }
    });
  });
}
