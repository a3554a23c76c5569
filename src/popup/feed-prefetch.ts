/**
 * The popup's first two questions, asked as soon as its script runs (before the first render,
 * whose effects would ask a frame later): what to draw first, and the auth state.
 *
 * The first paint comes from the worker's mirrors in `storage.session` (shared/first-paint.ts),
 * read by the popup itself: after a worker stop the worker needs tens of milliseconds to answer
 * anything, and a returning user should see their feed as fast as when it runs. The state is
 * asked of the worker at the same moment (which wakes it); while it wakes, a mirrored
 * "signed in" stands in for its answer. The worker's push on the state port follows within a
 * round trip and corrects the mirror if it was out of date (a session that expired meanwhile).
 * The first caller of each gets that early answer; later ones (another user, a retry) ask afresh.
 */
import type { AuthState } from '../shared/auth-state.ts';
import { browser } from '../shared/browser.ts';
import { readFirstPaint, type FirstPaint } from '../shared/first-paint.ts';
import type { CachedFeed } from '../shared/messages.ts';
import { send } from '../shared/messaging.ts';
import { storageAreaKV } from '../shared/storage-area-kv.ts';

let early: Promise<FirstPaint> | null = null;
let earlyState: Promise<AuthState> | null = null;

const NOTHING: FirstPaint = { signedIn: null, feed: null };
const readMirrors = () => readFirstPaint(storageAreaKV(browser.storage.session)).catch(() => NOTHING);

export function prefetchCachedFeed(): void {
  if (early) return;
  early = readMirrors();
  const asked = send('auth/state');
  // Settled here too, so an early failure is never an unhandled rejection; the caller sees it.
  asked.catch(() => undefined);
  // Whichever comes first: the worker's answer, or a mirrored "signed in" (never a mirrored
  // "signed out": that view restores a draft from the worker anyway, so it waits for the worker).
  earlyState = Promise.race([asked, early.then((m) => m.signedIn ?? asked)]);
}

const askWorker = () => send('feed/cached').catch(() => null);

/** The cached feed: the mirror read at first script the first time, the worker's cache after that. */
export function cachedFeed(): Promise<CachedFeed | null> {
  const mirror = early;
  early = null;
  // No mirrored feed (none yet, or the state mirror was not written): the worker's cache may have one.
  return mirror ? mirror.then((m) => m.feed ?? askWorker()) : askWorker();
}

/** The auth state: the early answer the first time, a new question after that. */
export function authState(): Promise<AuthState> {
  const answer = earlyState ?? send('auth/state');
  earlyState = null;
  return answer;
}
