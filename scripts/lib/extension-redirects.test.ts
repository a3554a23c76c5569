import { describe, expect, it } from 'vitest';
import { chromeRedirectUrl, firefoxRedirectUrl, unpackedChromeId } from './extension-redirects.ts';

describe('extension redirect URLs', () => {
  it("computes Chromium's id for an unpacked folder", () => {
    // Read from Chromium 156 after loading a throwaway extension from /tmp/extid.
    expect(unpackedChromeId('/tmp/extid')).toBe('omjflncmgandmdejdmabojdcfhaoobme');
    expect(chromeRedirectUrl('omjflncmgandmdejdmabojdcfhaoobme')).toBe('https://omjflncmgandmdejdmabojdcfhaoobme.chromiumapp.org/');
  });

  it("computes Firefox's from the add-on id", () => {
    // `printf companion@cruddur.local | sha1sum`; the e2e suite checks it against Firefox itself.
    expect(firefoxRedirectUrl()).toBe('https://66eeaed69b4d7c8e720eb5644207286645afa4cc.extensions.allizom.org/');
  });
});
