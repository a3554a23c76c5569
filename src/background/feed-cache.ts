/**
 * The signed-in user's last feed, so the popup can show it at once and refresh behind it
 * (stale-while-revalidate). Kept in memory and in `storage.session` (which survives a worker
 * stop, never touches the disk, and is closed to content scripts: its access level stays the
 * default, TRUSTED_CONTEXTS). One user at a time: a feed is only ever answered to the user it
 * was fetched for, and it is dropped on sign-out and on a change of user.
 */
import type { Feed } from '../shared/activity.ts';
import { cachedFeedOf, FEED_ENTRY as FEED, type FeedEntry as Entry } from '../shared/first-paint.ts';
import type { AreaKV } from '../shared/kv.ts';
import type { CachedFeed, DatedFeed } from '../shared/messages.ts';
import { getItem, removeItem, setItem } from '../shared/storage-keys.ts';

export interface FeedCacheOptions {
  /** storage.session in the worker; memory in tests. */
  store: AreaKV<'session'>;
  /** Default: Date.now. */
  now?: () => number;
}

export class FeedCache {
  readonly #store: AreaKV<'session'>;
  readonly #now: () => number;
  /** undefined: not read from the store yet; null: nothing cached. */
  #entry: Entry | null | undefined;

  constructor(o: FeedCacheOptions) {
    this.#store = o.store;
    this.#now = o.now ?? Date.now;
  }

  /** The cached feed of `user`, marked stale; null for anyone else. */
  async get(user: string): Promise<DatedFeed | null> {
    if (this.#entry === undefined) this.#entry = (await getItem(this.#store, FEED)) ?? null;
    const entry = this.#entry;
    return entry && entry.user === user ? { ...entry.feed, updatedAt: entry.updatedAt, stale: true } : null;
  }

  /**
   * Whatever is cached, with whose it is, without knowing who is signed in: the cache is dropped
   * on sign-out and on a change of user, so it is the current user's (the popup checks `user`).
   */
  async peek(): Promise<CachedFeed | null> {
    if (this.#entry === undefined) this.#entry = (await getItem(this.#store, FEED)) ?? null;
    const entry = this.#entry;
    return entry ? cachedFeedOf(entry) : null;
  }

  /** Keeps `feed` as `user`'s last one; only a personalised feed is theirs to keep. */
  async put(user: string, feed: Feed): Promise<DatedFeed> {
    const updatedAt = this.#now();
    if (feed.personalised) {
      this.#entry = { user, feed, updatedAt };
      await setItem(this.#store, FEED, this.#entry);
    }
    return { ...feed, updatedAt, stale: false };
  }

  /** Drops the cache unless it belongs to `user` (null: signed out, drop it whatever it is). */
  async keepOnly(user: string | null): Promise<void> {
    if (this.#entry === undefined) this.#entry = (await getItem(this.#store, FEED)) ?? null;
    if (this.#entry && this.#entry.user === user) return;
    this.#entry = null;
    await removeItem(this.#store, FEED);
  }
}
