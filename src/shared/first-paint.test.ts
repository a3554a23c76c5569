import { describe, expect, it } from 'vitest';
import type { AuthState } from './auth-state.ts';
import { readFeedMirror, readFirstPaint, type FeedEntry } from './first-paint.ts';
import { memoryKV, type AreaKV } from './kv.ts';

const ANA: AuthState = { status: 'signed-in', user: { sub: 'sub-ana', email: 'ana@example.com', name: 'Ana', handle: 'ana' }, offline: false };
const entry = (user: string): FeedEntry => ({ user, feed: { activities: [], personalised: true }, updatedAt: 1_700_000_000_000 });

describe('readFirstPaint', () => {
  it('draws a mirrored signed-in user with their own feed, marked stale', async () => {
    const kv = memoryKV<'session'>({ 'ui:state': ANA, 'ui:feed': entry('sub-ana') });
    expect(await readFirstPaint(kv)).toEqual({
      state: ANA,
      feed: { activities: [], personalised: true, updatedAt: 1_700_000_000_000, stale: true, user: 'sub-ana' },
    });
  });

  it.each<[string, Record<string, unknown>, AuthState | null]>([
    ["someone else's feed", { 'ui:state': ANA, 'ui:feed': entry('sub-bo') }, ANA],
    ['a signed-in user without a feed yet', { 'ui:state': ANA }, ANA],
    ['a feed without a state', { 'ui:feed': entry('sub-ana') }, null],
    ['a mirrored sign-out (drawn as such)', { 'ui:state': { status: 'signed-out', reason: 'user' }, 'ui:feed': entry('sub-ana') }, { status: 'signed-out', reason: 'user' }],
    ['nothing stored', {}, null],
  ])('draws no feed for %s', async (_name, stored, state) => {
    expect(await readFirstPaint(memoryKV(stored))).toEqual({ state, feed: null });
  });

  it('draws nothing when storage cannot be read, rather than failing the popup', async () => {
    const broken: AreaKV<'session'> = { ...memoryKV<'session'>(), get: () => Promise.reject(new Error('storage gone')) };
    expect(await readFirstPaint(broken)).toEqual({ state: null, feed: null });
  });
});

describe('readFeedMirror', () => {
  it("reads whoever's feed is mirrored, with whose it is, for the caller to check", async () => {
    expect(await readFeedMirror(memoryKV<'session'>({ 'ui:feed': entry('sub-bo') }))).toMatchObject({ user: 'sub-bo', stale: true });
  });

  it('reads nothing when there is none or storage fails', async () => {
    expect(await readFeedMirror(memoryKV<'session'>())).toBeNull();
    expect(await readFeedMirror({ ...memoryKV<'session'>(), get: () => Promise.reject(new Error('storage gone')) })).toBeNull();
  });
});
