import { describe, expect, it, vi } from 'vitest';
import { openedByPage, trustSurface, type TrustDeps } from './surface-trust.ts';

const deps = (o: Partial<TrustDeps> = {}): TrustDeps => ({ claim: vi.fn(async () => true), topLevel: true, openedByPage: false, ...o });

describe('where the feed page may show personal data', () => {
  it('in our content script frame: only with a ticket the background confirms, once asked', async () => {
    const claim = vi.fn(async (t: string) => t === 'issued');
    expect(await trustSurface('frame', 'issued', deps({ claim, topLevel: false }))).toBe(true);
    expect(await trustSurface('frame', 'made-up', deps({ claim, topLevel: false }))).toBe(false);
    expect(claim.mock.calls).toEqual([['issued'], ['made-up']]);
  });

  it('a frame without a ticket asks nothing and shows nothing', async () => {
    const claim = vi.fn(async () => true);
    expect(await trustSurface('frame', '', deps({ claim }))).toBe(false);
    expect(claim).not.toHaveBeenCalled();
  });

  it('a frame whose claim fails (the worker is gone) shows nothing', async () => {
    expect(await trustSurface('frame', 'issued', deps({ claim: () => Promise.reject(new Error('gone')) }))).toBe(false);
  });

  it.each([
    ['the side panel or sidebar', deps(), true],
    ['a page framed by a site, claiming to be the sidebar', deps({ topLevel: false }), false],
    ['a tab a web page opened or navigated to', deps({ openedByPage: true }), false],
    ['Firefox: a tab the user or the browser opened (no opener tab)', deps({ openerTab: async () => undefined }), true],
    ['Firefox: a tab opened from a web page in another tab', deps({ openerTab: async () => 12 }), false],
    ['Firefox: a context where asking for the tab fails', deps({ openerTab: () => Promise.reject(new Error('no tabs')) }), false],
  ])('%s: %s', async (_, d, trusted) => {
    expect(await trustSurface('sidebar', '', d)).toBe(trusted);
    expect(await trustSurface('side-panel', '', d)).toBe(trusted);
  });
});

describe('a document a web page opened', () => {
  const OWN = 'moz-extension://7d1c';
  it.each([
    ['window.open from a site (it keeps a handle)', {}, 'https://evil.example/', true],
    ['window.open from a site, without a referrer', {}, '', true],
    ['a link or navigation from a site, without opener', null, 'https://evil.example/page', true],
    ['the browser (side panel, sidebar, a new tab)', null, '', false],
    ['our own page', null, `${OWN}/src/popup/index.html`, false],
  ])('%s: %s', (_, opener, referrer, opened) => {
    expect(openedByPage(opener, referrer, OWN)).toBe(opened);
  });
});
