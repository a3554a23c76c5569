/**
 * The home feed for the popup and the in-page panel, fetched through the background (which
 * attaches a fresh token when signed in; neither UI sees one). Refetched whenever `userKey`
 * changes, i.e. when the user signs in, out, or switches accounts. A refresh keeps the cruds
 * on screen; only a first load shows the skeleton, and a failed refresh keeps the feed shown
 * with a notice instead of replacing it with an error.
 *
 * With `cached` (extension pages only: the background keeps the cache from content scripts),
 * the user's last feed is shown at once and the fresh one replaces it when it arrives
 * (stale-while-revalidate). After a failed load the feed tries again by itself, at growing
 * intervals while the view is open, and at once when the browser comes back online: when the
 * fault ends, the feed comes back without a click.
 */
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { CachedFeed } from '../messages.ts';
import { send } from '../messaging.ts';
import { afterPaint } from './after-paint.ts';
import type { FeedStatus } from './feed-list.tsx';
import { toUiError } from './ui-error.ts';

export interface HomeFeed {
  feed: FeedStatus;
  refreshing: boolean;
  personalised: boolean;
  /** When the feed on screen was fetched (epoch ms); null before the first one. */
  updatedAt: number | null;
  /** Why the feed on screen may be out of date (a refresh failed); cleared by the next success. */
  staleNotice: string | null;
  reload: () => void;
}

export interface HomeFeedOptions {
  /** Show the background's cached feed first. Default false. */
  cached?: boolean;
  /** How to get the cached feed. Default: ask the background (`feed/cached`). */
  readCache?: () => Promise<CachedFeed | null>;
}

const askCache = () => send('feed/cached').catch(() => null);

/** Waits before the automatic retries after a failed load; the last repeats. */
export const RETRY_DELAYS_MS = [5_000, 10_000, 20_000, 30_000] as const;

/** `userKey` null means "wait": the auth state is not known yet. */
export function useHomeFeed(userKey: string | null, o: HomeFeedOptions = {}): HomeFeed {
  const [feed, setFeed] = useState<FeedStatus>({ status: 'loading' });
  const [refreshing, setRefreshing] = useState(false);
  const [personalised, setPersonalised] = useState(false);
  const [updatedAt, setUpdatedAt] = useState<number | null>(null);
  const [staleNotice, setStaleNotice] = useState<string | null>(null);
  // Answers for a previous user must not overwrite the current one's feed.
  const generation = useRef(0);
  const shown = useRef(false);
  const failures = useRef(0);
  const retry = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const useCache = o.cached === true;
  const readCache = useRef(o.readCache ?? askCache);

  const load = useCallback(
    async (keepShown: boolean) => {
      const mine = ++generation.current;
      clearTimeout(retry.current);
      setRefreshing(true);
      if (!keepShown) {
        shown.current = false;
        setFeed({ status: 'loading' });
        setUpdatedAt(null);
        setStaleNotice(null);
        if (useCache) {
          const cached = await readCache.current();
          // Only the user it was fetched for sees it (`userKey` is their Cognito sub).
          if (cached && cached.user === userKey && mine === generation.current) {
            shown.current = true;
            setPersonalised(cached.personalised);
            setFeed({ status: 'ready', activities: cached.activities });
            setUpdatedAt(cached.updatedAt);
            // Asking for the fresh feed may wake the worker: let the cached one paint first.
            await afterPaint();
            if (mine !== generation.current) return;
          }
        }
      }
      try {
        const result = await send('feed/home');
        if (mine !== generation.current) return;
        shown.current = true;
        setPersonalised(result.personalised);
        setFeed({ status: 'ready', activities: result.activities });
        setUpdatedAt(result.updatedAt ?? Date.now());
        setStaleNotice(null);
        failures.current = 0;
      } catch (e) {
        if (mine !== generation.current) return;
        const { message } = toUiError(e);
        if (shown.current) setStaleNotice(message);
        else setFeed({ status: 'error', message });
        const delay = RETRY_DELAYS_MS[Math.min(failures.current, RETRY_DELAYS_MS.length - 1)];
        failures.current += 1;
        retry.current = setTimeout(() => void load(shown.current), delay);
      } finally {
        if (mine === generation.current) setRefreshing(false);
      }
    },
    [useCache, userKey],
  );

  // A layout effect: the cached feed (an answer usually already in) is then drawn before the
  // view's first paint, not a frame after it.
  useLayoutEffect(() => {
    failures.current = 0;
    if (userKey !== null) void load(false);
    return () => clearTimeout(retry.current);
  }, [userKey, load]);

  // The fault may have been the network: when it is back, so is the feed.
  useEffect(() => {
    if (userKey === null) return;
    const onOnline = () => void load(shown.current);
    globalThis.addEventListener?.('online', onOnline);
    return () => globalThis.removeEventListener?.('online', onOnline);
  }, [userKey, load]);

  return { feed, refreshing, personalised, updatedAt, staleNotice, reload: () => void load(shown.current) };
}
