/**
 * The home feed for the popup and the in-page panel, fetched through the background (which
 * attaches a fresh token when signed in; neither UI sees one). Refetched whenever `userKey`
 * changes, i.e. when the user signs in, out, or switches accounts. A refresh keeps the cruds
 * on screen; only a first load shows the skeleton.
 */
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { send } from '../messaging.ts';
import type { FeedStatus } from './feed-list.tsx';
import { toUiError } from './ui-error.ts';

export interface HomeFeed {
  feed: FeedStatus;
  refreshing: boolean;
  personalised: boolean;
  reload: () => void;
}

/** `userKey` null means "wait": the auth state is not known yet. */
export function useHomeFeed(userKey: string | null): HomeFeed {
  const [feed, setFeed] = useState<FeedStatus>({ status: 'loading' });
  const [refreshing, setRefreshing] = useState(false);
  const [personalised, setPersonalised] = useState(false);
  // Answers for a previous user must not overwrite the current one's feed.
  const generation = useRef(0);

  const load = useCallback(async (keepShown: boolean) => {
    const mine = ++generation.current;
    setRefreshing(true);
    if (!keepShown) setFeed({ status: 'loading' });
    try {
      const result = await send('feed/home');
      if (mine !== generation.current) return;
      setPersonalised(result.personalised);
      setFeed({ status: 'ready', activities: result.activities });
    } catch (e) {
      if (mine !== generation.current) return;
      setFeed({ status: 'error', message: toUiError(e).message });
    } finally {
      if (mine === generation.current) setRefreshing(false);
    }
  }, []);

  useEffect(() => {
    if (userKey !== null) void load(false);
  }, [userKey, load]);

  return { feed, refreshing, personalised, reload: () => void load(feed.status === 'ready') };
}
