// `--vendor-reset`: gnif/vendor-reset's module loaded at boot and the guest GPU's reset_method set by a
// udev rule, planned as two dgpu-owned files with the same round trip as every plan (apply, plan again empty,
// rollback byte for byte).
import { describe, expect, it } from 'vitest';
import { MANAGED_HEADER } from '../../../src/core/modules/managed-file.js';
import { VENDOR_RESET_LOAD_PATH, VENDOR_RESET_RULE_PATH } from '../../../src/core/modules/vendor-reset-files.js';
import { EXAMPLE_HOST } from '../../support/example-host.js';
import type { FakeDevice, FakeHostSpec } from '../../support/sysroot.js';
import { roundTrip } from './round-trip.js';
import { dgpu, planAt, treesForThisFile } from './support.js';

const { root } = treesForThisFile();
const GUEST = '0000:03:00.0';

function host(device: string, spec: Partial<FakeHostSpec> = {}): FakeHostSpec {
  const devices = EXAMPLE_HOST.devices.map((d): FakeDevice => (d.address === GUEST ? { ...d, device } : d));
  return { ...EXAMPLE_HOST, ...spec, devices };
}

// udev(7): a rule is comma-separated KEY op "value" pairs; match keys use ==, RUN takes +=.
const UDEV_PAIR = /^(ACTION|SUBSYSTEM|KERNEL)=="[^"]*"$|^RUN\+="[^"]*"$/;

describe.concurrent('dgpu plan/apply --vendor-reset', () => {
  it('a Navi 10 guest: both files, round trip through the CLI', async () => {
    const r = root(host('731f', { files: { ...EXAMPLE_HOST.files, 'lib/modules/6.1.0-18-amd64/updates/dkms/vendor-reset.ko': '' } }));
    const { plan, after } = await roundTrip(r, { gpu: GUEST, vendorReset: true }, 'cli');
    expect(plan.changes.map((c) => c.path)).toEqual(expect.arrayContaining([VENDOR_RESET_LOAD_PATH, VENDOR_RESET_RULE_PATH]));
    expect(after(VENDOR_RESET_LOAD_PATH)).toMatch(new RegExp(`^${MANAGED_HEADER.replace(/[.*+?^${}()|[\]\\`]/g, '\\$&')}\n(#.*\n)*vendor-reset\n$`));
    const rule = after(VENDOR_RESET_RULE_PATH).split('\n').filter((l) => l !== '' && !l.startsWith('#'));
    expect(rule).toHaveLength(1);
    const pairs = rule[0]!.split(/,\s*(?=[A-Z]+[=+])/);
    for (const p of pairs) expect(p).toMatch(UDEV_PAIR);
    expect(pairs).toContain(`KERNEL=="${GUEST}"`);
    expect(rule[0]).toContain('echo device_specific > /sys$env{DEVPATH}/reset_method');
    expect(plan.warnings.join('\n')).not.toContain('not installed');
  });

  it('says when the module is not installed for the running kernel', async () => {
    const { plan } = await planAt(root(host('731f')), { gpu: GUEST, vendorReset: true });
    expect(plan.warnings.join('\n')).toContain('vendor-reset is not installed for 6.1.0-18-amd64');
  });

  it('before Linux 5.15 (no reset_method): the module file only', async () => {
    const { plan } = await planAt(root(host('731f', { kernel: '5.10.0-28-amd64' })), { gpu: GUEST, vendorReset: true });
    expect(plan.changes.map((c) => c.path)).toContain(VENDOR_RESET_LOAD_PATH);
    expect(plan.changes.map((c) => c.path)).not.toContain(VENDOR_RESET_RULE_PATH);
  });

  it('without the flag, nothing of vendor-reset is planned', async () => {
    const { plan } = await planAt(root(host('731f')), { gpu: GUEST });
    expect(plan.changes.map((c) => c.path)).not.toContain(VENDOR_RESET_LOAD_PATH);
  });

  it('refuses a guest without the bug (Navi 21) and one vendor-reset does not list (Navi 31): usage errors', () => {
    const navi21 = dgpu(['plan', '--gpu', GUEST, '--vendor-reset', '--root', root(host('73bf'))]);
    expect(navi21.status).toBe(2);
    expect(navi21.stderr).toContain('has no AMD reset bug');
    const navi31 = dgpu(['plan', '--gpu', GUEST, '--vendor-reset', '--root', root(host('744c'))]);
    expect(navi31.status).toBe(2);
    expect(navi31.stderr).toContain('vendor-reset does not list 1002:744c (Navi 31)');
  });

  it('never overwrites a rule file that is not dgpu\'s', () => {
    const r = root(host('731f', { files: { ...EXAMPLE_HOST.files, [VENDOR_RESET_RULE_PATH.slice(1)]: '# mine\n' } }));
    const p = dgpu(['plan', '--gpu', GUEST, '--vendor-reset', '--root', r]);
    expect(p.status).toBe(3);
    expect(p.stderr).toContain(`${VENDOR_RESET_RULE_PATH} exists and is not dgpu's`);
  });
});
