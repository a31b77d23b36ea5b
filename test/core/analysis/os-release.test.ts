import { describe, expect, it } from 'vitest';
import { parseOsRelease } from '../../../src/core/analysis/os-release.js';

describe('parseOsRelease', () => {
  it('reads Debian 12 os-release (quoted, unquoted, comments)', () => {
    const text = [
      'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"',
      'NAME="Debian GNU/Linux"',
      '# a comment',
      'VERSION_ID="12"',
      'ID=debian',
      "HOME_URL='https://www.debian.org/'",
      'BUG="say \\"hi\\""',
      '',
    ].join('\n');
    expect(parseOsRelease(text)).toEqual({
      PRETTY_NAME: 'Debian GNU/Linux 12 (bookworm)',
      NAME: 'Debian GNU/Linux',
      VERSION_ID: '12',
      ID: 'debian',
      HOME_URL: 'https://www.debian.org/',
      BUG: 'say "hi"',
    });
  });

  it('ignores lines that are not assignments', () => {
    expect(parseOsRelease('garbage line\n=x\nID=arch\n')).toEqual({ ID: 'arch' });
  });
});
