import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { DatedFeed } from '../shared/messages.ts';
import { FeedLoads, FRAME_FEED_FRESH_MS } from './feed-loads.ts';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

function setup() {
  let user: string | null = 'sub-demo';
  let n = 0;
  const fetch = vi.fn(async (): Promise<DatedFeed> => {
    await new Promise((r) => setTimeout(r, 300)); // the API takes a moment
    return { activities: [], personalised: user !== null, updatedAt: Date.now(), stale: false, n: ++n } as DatedFeed;
  });
  const loads = new FeedLoads({ fetch, user: () => user });
  return { loads, fetch, signIn: (sub: string | null) => (user = sub) };
}

describe('frames cost the API nothing extra', () => {
  it('a page re-inserting the panel 200 times at 4 a second costs at most a handful of API calls', async () => {
    const { loads, fetch } = setup();
    for (let i = 0; i < 200; i++) {
      void loads.load('frame');
      await vi.advanceTimersByTimeAsync(250);
    }
    // 50 s of reloads: one fetch per freshness window.
    expect(fetch.mock.calls.length).toBeLessThanOrEqual(Math.ceil(50_000 / FRAME_FEED_FRESH_MS));
  });

  it('frames asking at once share one fetch, and get the same feed', async () => {
    const { loads, fetch } = setup();
    const answers = Promise.all([loads.load('frame'), loads.load('frame'), loads.load('frame')]);
    await vi.advanceTimersByTimeAsync(300);
    const [a, b, c] = await answers;
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(b).toBe(a);
    expect(c).toBe(a);
  });

  it('the popup always fetches, joining a fetch under way instead of starting another', async () => {
    const { loads, fetch } = setup();
    const framed = loads.load('frame');
    const popup = loads.load('page');
    await vi.advanceTimersByTimeAsync(300);
    expect(await popup).toBe(await framed);
    expect(fetch).toHaveBeenCalledTimes(1);
    // Moments later the feed is fresh, but the user asked: the popup fetches anyway.
    void loads.load('page');
    expect(fetch).toHaveBeenCalledTimes(2);
  });

  it('serves a frame the fresh feed, then fetches again once it is older than the window', async () => {
    const { loads, fetch } = setup();
    const first = loads.load('frame');
    await vi.advanceTimersByTimeAsync(300);
    await first;
    await vi.advanceTimersByTimeAsync(FRAME_FEED_FRESH_MS - 1000);
    await loads.load('frame');
    expect(fetch).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1000);
    void loads.load('frame');
    expect(fetch).toHaveBeenCalledTimes(2);
  });

  it("never serves one user's feed to another: a new sign-in fetches", async () => {
    const { loads, fetch, signIn } = setup();
    const first = loads.load('frame');
    await vi.advanceTimersByTimeAsync(300);
    await first;
    signIn(null);
    const publicFeed = loads.load('frame');
    await vi.advanceTimersByTimeAsync(300);
    expect((await publicFeed).personalised).toBe(false);
    expect(fetch).toHaveBeenCalledTimes(2);
  });

  it('keeps nothing from a failed fetch: the next load tries again', async () => {
    const { loads, fetch } = setup();
    fetch.mockRejectedValueOnce(new Error('api-unreachable'));
    await expect(loads.load('frame')).rejects.toThrow('api-unreachable');
    const again = loads.load('frame');
    await vi.advanceTimersByTimeAsync(300);
    await again;
    expect(fetch).toHaveBeenCalledTimes(2);
  });
});
