/**
 * Home-feed loads, so that frames cost the API nothing extra. A web page controls when our feed
 * frame loads: it can re-insert the panel's host element, which reloads the frame, as often as
 * it likes (issue 20: 200 times at 4 a second made 200 API calls with the user's token, and the
 * API's rate limit then answered the user's own popup "Slow down"). So:
 * - every load is coalesced: callers that ask while a fetch for the same user is under way
 *   share it;
 * - a frame (or anything but an extension page of ours) is answered from the last feed fetched
 *   for that user when it is younger than FRAME_FEED_FRESH_MS: whatever a page does, its frames
 *   cost at most one API call per user per that time;
 * - the popup and the side panel always fetch (or join the fetch under way): the user asked.
 */
import type { DatedFeed } from '../shared/messages.ts';
import type { FeedCache } from './feed-cache.ts';
import type { SenderKind } from './router.ts';
import type { SessionOwner } from './session-owner.ts';

/** How old a feed a frame is served rather than fetching; the popup's own loads never wait on it. */
export const FRAME_FEED_FRESH_MS = 30_000;

export interface FeedLoadsOptions {
  /** Fetches the home feed for whoever is signed in now. */
  fetch(): Promise<DatedFeed>;
  /** Whose feed a fetch now would be: the signed-in `sub`, or null for the public feed. */
  user(): string | null;
  /** Default: Date.now. */
  now?: () => number;
}

export class FeedLoads {
  readonly #o: FeedLoadsOptions;
  readonly #now: () => number;
  readonly #inFlight = new Map<string, Promise<DatedFeed>>();
  /** The last feed fetched, with whose it is (one user at a time; memory only). */
  #last: { key: string; feed: DatedFeed; at: number } | null = null;

  constructor(o: FeedLoadsOptions) {
    this.#o = o;
    this.#now = o.now ?? Date.now;
  }

  /** The home feed for a `feed/home` from a sender of this kind. */
  load(kind: SenderKind): Promise<DatedFeed> {
    const key = this.#o.user() ?? 'public';
    const last = this.#last;
    if (kind !== 'page' && last?.key === key && this.#now() - last.at < FRAME_FEED_FRESH_MS) return Promise.resolve(last.feed);
    const running = this.#inFlight.get(key);
    if (running) return running;
    const run = this.#o.fetch().then((feed) => {
      this.#last = { key, feed, at: this.#now() };
      return feed;
    });
    this.#inFlight.set(key, run);
    const done = () => void this.#inFlight.delete(key);
    run.then(done, done);
    return run;
  }
}

/** The worker's loads: the feed of whoever is signed in, kept in `feeds` (the popup's first paint) for them. */
export function homeFeedLoads(owner: () => Pick<SessionOwner, 'state' | 'homeFeed'>, feeds: FeedCache): FeedLoads {
  const signedInUser = () => {
    const { state } = owner();
    return state.status === 'signed-in' ? state.user.sub : null;
  };
  return new FeedLoads({
    user: signedInUser,
    fetch: async () => {
      const user = signedInUser();
      const feed = await owner().homeFeed();
      // Kept only if the same user is still signed in when the answer arrives.
      return user !== null && user === signedInUser() ? feeds.put(user, feed) : { ...feed, updatedAt: Date.now(), stale: false };
    },
  });
}
