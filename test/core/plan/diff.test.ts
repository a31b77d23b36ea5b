// unifiedDiff against real tools: GNU patch must turn `before` into `after` with our diff, and GNU
// diff --minimal must find an edit script of the same length (ours is a shortest one too).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { diffLines, planDiff, splitLines, unifiedDiff } from '../../../src/core/plan/diff.js';

const work = mkdtempSync(join(tmpdir(), 'dgpu-diff-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
let n = 0;

/** Applies `diff` with GNU patch in a fresh tree holding `before` at `path`; returns the file after (null: gone). */
function patchWith(path: string, before: string | null, diff: string): string | null {
  const dir = join(work, `p${n++}`);
  const file = join(dir, path);
  mkdirSync(dirname(file), { recursive: true });
  if (before !== null) writeFileSync(file, before);
  writeFileSync(join(dir, 'change.patch'), diff);
  const r = spawnSync('patch', ['-p1', '--batch', '--forward', '--no-backup-if-mismatch', '-d', dir, '-i', 'change.patch'], {
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`patch failed (${r.status}): ${r.stdout}${r.stderr}\n--- diff:\n${diff}`);
  if (r.stdout.includes('fuzz') || r.stdout.includes('offset')) throw new Error(`patch needed fuzz: ${r.stdout}`);
  return existsSync(file) ? readFileSync(file, 'utf8') : null;
}

function gnuDiff(before: string, after: string, context: number): string {
  const dir = join(work, `g${n++}`);
  mkdirSync(dir);
  writeFileSync(join(dir, 'a'), before);
  writeFileSync(join(dir, 'b'), after);
  return spawnSync('diff', [`-U${context}`, join(dir, 'a'), join(dir, 'b')], { encoding: 'utf8' }).stdout;
}

/** Changed-line counts of `diff --minimal -u`. */
function gnuCounts(before: string, after: string): { minus: number; plus: number } {
  const dir = join(work, `d${n++}`);
  mkdirSync(dir);
  writeFileSync(join(dir, 'a'), before);
  writeFileSync(join(dir, 'b'), after);
  const r = spawnSync('diff', ['--minimal', '-u', join(dir, 'a'), join(dir, 'b')], { encoding: 'utf8' });
  return counts(r.stdout.split('\n').slice(2).join('\n'));
}

function counts(diff: string): { minus: number; plus: number } {
  const body = diff.split('\n').filter((l) => !l.startsWith('---') && !l.startsWith('+++'));
  return { minus: body.filter((l) => l.startsWith('-')).length, plus: body.filter((l) => l.startsWith('+')).length };
}

const grub = 'GRUB_DEFAULT=0\nGRUB_TIMEOUT=5\nGRUB_DISTRIBUTOR=`lsb_release -i -s 2> /dev/null || echo Debian`\n' +
  'GRUB_CMDLINE_LINUX_DEFAULT="quiet"\nGRUB_CMDLINE_LINUX=""\n\n# comment\n#GRUB_GFXMODE=640x480\n';

describe('unifiedDiff', () => {
  it('is empty when nothing changes', () => {
    expect(unifiedDiff('/etc/x', 'a\n', 'a\n')).toBe('');
    expect(unifiedDiff('/etc/x', null, null)).toBe('');
  });

  it('prints git-style headers and GNU hunk ranges', () => {
    const after = grub.replace('"quiet"', '"quiet iommu=pt"');
    expect(unifiedDiff('/etc/default/grub', grub, after)).toBe(
      '--- a/etc/default/grub\n+++ b/etc/default/grub\n@@ -1,7 +1,7 @@\n' +
        ' GRUB_DEFAULT=0\n GRUB_TIMEOUT=5\n GRUB_DISTRIBUTOR=`lsb_release -i -s 2> /dev/null || echo Debian`\n' +
        '-GRUB_CMDLINE_LINUX_DEFAULT="quiet"\n+GRUB_CMDLINE_LINUX_DEFAULT="quiet iommu=pt"\n' +
        ' GRUB_CMDLINE_LINUX=""\n \n # comment\n',
    );
  });

  it('uses /dev/null and -0,0 for a created file, and marks a missing final newline', () => {
    expect(unifiedDiff('/etc/modprobe.d/vfio.conf', null, 'a\nb')).toBe(
      '--- /dev/null\n+++ b/etc/modprobe.d/vfio.conf\n@@ -0,0 +1,2 @@\n+a\n+b\n\\ No newline at end of file\n',
    );
    expect(unifiedDiff('/etc/x', 'gone\n', null)).toBe('--- a/etc/x\n+++ /dev/null\n@@ -1 +0,0 @@\n-gone\n');
  });

  it('treats an added final newline as a change of the last line', () => {
    expect(unifiedDiff('/etc/x', 'a\nb', 'a\nb\n')).toBe(
      '--- a/etc/x\n+++ b/etc/x\n@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+b\n',
    );
  });

  it('lays out hunks exactly as GNU diff -u does (gaps of 6 and 7 unchanged lines, context 0..4)', () => {
    const lines = Array.from({ length: 30 }, (_, i) => `line ${i}\n`);
    const b = [...lines];
    b[2] = 'two\n';
    b[9] = 'nine\n'; // 6 unchanged lines after the first change: one hunk at context 3
    b[17] = 'seventeen\n'; // 7 unchanged lines: a new hunk at context 3
    b.splice(26, 1);
    for (const context of [0, 1, 3, 4]) {
      const ours = unifiedDiff('/f', lines.join(''), b.join(''), context);
      expect(ours.split('\n').slice(2)).toEqual(gnuDiff(lines.join(''), b.join(''), context).split('\n').slice(2));
    }
    expect(unifiedDiff('/f', lines.join(''), b.join('')).match(/^@@ .* @@$/gm)).toEqual([
      '@@ -1,13 +1,13 @@',
      '@@ -15,7 +15,7 @@',
      '@@ -24,7 +24,6 @@',
    ]);
  });

  it('applies with GNU patch on the edits a planner makes', () => {
    const cases: [string | null, string | null][] = [
      [grub, grub.replace('"quiet"', '"quiet amd_iommu=on iommu=pt vfio-pci.ids=1002:73ff,1002:ab28"')],
      [grub, `${grub}GRUB_DISABLE_OS_PROBER=false`],
      [null, '# managed by dgpu\noptions vfio-pci ids=10de:2484\nsoftdep nouveau pre: vfio-pci\n'],
      ['options vfio-pci ids=1\n', null],
      ['', 'x\n'],
      ['x\n', ''],
      ['no newline', 'no newline\n'],
    ];
    for (const [before, after] of cases) {
      expect(patchWith('/etc/f', before, unifiedDiff('/etc/f', before, after))).toBe(after);
    }
  });

  const text = fc
    .array(fc.constantFrom('a', 'b', 'c', 'd', '', ' x', 'GRUB="q"'), { maxLength: 25 })
    .chain((lines) => fc.boolean().map((nl) => (lines.length === 0 ? '' : lines.join('\n') + (nl ? '\n' : ''))));

  it('property: GNU patch turns before into after with our diff (any context)', () => {
    fc.assert(
      fc.property(text, text, fc.integer({ min: 0, max: 4 }), (before, after, context) => {
        fc.pre(before !== after);
        expect(patchWith('/etc/p', before, unifiedDiff('/etc/p', before, after, context))).toBe(after);
      }),
      { numRuns: 120 },
    );
  });

  it('property: the edit script is as short as GNU diff --minimal finds', () => {
    fc.assert(
      fc.property(text, text, (before, after) => {
        fc.pre(before !== after && before !== '' && after !== '');
        const ours = counts(unifiedDiff('/f', before, after).split('\n').slice(2).join('\n'));
        expect(ours).toEqual(gnuCounts(before, after));
      }),
      { numRuns: 80 },
    );
  });

  it('property: the edit script rebuilds both sides', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom('a\n', 'b\n', 'c\n', 'd'), { maxLength: 40 }), fc.array(fc.constantFrom('a\n', 'b\n', 'c\n'), { maxLength: 40 }), (a, b) => {
        const ops = diffLines(a, b);
        expect(ops.filter((o) => o.kind !== '+').map((o) => o.line)).toEqual(a);
        expect(ops.filter((o) => o.kind !== '-').map((o) => o.line)).toEqual(b);
      }),
    );
  });

  it('splitLines keeps every character', () => {
    expect(splitLines('a\n\nb')).toEqual(['a\n', '\n', 'b']);
    expect(splitLines('')).toEqual([]);
  });
});

describe('planDiff', () => {
  it('concatenates the effective changes and domains of a plan', () => {
    const d = planDiff({
      changes: [
        { path: '/etc/a', before: 'x\n', after: 'y\n', reason: 'r' },
        { path: '/etc/same', before: 's\n', after: 's\n', reason: 'no-op' },
      ],
      commands: [],
      warnings: [],
      domains: [{ kind: 'domain', connect: 'qemu:///system', name: 'mac', beforeXml: '<d/>\n', afterXml: '<d>\n</d>\n', reason: 'r' }],
    });
    expect(d).toContain('--- a/etc/a\n');
    expect(d).not.toContain('same');
    expect(d).toContain('+++ b/domain/mac.xml\n');
  });
});
