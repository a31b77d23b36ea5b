import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { dgpu } from '../support/cli.js';
import { PLAN, scanFromFixture } from '../support/report-scan.js';

describe('dgpu report (binary)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dgpu-report-cli-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const scanFile = join(dir, 'scan.json');
  writeFileSync(scanFile, JSON.stringify(scanFromFixture('host-16')));
  const planFile = join(dir, 'plan.json');
  writeFileSync(planFile, JSON.stringify(PLAN));

  it('writes the page from a scan JSON and a plan', () => {
    const outFile = join(dir, 'r.html');
    const r = dgpu(['report', '--scan', scanFile, '--plan', planFile, '--out', outFile]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toBe(outFile);
    const html = readFileSync(outFile, 'utf8');
    expect(html).toContain('<g class="m guest" data-address="0000:26:00.0">');
    expect(html).toContain('Maxwell: macOS 10.10 – 10.13.6; needs NVIDIA Web Drivers');
    expect(html).toContain('update-initramfs -u -k all');
  });

  it('reads the host itself: --root (directory or snapshot) and --from give the same guest as scan', () => {
    const snap = join(dir, 'host.tar.gz');
    expect(dgpu(['snapshot', snap, '--root', 'examples/host']).status).toBe(0);
    for (const args of [['--root', 'examples/host'], ['--root', snap]]) {
      const r = dgpu(['report', ...args, '--out', '-']);
      expect(r.status).toBe(0);
      expect(r.stdout).toContain('<g class="m guest" data-address="0000:03:00.0">');
      expect(r.stdout).toContain('Navi 21: macOS 11 – 26');
    }
    const fromDump = dgpu(['report', '--from', 'test/fixtures/real-hosts/host-15-amd-b550m-mortar-rtx2070s-turing-gt710-chipset-group.txt', '--out', '-']);
    expect(fromDump.status).toBe(0);
    expect(fromDump.stdout).toContain('<g class="m guest" data-address="0000:2b:00.0">');
  });

  it('prints to stdout with --out - and honours --gpu', () => {
    const r = dgpu(['report', '--scan', scanFile, '--gpu', '25:00.0', '--out', '-']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('<g class="m guest" data-address="0000:25:00.0">');
    expect(r.stdout).toContain('TeraScale 2 (HD 6000): macOS 10.6.7 – 10.13.6'); // DarwinKVM's AMD chart, HD 6450 row
    expect(r.stdout).toContain('id="no-plan"');
  });

  it.each([
    [['report', '--scan', '/no/such/file'], /cannot read scan/],
    [['report', '--scan', planFile], /not a schema-1 scan/],
    [['report', '--scan', scanFile, '--gpu', '00:14.0', '--out', '-'], /not a GPU of this host/],
    [['report', '--scan', scanFile, '--gpu', 'nonsense'], /not a PCI address/],
  ])('%j is a usage error (exit 2, one line)', (args, message) => {
    const r = dgpu(args);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
