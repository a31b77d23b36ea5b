// The small readers every sysfs and proc fact goes through: content without surrounding whitespace, null (never
// an exception) for what is missing or unreadable.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { linkName, linkNameIfAny, readAttr } from '../../src/host/read-file.js';

const dir = mkdtempSync(join(tmpdir(), 'dgpu-read-file-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, content: string | Buffer) => {
  writeFileSync(join(dir, name), content);
  return join(dir, name);
};

describe('readAttr', () => {
  it.each<[string, string | Buffer, string]>([
    ['a sysfs attribute', 'pci:v00001002d000073BFsv00001DA2sd0000438Ebc03sc00i00\n', 'pci:v00001002d000073BFsv00001DA2sd0000438Ebc03sc00i00'],
    ['ASCII whitespace either side', ' \t0x1002 \r\n\n', '0x1002'],
    ['inner whitespace kept', 'Navi 21  [Radeon]\n', 'Navi 21  [Radeon]'],
    ['UTF-8', 'Société Générale\n', 'Société Générale'],
    ['Unicode whitespace at the ends, as String.prototype.trim', '\u00a0value\u2003\n', 'value'],
    ['only whitespace', ' \n', ''],
    ['empty', '', ''],
    ['a multi-byte character cut by the page', Buffer.concat([Buffer.alloc(3, 0x41), Buffer.from('é').subarray(0, 1)]), 'AAA\ufffd'],
  ])('%s', (_name, content, want) => {
    expect(readAttr(file('attr', content))).toBe(want);
  });

  it('a file longer than a page is read whole', () => {
    expect(readAttr(file('long', `${'x'.repeat(9000)}\n`))).toBe('x'.repeat(9000));
  });

  it('missing, a folder, or a dangling path: null', () => {
    mkdirSync(join(dir, 'folder'), { recursive: true });
    expect(readAttr(join(dir, 'missing'))).toBeNull();
    expect(readAttr(join(dir, 'folder'))).toBeNull();
    expect(readAttr(join(dir, 'missing/below'))).toBeNull();
  });
});

describe('linkName, linkNameIfAny', () => {
  it("the link target's last part, trailing slashes dropped; null for no link", () => {
    symlinkSync('../../../bus/pci/drivers/amdgpu', join(dir, 'driver'));
    symlinkSync('../../kernel/iommu_groups/12//', join(dir, 'group'));
    file('plain', 'x');
    for (const read of [linkName, linkNameIfAny]) {
      expect(read(join(dir, 'driver'))).toBe('amdgpu');
      expect(read(join(dir, 'group'))).toBe('12');
      expect(read(join(dir, 'nothing'))).toBeNull();
      expect(read(join(dir, 'plain'))).toBeNull();
    }
  });
});
