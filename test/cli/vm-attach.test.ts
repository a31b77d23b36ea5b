// `dgpu vm attach` refuses bad input before anything is read from the host, defined or written.
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dgpuAsync } from '../support/cli.js';

const OZZY = readFileSync('test/fixtures/vm/libvirt-macos-01-ozzyhelix-usb-controller-hostdev-in.xml', 'utf8');

/** Runs the CLI with stdin not a terminal, under a root of its own. */
const run = (dir: string, args: string[]) => dgpuAsync(['vm', 'attach', ...args, '--root', dir]);

describe.concurrent('dgpu vm attach: bad input', () => {
  it.each<[string, string[], string | undefined, string | undefined, number, RegExp]>([
    ['a domain that does not exist', ['no-such-vm', '--gpu', '0a:00.0', '--connect', 'test:///default'], undefined, undefined, 2, /no domain 'no-such-vm' on test:\/\/\/default/],
    ['XML that does not parse', ['--xml', `bad.xml`, '--gpu', '0a:00.0'], 'bad.xml', '<domain><devices></domain>\n', 2, /bad.xml: not well-formed XML at line 1/],
    ['a domain without <devices>', ['--xml', 'nodev.xml', '--gpu', '0a:00.0'], 'nodev.xml', "<domain type='kvm'><name>x</name></domain>\n", 2, /no <devices>/],
    ['a guest address conflict', ['--xml', 'conflict.xml', '--gpu', '0a:00.0'], 'conflict.xml',
      OZZY.replace("bus='0x02' slot='0x00' function='0x0'", "bus='0x04' slot='0x00' function='0x0'"), 4, /guest PCI address 0000:04:00.0 is used by both/],
    ['a file that is not there', ['--xml', 'missing.xml', '--gpu', '0a:00.0'], undefined, undefined, 2, /cannot read .*missing.xml: ENOENT/],
    ['both a domain and --xml', ['macOS', '--xml', 'x.xml', '--gpu', '0a:00.0'], undefined, undefined, 2, /either a domain name or --xml/],
    ['neither a domain nor --xml', ['--gpu', '0a:00.0'], undefined, undefined, 2, /either a domain name or --xml/],
    ['--out without --xml', ['macOS', '--out', 'o.xml', '--gpu', '0a:00.0'], undefined, undefined, 2, /--out needs --xml/],
    ['a --gpu that is no address', ['--xml', 'x.xml', '--gpu', 'radeon'], undefined, undefined, 2, /--gpu: 'radeon' is not a PCI address/],
    ['an unknown --input', ['--xml', 'x.xml', '--gpu', '0a:00.0', '--input', 'ps2'], undefined, undefined, 2, /ps2/],
  ])('refuses %s, writing nothing', async (_, args, file, content, code, message) => {
    const dir = mkdtempSync(join(tmpdir(), 'dgpu-vm-cli-'));
    if (file && content !== undefined) writeFileSync(join(dir, file), content);
    const before = readdirSync(dir).sort();
    const r = await run(dir, args.map((a) => (a.endsWith('.xml') ? join(dir, a) : a)));
    expect(r.stderr).toMatch(message);
    expect(r.status).toBe(code);
    expect(readdirSync(dir).sort()).toEqual(before);
    if (file && content !== undefined) expect(readFileSync(join(dir, file), 'utf8')).toBe(content);
    expect(existsSync(join(dir, 'var'))).toBe(false);
  });
});
