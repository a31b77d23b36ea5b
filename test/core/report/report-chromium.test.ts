// Opens the report in headless Chromium (Debian `chromium`, listed in .ci/packages): the DOM the browser builds
// holds the GPU and the group boxes, and the screenshot is a real picture. Skipped only where chromium is missing
// and CI is not set; in CI it must run.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { reportHtml } from '../../../src/core/report/report-html.js';
import { PLAN, scanFromFixture } from '../../support/report-scan.js';

const chromium = ['chromium', 'chromium-browser'].find((c) => spawnSync(c, ['--version']).status === 0);
const run = chromium !== undefined || process.env.CI !== undefined;

function headless(dir: string, args: string[]) {
  const r = spawnSync(
    chromium ?? 'chromium',
    [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      `--user-data-dir=${join(dir, 'profile')}`,
      ...args,
    ],
    { encoding: 'utf8', timeout: 60_000 },
  );
  expect(r.error, 'chromium did not start').toBeUndefined();
  return r;
}

/** Width, height and the inflated image data of a PNG (IHDR + IDAT chunks). */
function readPng(file: string): { width: number; height: number; data: Buffer } {
  const png = readFileSync(file);
  expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
  const idat: Buffer[] = [];
  let width = 0;
  let height = 0;
  for (let at = 8; at < png.length; ) {
    const len = png.readUInt32BE(at);
    const type = png.subarray(at + 4, at + 8).toString('latin1');
    const body = png.subarray(at + 8, at + 8 + len);
    if (type === 'IHDR') [width, height] = [body.readUInt32BE(0), body.readUInt32BE(4)];
    if (type === 'IDAT') idat.push(body);
    at += 12 + len;
  }
  return { width, height, data: inflateSync(Buffer.concat(idat)) };
}

describe.skipIf(!run)('report in headless Chromium', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dgpu-report-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const scan = scanFromFixture('host-05', {
    '0000:00:02.0': 'AlderLake-S GT1',
    '0000:03:00.0': 'Navi 22 [Radeon RX 6700/6700 XT / 6800M]',
    '0000:03:00.1': 'Navi 21/23 HDMI/DP Audio Controller',
    '0000:04:00.0': 'Baffin [Radeon RX 550 640SP / RX 560/560X]',
    '0000:00:14.0': '<b>not bold</b> Alder Lake-S PCH USB 3.2 xHCI',
  });
  const page = join(dir, 'report.html');
  writeFileSync(page, reportHtml(scan, { plan: PLAN }));

  it('builds a DOM with the guest GPU and one box per IOMMU group', () => {
    const r = headless(dir, ['--dump-dom', `file://${page}`]);
    expect(r.stdout).toContain('0000:03:00.0');
    const groups = new Set(scan.devices.map((d) => d.iommuGroup)).size;
    expect(r.stdout.match(/<g class="group[^"]*" data-group=/g)).toHaveLength(groups);
    expect(r.stdout).toContain('<g class="m guest" data-address="0000:03:00.0">');
    expect(r.stdout).not.toContain('<b>not bold</b>');
  });

  it('takes a screenshot that is a real picture', () => {
    const shot = join(dir, 'report.png');
    headless(dir, [`--screenshot=${shot}`, '--window-size=1200,1600', `file://${page}`]);
    expect(statSync(shot).size).toBeGreaterThan(20_000);
    const { width, height, data } = readPng(shot);
    expect([width, height]).toEqual([1200, 1600]);
    // Not one colour: the filtered scanlines of a blank page are nearly all zero bytes.
    const distinct = new Set(data.subarray(0, 400_000)).size;
    expect(distinct).toBeGreaterThan(32);
    if (process.env.DGPU_KEEP_SCREENSHOT) writeFileSync(process.env.DGPU_KEEP_SCREENSHOT, readFileSync(shot));
  });
});
