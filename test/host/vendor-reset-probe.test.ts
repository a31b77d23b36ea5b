import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { listedInModulesDep } from '../../src/host/vendor-reset-probe.js';

// Lines of a real modules.dep (Debian 12's linux-image-6.1.0-50-amd64), then lines that name vendor-reset in each
// place a line can: listed itself (dkms and extra/, each compression, both spellings), only as a dependency, as
// another *reset.ko module, indented, with an unknown compression, with a CRLF ending.
const LINES = [
  'kernel/arch/x86/events/amd/power.ko:',
  'kernel/drivers/media/radio/radio-raremono.ko: kernel/drivers/media/v4l2-core/videodev.ko kernel/drivers/media/mc/mc.ko',
  'kernel/drivers/pps/clients/pps_parport.ko: kernel/drivers/parport/parport.ko',
  'kernel/drivers/ptp/ptp_ines.ko:',
  'updates/dkms/vendor-reset.ko.xz:',
  'extra/vendor_reset.ko: kernel/drivers/vfio/vfio.ko',
  'updates/dkms/vendor-reset.ko.zst:',
  'extra/vendor-reset.ko.gz:',
  'kernel/drivers/gpu/drm/amd/amdgpu/amdgpu.ko: extra/vendor-reset.ko',
  'kernel/drivers/reset/reset-simple.ko:',
  'kernel/drivers/misc/hisi-reset.ko:',
  '  extra/vendor-reset.ko:',
  'extra/vendor-reset.ko.bz2:',
  'extra/vendor-reset.ko:\r',
  '',
];

/** What the probe did before it searched the bytes: the whole file decoded, one multiline expression. */
const wholeText = (text: string) => /^([^:\s]*vendor[-_]reset\.ko(?:\.(?:gz|xz|zst))?):/m.exec(text)?.[1] ?? null;

describe('listedInModulesDep', () => {
  it('finds what matching the whole decoded file finds, on any mix of real and vendor-reset lines', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...LINES), { maxLength: 30 }), fc.boolean(), (lines, finalNewline) => {
        const text = lines.join('\n') + (finalNewline ? '\n' : '');
        expect(listedInModulesDep(Buffer.from(text))).toBe(wholeText(text));
      }),
      { numRuns: 2000 },
    );
  });

  it('the first line that lists the module, not one that only depends on it', () => {
    const dep = [LINES[0], LINES[8], LINES[9], LINES[4], LINES[5]].join('\n');
    expect(listedInModulesDep(Buffer.from(dep))).toBe('updates/dkms/vendor-reset.ko.xz');
    expect(listedInModulesDep(Buffer.from([LINES[8], LINES[11], LINES[12]].join('\n')))).toBeNull();
  });
});
