/**
 * The worker's first-paint mirrors, and the one place that reads them: the auth state the worker
 * last announced and the signed-in user's last feed, both written by the worker into
 * `storage.session` (memory only, closed to content scripts, cleared with the browser session).
 *
 * Why a page reads them itself: a stopped worker takes tens of milliseconds to answer its first
 * message even when its script is empty, about as long as the popup's whole first paint. Read
 * from storage, the first paint after a worker stop costs what it costs warm; the worker is woken
 * after that paint, and its push on the state port replaces the mirror. The worker is the only
 * writer (its feed cache keeps its own copy in the same key); a page never writes these keys.
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
  /** The state the worker announced last; null when none is mirrored (e.g. after a browser restart). */
  state: AuthState | null;
  /** The feed, only when the mirrored state is signed in and the feed is that user's. */
  feed: CachedFeed | null;
}

// storage-keys.ts's getItem, here so that pages do not load the whole table's module.
const read = <T>(kv: AreaKV<'session'>, item: StorageItem<T, 'session'>) => kv.get<T>(item.key).catch(() => undefined);

/** Both mirrors, read in parallel; a failed read is nothing to draw. */
export async function readFirstPaint(kv: AreaKV<'session'>): Promise<FirstPaint> {
  const [state, entry] = await Promise.all([read(kv, STATE_MIRROR), read(kv, FEED_ENTRY)]);
  const own = state?.status === 'signed-in' && entry?.user === state.user.sub;
  return { state: state ?? null, feed: own ? cachedFeedOf(entry) : null };
}

/** The mirrored feed, whoever's it is (the caller checks `user`); null if none or unreadable. */
export async function readFeedMirror(kv: AreaKV<'session'>): Promise<CachedFeed | null> {
  const entry = await read(kv, FEED_ENTRY);
  return entry ? cachedFeedOf(entry) : null;
}
