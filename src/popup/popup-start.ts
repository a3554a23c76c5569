/**
 * How one popup starts: the first paint from the worker's mirrors, and the moment after which it
 * may wake the worker. Created once per popup document (main.tsx, before the first render, whose
 * effects would read a frame later) and handed down through the auth session; it lives as long
 * as the popup and holds nothing else.
 *
 * The mirrors are read through shared/first-paint.ts, the one module that reads them. Nothing is
 * sent to the worker until what they allowed is on screen: any message wakes a stopped worker,
 * whose start would compete with that paint. After it, the state port carries the worker's own
 * state (use-session.ts), which corrects a mirror that was out of date.
 */
import type { AuthState } from '../shared/auth-state.ts';
import { browser } from '../shared/browser.ts';
import { readFeedMirror, readFirstPaint } from '../shared/first-paint.ts';
import type { AreaKV } from '../shared/kv.ts';
import type { CachedFeed } from '../shared/messages.ts';
import { afterPaint } from '../shared/ui/after-paint.ts';
import { storageAreaKV } from '../shared/storage-area-kv.ts';

export interface PopupStart {
  /** The mirrored auth state, drawn before the worker says anything; null if none is mirrored. */
  readonly mirrored: Promise<AuthState | null>;
  /**
   * Settles once what the mirrors allowed to draw is on screen (at once if nothing): the moment
   * to wake the worker without slowing that first paint.
   */
  readonly painted: Promise<void>;
  /** The cached feed: the one read at start the first time, the mirror read afresh after that. */
  readonly cachedFeed: () => Promise<CachedFeed | null>;
}

export interface PopupStartOptions {
  /** storage.session by default. */
  store?: AreaKV<'session'>;
  /** Resolves after the next frame is painted (after-paint.ts by default). */
  afterPaint?: () => Promise<void>;
}

export function startPopup(o: PopupStartOptions = {}): PopupStart {
  const store = o.store ?? storageAreaKV(browser.storage, 'session');
  const first = readFirstPaint(store);
  let firstFeed: Promise<CachedFeed | null> | null = first.then((m) => m.feed);
  return {
    mirrored: first.then((m) => m.state),
    painted: first.then((m) => (m.feed ? (o.afterPaint ?? afterPaint)() : undefined)),
    cachedFeed: () => {
      const feed = firstFeed ?? readFeedMirror(store);
      firstFeed = null;
      return feed;
    },
  };
}
