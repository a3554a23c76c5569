// The popup's start: one read of the mirrors, drawn first; the worker woken only after that paint.
import { describe, expect, it, vi } from 'vitest';
import type { AuthState } from '../shared/auth-state.ts';
import { memoryKV, type StorageKey } from '../shared/kv.ts';
import { FEED_ENTRY } from '../shared/first-paint.ts';
import { startPopup } from './popup-start.ts';

vi.mock('../shared/browser.ts', () => ({ browser: {} }));

const ANA: AuthState = { status: 'signed-in', user: { sub: 'sub-ana', email: 'ana@example.com', name: 'Ana', handle: 'ana' }, offline: false };
const feedOf = (user: string) => ({ user, feed: { activities: [], personalised: true }, updatedAt: 1 });

/** A store that counts reads of each key. */
function counted(initial: Record<string, unknown>) {
  const kv = memoryKV<'session'>(initial);
  const reads: string[] = [];
  return { reads, store: { ...kv, get: <T>(key: StorageKey) => (reads.push(key), kv.get<T>(key)) } };
}

describe('startPopup', () => {
  it('gives the mirrored state, whatever it is, from one read at start', async () => {
    const { reads, store } = counted({ 'ui:state': { status: 'signed-out', reason: 'session-expired' } });
    const start = startPopup({ store, afterPaint: () => Promise.reject(new Error('nothing to paint: not waited for')) });
    expect(await start.mirrored).toEqual({ status: 'signed-out', reason: 'session-expired' });
    await expect(start.painted).resolves.toBeUndefined();
    expect(reads.sort()).toEqual(['ui:feed', 'ui:state']);
  });

  it('with a feed to draw, is painted only after the next frame', async () => {
    const { store } = counted({ 'ui:state': ANA, 'ui:feed': feedOf('sub-ana') });
    let frame!: () => void;
    const afterPaint = vi.fn(() => new Promise<void>((resolve) => (frame = resolve)));
    const start = startPopup({ store, afterPaint });
    let painted = false;
    void start.painted.then(() => (painted = true));
    await start.mirrored;
    await Promise.resolve();
    expect(afterPaint).toHaveBeenCalledTimes(1);
    expect(painted).toBe(false);
    frame();
    await start.painted;
    expect(painted).toBe(true);
  });

  it('hands the feed read at start to the first caller, and reads the mirror afresh after', async () => {
    const { reads, store } = counted({ 'ui:state': ANA, 'ui:feed': feedOf('sub-ana') });
    const start = startPopup({ store, afterPaint: async () => undefined });
    expect(await start.cachedFeed()).toMatchObject({ user: 'sub-ana', stale: true });
    expect(reads.filter((k) => k === 'ui:feed')).toHaveLength(1);
    await store.set(FEED_ENTRY.key, feedOf('sub-bo'));
    expect(await start.cachedFeed()).toMatchObject({ user: 'sub-bo' });
    expect(reads.filter((k) => k === 'ui:feed')).toHaveLength(2);
  });

  it('gives nothing when nothing is mirrored (after a browser restart)', async () => {
    const start = startPopup({ store: memoryKV<'session'>(), afterPaint: async () => undefined });
    expect(await start.mirrored).toBeNull();
    expect(await start.cachedFeed()).toBeNull();
  });
});
