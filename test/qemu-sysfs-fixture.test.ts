// The q35 sysfs copy from the e2e VM (test/fixtures/qemu-sysfs) must stay what the kernel showed: lspci, reading
// the copy through its sysfs back end, prints the VM's own `lspci -nnk` (ids, classes, names, drivers).
// `Kernel modules:` lines are dropped: lspci takes them from the reading machine's modules.alias.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const base = join(import.meta.dirname, 'fixtures', 'qemu-sysfs');
const cases = readdirSync(base).filter((c) => existsSync(join(base, c, 'root')));
const noModules = (s: string) => s.split('\n').filter((l) => !l.includes('Kernel modules:')).join('\n').trim();

describe('qemu-sysfs fixture', () => {
  it('has at least one case', () => expect(cases.length).toBeGreaterThan(0));
  for (const c of cases) {
    it(`${c}: lspci over the copy matches lspci -nnk in the VM`, () => {
      const out = execFileSync('lspci', ['-A', 'linux-sysfs', '-O', `sysfs.path=${join(base, c, 'root/sys/bus/pci')}`, '-nnk'],
        { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
      expect(noModules(out)).toBe(noModules(readFileSync(join(base, c, 'lspci-nnk.txt'), 'utf8')));
    });
  }
});
