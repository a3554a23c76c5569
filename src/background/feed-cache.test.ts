import { describe, expect, it } from 'vitest';
import { memoryKV } from '../shared/kv.ts';
import { FeedCache } from './feed-cache.ts';

const FEED = { activities: [{ uuid: 'a' }] as never[], personalised: true };

function setup(now = 1_000) {
  const store = memoryKV<'session'>();
  return { store, cache: new FeedCache({ store, now: () => now }) };
}

describe('feed cache', () => {
  it('answers the last personalised feed to its user, stale, with when it was fetched', async () => {
    const { cache } = setup(5_000);
    expect(await cache.put('alice', FEED)).toEqual({ ...FEED, updatedAt: 5_000, stale: false });
    expect(await cache.get('alice')).toEqual({ ...FEED, updatedAt: 5_000, stale: true });
  });

  it('never answers one user\'s feed to another', async () => {
    const { cache } = setup();
    await cache.put('alice', FEED);
    expect(await cache.get('bob')).toBeNull();
  });

  it('peeks without knowing who is signed in, and says whose feed it is', async () => {
    const { cache } = setup(9);
    expect(await cache.peek()).toBeNull();
    await cache.put('alice', FEED);
    expect(await cache.peek()).toEqual({ ...FEED, updatedAt: 9, stale: true, user: 'alice' });
  });

  it('keeps nothing of a public (not personalised) feed', async () => {
    const { cache, store } = setup();
    await cache.put('alice', { ...FEED, personalised: false });
    expect(await cache.get('alice')).toBeNull();
    expect(store.data.size).toBe(0);
  });

  it('survives a worker stop: a new cache over the same store answers at once', async () => {
    const { cache, store } = setup(7);
    await cache.put('alice', FEED);
    expect(await new FeedCache({ store }).get('alice')).toEqual({ ...FEED, updatedAt: 7, stale: true });
  });

  it.each([
    ['sign-out', null],
    ['another user signing in', 'bob'],
  ])('drops the feed from memory and storage on %s', async (_, next) => {
    const { cache, store } = setup();
    await cache.put('alice', FEED);
    await cache.keepOnly(next);
    expect(await cache.get('alice')).toBeNull();
    expect(store.data.has('ui:feed')).toBe(false);
  });

  it('keeps the feed when the same user is announced again', async () => {
    const { cache } = setup(3);
    await cache.put('alice', FEED);
    await cache.keepOnly('alice');
    expect(await cache.get('alice')).toMatchObject({ updatedAt: 3 });
  });
});
