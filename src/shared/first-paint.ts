/**
 * What an extension page may draw before the worker answers: the auth state the worker last
 * announced and the signed-in user's last feed, both mirrored by the worker into
 * `storage.session` (memory only, closed to content scripts, cleared with the browser session).
 *
 * Why a page reads them itself: a stopped worker takes 35 ms or more to answer its first message
 * even when its script is empty (Chromium here), and the popup's whole first paint takes about
 * as long. Read from storage, the first paint after a worker stop costs what it costs warm; the
 * worker is woken in parallel, and its own answer (and its push on the state port) replaces the
 * mirror a moment later. The worker stays the only writer; a page never writes these keys.
 */
import type { AuthState } from './auth-state.ts';
import type { Feed } from './activity.ts';
import type { AreaKV } from './kv.ts';
import type { CachedFeed } from './messages.ts';
import { sessionItem } from './session-item.ts';
import type { StorageItem } from './storage-keys.ts';

/** The cached feed as stored: whose it is and when it was fetched. */
export interface FeedEntry {
  user: string;
  feed: Feed;
  updatedAt: number;
}

export const FEED_ENTRY = sessionItem<FeedEntry>('ui:feed');
export const STATE_MIRROR = sessionItem<AuthState>('ui:state');

/** A stored entry as pages receive it: marked stale, with whose it is. */
export function cachedFeedOf(entry: FeedEntry): CachedFeed {
  return { ...entry.feed, updatedAt: entry.updatedAt, stale: true, user: entry.user };
}

export interface FirstPaint {
  /** Only a signed-in state is worth drawing early; anything else waits for the worker. */
  signedIn: Extract<AuthState, { status: 'signed-in' }> | null;
  /** The feed, only when it belongs to that user. */
  feed: CachedFeed | null;
}

// storage-keys.ts's getItem, here so that pages do not load the whole table's module.
const read = <T>(kv: AreaKV<'session'>, item: StorageItem<T, 'session'>) => kv.get<T>(item.key).catch(() => undefined);

/** Both mirrors, read in parallel; a failed read is nothing to draw. */
export async function readFirstPaint(kv: AreaKV<'session'>): Promise<FirstPaint> {
  const [state, entry] = await Promise.all([read(kv, STATE_MIRROR), read(kv, FEED_ENTRY)]);
  const signedIn = state?.status === 'signed-in' ? state : null;
  return { signedIn, feed: signedIn && entry && entry.user === signedIn.user.sub ? cachedFeedOf(entry) : null };
}
