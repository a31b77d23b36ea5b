import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { clip, esc, lineDiff, shellLine } from '../../../src/core/report/html-text.js';
import { reportHtml } from '../../../src/core/report/report-html.js';
import { PLAN, scanFromFixture } from '../../support/report-scan.js';

const HOSTILE = `<script>alert("x")</script> & <img src=x onerror=alert(1)> 'quoted'`;


describe('reportHtml', () => {
  const scan = scanFromFixture('host-05', { '0000:03:00.0': 'Navi 22 [Radeon RX 6700/6700 XT / 6800M]', '0000:00:14.0': HOSTILE });
  const html = reportHtml(scan, { plan: PLAN });

  it('escapes every name that comes from a dump', () => {
    expect(html).not.toContain('<script');
    expect(html).not.toContain('<img');
    expect(html).not.toContain('<b>markup');
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp;');
  });

  it('is self-contained: no external resource, no script', () => {
    const withoutNs = html.replace(/xmlns="http:\/\/www\.w3\.org\/2000\/svg"/g, '');
    expect(withoutNs).not.toMatch(/https?:\/\//);
    expect(html).not.toMatch(/<(link|script|img|iframe)\b/i);
    expect(html).not.toMatch(/url\(|@import|<[^>]*\bsrc=/);
  });

  it('draws every group as a box and every function in it', () => {
    const groups = new Set(scan.devices.map((d) => d.iommuGroup));
    expect(html.match(/<g class="group[^"]*" data-group=/g)).toHaveLength(groups.size);
    for (const d of scan.devices) expect(html).toContain(`data-address="${d.address}"`);
  });

  it('highlights the guest GPU functions, marks bridges, and gives the macOS verdict', () => {
    expect(scan.proposedGuest).toBe('0000:03:00.0');
    expect(html).toContain('<g class="m guest" data-address="0000:03:00.0">');
    expect(html).toContain('<g class="m guest" data-address="0000:03:00.1">');
    expect(html).toMatch(/<g class="m bridge" data-address="0000:00:01\.0">/);
    expect(html).toContain('Navi 22: macOS 12 – 26; needs NootRX');
  });

  it('shows the plan as diffs and commands', () => {
    expect(html).toContain('<span class="da">+GRUB_CMDLINE_LINUX_DEFAULT=&quot;quiet splash intel_iommu=on');
    expect(html).toContain('<span class="dr">-GRUB_CMDLINE_LINUX_DEFAULT=&quot;quiet splash&quot;</span>');
    expect(html).toContain('(new file)');
    expect(html).toContain('<code>update-initramfs -u -k all</code>');
    expect(html).not.toContain('id="no-plan"');
  });

  it('says so when there is no plan', () => {
    expect(reportHtml(scan)).toContain('id="no-plan"');
    expect(reportHtml(scan, { plan: null })).toContain('id="no-plan"');
  });

  it('names the blockers of a GPU that shares its group, with the driver holding each', () => {
    const s = scanFromFixture('host-10');
    s.devices.find((d) => d.address === '0000:03:00.0')!.driver = 'xhci_hcd';
    const page = reportHtml(s, { guest: '0000:06:00.0' });
    for (const b of ['0000:01:00.0', '0000:01:00.1', '0000:03:00.0']) {
      expect(page).toContain(`<g class="m blocker" data-address="${b}">`);
    }
    expect(page).toContain('<g class="group blocked" data-group="Group 12">');
    expect(page).toContain('held by <code>xhci_hcd</code>');
    expect(page).toContain('not viable');
  });

  it('works out the macOS verdict from the ids when the scan predates gpus[].macos', () => {
    const s = scanFromFixture('host-12');
    for (const g of s.gpus) delete g.macos;
    expect(reportHtml(s)).toContain('Navi 10: macOS 10.15.1 – 26; needs WhateverGreen, agdpmod=pikera');
  });

  it('renders findings given as strings or objects', () => {
    const s = scanFromFixture('host-06');
    s.findings = ['plain <finding>', { kind: 'boot-gpu', message: 'the only GPU is the boot GPU' }, { kind: 'x' }];
    const page = reportHtml(s);
    expect(page).toContain('plain &lt;finding&gt;');
    expect(page).toContain('the only GPU is the boot GPU');
    expect(page).toContain('{&quot;kind&quot;:&quot;x&quot;}');
  });
});

describe('html-text helpers', () => {
  it('esc leaves no markup character', () => {
    fc.assert(fc.property(fc.string(), (s) => {
          expect(esc(s)).not.toMatch(/[<>"']|&(?!amp;|lt;|gt;|quot;|#39;)/);
        }));
  });

  it('clip never exceeds its limit', () => {
    fc.assert(fc.property(fc.string(), fc.integer({ min: 1, max: 80 }), (s, n) => {
          expect(clip(s, n).length).toBeLessThanOrEqual(n);
        }));
  });

  it('shellLine quotes what a shell would split or expand', () => {
    expect(shellLine(['grubby', '--update-kernel=ALL', '--args=a b', "it's"])).toBe(`grubby --update-kernel=ALL '--args=a b' 'it'\\''s'`);
  });

  it('lineDiff shows a changed line as the old one, then the new one (as `dgpu plan` does)', () => {
    expect(lineDiff('a\nold\nz\n', 'a\nnew\nz\n').map((l) => `${l.op}${l.text}`)).toEqual([' a', '-old', '+new', ' z']);
  });

  it('lineDiff rebuilds both sides', () => {
    const lines = fc.array(fc.constantFrom('a', 'b', 'c', 'd'), { maxLength: 12 });
    fc.assert(
      fc.property(lines, lines, (a, b) => {
        const d = lineDiff(a.join('\n'), b.join('\n'));
        expect(d.filter((l) => l.op !== '+').map((l) => l.text)).toEqual(a.join('\n') === '' ? [] : a);
        expect(d.filter((l) => l.op !== '-').map((l) => l.text)).toEqual(b.join('\n') === '' ? [] : b);
      }),
    );
  });
});
