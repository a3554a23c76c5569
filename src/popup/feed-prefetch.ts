/**
 * The popup's first two questions, asked as soon as its script runs (before the first render,
 * whose effects would ask a frame later): the cached feed, then the auth state. Both go out in
 * parallel, and the feed question first: after a worker stop the background answers it without
 * waiting for the stored session to load, so a returning user sees their feed at once.
 * The first caller of each gets that early answer; later ones (another user, a retry) ask afresh.
 */
import type { AuthState } from '../shared/auth-state.ts';
import type { CachedFeed } from '../shared/messages.ts';
import { send } from '../shared/messaging.ts';

let early: Promise<CachedFeed | null> | null = null;
let earlyState: Promise<AuthState> | null = null;

export function prefetchCachedFeed(): void {
  early ??= send('feed/cached').catch(() => null);
  // Settled here too, so an early failure is never an unhandled rejection; the caller sees it.
  earlyState ??= send('auth/state');
  earlyState.catch(() => undefined);
}

export function cachedFeed(): Promise<CachedFeed | null> {
  const answer = early ?? send('feed/cached').catch(() => null);
  early = null;
  return answer;
}

/** The auth state: the early answer the first time, a new question after that. */
export function authState(): Promise<AuthState> {
  const answer = earlyState ?? send('auth/state');
  earlyState = null;
  return answer;
}
