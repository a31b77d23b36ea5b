import { describe, expect, it } from 'vitest';
import { changeKind, isEmptyPlan, mergePlans, planProblems, planToJson, type Plan } from '../../../src/core/plan/plan.js';

const plan = (p: Partial<Plan>): Plan => ({ changes: [], commands: [], warnings: [], ...p });

describe('plan', () => {
  it.each([
    [null, 'x', 'create'],
    ['x', null, 'delete'],
    ['x', 'y', 'modify'],
    ['x', 'x', 'none'],
    [null, null, 'none'],
  ] as const)('changeKind(%j → %j) = %s', (before, after, kind) => {
    expect(changeKind({ before, after })).toBe(kind);
  });

  it('isEmptyPlan ignores no-op changes and warnings, not commands or domains', () => {
    expect(isEmptyPlan(plan({ warnings: ['w'], changes: [{ path: '/a', before: 'x', after: 'x', reason: '' }] }))).toBe(true);
    expect(isEmptyPlan(plan({ changes: [{ path: '/a', before: null, after: '', reason: '' }] }))).toBe(false);
    expect(isEmptyPlan(plan({ commands: [{ argv: ['update-grub'], reason: '' }] }))).toBe(false);
    const d = { kind: 'domain' as const, connect: 'test:///default', name: 'm', beforeXml: '<a/>', afterXml: '<a/>', reason: '' };
    expect(isEmptyPlan(plan({ domains: [d] }))).toBe(true);
    expect(isEmptyPlan(plan({ domains: [{ ...d, afterXml: '<b/>' }] }))).toBe(false);
  });

  it('planToJson has the documented shape and drops no-ops', () => {
    const p = plan({
      changes: [
        { path: '/etc/default/grub', before: 'a\n', after: 'b\n', reason: 'kernel parameters' },
        { path: '/etc/modprobe.d/vfio.conf', before: null, after: 'o\n', reason: 'bind', mode: 0o644 },
        { path: '/same', before: 's', after: 's', reason: 'nothing' },
      ],
      commands: [{ argv: ['update-grub'], reason: 'regenerate grub.cfg' }],
      warnings: ['w'],
    });
    expect(JSON.parse(JSON.stringify(planToJson(p)))).toEqual({
      changes: [
        { path: '/etc/default/grub', before: 'a\n', after: 'b\n', reason: 'kernel parameters' },
        { path: '/etc/modprobe.d/vfio.conf', before: null, after: 'o\n', reason: 'bind', mode: 420 },
      ],
      commands: [{ argv: ['update-grub'], reason: 'regenerate grub.cfg' }],
      warnings: ['w'],
      manual: [],
    });
  });

  it('planProblems rejects paths that could leave the root, duplicates and empty commands', () => {
    const bad = plan({
      changes: ['etc/x', '/etc/../../x', '/etc/x/', '/', '/etc/ok', '/etc/ok'].map((path) => ({ path, before: null, after: '', reason: '' })),
      commands: [{ argv: [], reason: 'r' }],
    });
    expect(planProblems(bad)).toEqual([
      "not an absolute, normalised path: 'etc/x'",
      "not an absolute, normalised path: '/etc/../../x'",
      "not an absolute, normalised path: '/etc/x/'",
      "not an absolute, normalised path: '/'",
      'changed twice: /etc/ok',
      'empty command (r)',
    ]);
    expect(planProblems(plan({ changes: [{ path: '/etc/default/grub', before: '', after: 'x', reason: '' }] }))).toEqual([]);
  });

  it('mergePlans concatenates and runs a shared command once', () => {
    const a = plan({ commands: [{ argv: ['update-initramfs', '-u'], reason: 'a' }], warnings: ['w'] });
    const b = plan({ commands: [{ argv: ['update-initramfs', '-u'], reason: 'b' }, { argv: ['update-grub'], reason: 'c' }], warnings: ['w'] });
    expect(mergePlans(a, b)).toEqual(
      plan({ commands: [{ argv: ['update-initramfs', '-u'], reason: 'a' }, { argv: ['update-grub'], reason: 'c' }], warnings: ['w'] }),
    );
  });
});
