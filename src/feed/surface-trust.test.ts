import { describe, expect, it, vi } from 'vitest';
import { trustSurface, type TrustDeps } from './surface-trust.ts';

const deps = (o: Partial<TrustDeps> = {}): TrustDeps => ({ claim: vi.fn(async () => true), currentTab: async () => undefined, topLevel: true, ...o });

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
    ['the side panel or sidebar (no tab)', deps(), true],
    ['a tab the user opened', deps({ currentTab: async () => ({}) }), true],
    ['a tab a web page opened', deps({ currentTab: async () => ({ openerTabId: 7 }) }), false],
    ['a page framed by a site, claiming to be the sidebar', deps({ topLevel: false }), false],
    ['a context without the tabs API', deps({ currentTab: undefined }), false],
    ['a context where asking for the tab fails', deps({ currentTab: () => Promise.reject(new Error('no')) }), false],
  ])('%s: %s', async (_, d, trusted) => {
    expect(await trustSurface('sidebar', '', d)).toBe(trusted);
    expect(await trustSurface('side-panel', '', d)).toBe(trusted);
  });
});
