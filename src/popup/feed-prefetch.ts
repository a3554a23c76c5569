/**
 * The popup's first two questions, asked as soon as its script runs (before the first render,
 * whose effects would ask a frame later): what to draw first, and the auth state.
 *
 * The first paint comes from the worker's mirrors in `storage.session` (shared/first-paint.ts),
 * read by the popup itself: after a worker stop the worker needs tens of milliseconds to answer
 * anything, and a returning user should see their feed as fast as when it runs. The state is
 * asked of the worker only after that paint (asking wakes a stopped worker, whose start would
 * compete with it): until then a mirrored "signed in" stands in for its answer. The worker's push
 * on the state port follows and corrects the mirror if it was out of date (a session that
 * expired meanwhile).
 * The first caller of each gets that early answer; later ones (another user, a retry) ask afresh.
 */
import type { AuthState } from '../shared/auth-state.ts';
import { browser } from '../shared/browser.ts';
import { readFirstPaint, type FirstPaint } from '../shared/first-paint.ts';
import type { CachedFeed } from '../shared/messages.ts';
import { send } from '../shared/messaging.ts';
import { afterPaint } from '../shared/ui/after-paint.ts';
import { storageAreaKV } from '../shared/storage-area-kv.ts';

let early: Promise<FirstPaint> | null = null;
let earlyState: Promise<AuthState> | null = null;
let painted: Promise<void> | null = null;

const NOTHING: FirstPaint = { signedIn: null, feed: null };
const readMirrors = () => readFirstPaint(storageAreaKV(browser.storage, 'session')).catch(() => NOTHING);

export function prefetchCachedFeed(): void {
  if (early) return;
  early = readMirrors();
  // A mirrored "signed in" is the first answer; the worker confirms it over the state port once
  // the cached feed is on screen (`firstPaint`). Anything else asks the worker now (a mirrored
  // "signed out" restores a draft from the worker anyway).
  earlyState = early.then((m) => m.signedIn ?? send('auth/state'));
  // Settled here too, so an early failure is never an unhandled rejection; the caller sees it.
  earlyState.catch(() => undefined);
  painted = early.then((m) => (m.feed ? afterPaint() : undefined));
}

/**
 * Settles once what the mirrors allowed to draw early is on screen (at once if nothing): the
 * moment to wake the worker without slowing that first paint.
 */
export function firstPaint(): Promise<void> {
  return painted ?? Promise.resolve();
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
