/**
 * The cached feed, asked for as soon as the popup's script runs: in parallel with the auth
 * state and the draft, instead of after them, so a returning user sees their feed at once.
 * The first caller gets that early answer; later ones (another user) ask afresh.
 */
import type { CachedFeed } from '../shared/messages.ts';
import { send } from '../shared/messaging.ts';

let early: Promise<CachedFeed | null> | null = null;

export function prefetchCachedFeed(): void {
  early ??= send('feed/cached').catch(() => null);
}

export function cachedFeed(): Promise<CachedFeed | null> {
  const answer = early ?? send('feed/cached').catch(() => null);
  early = null;
  return answer;
}
