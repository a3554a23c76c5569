/**
 * The home feed, fetched through the background (which attaches and refreshes the token).
 * A refresh keeps the cruds on screen; only the first load shows the skeleton.
 */
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import type { Activity } from '../shared/activity.ts';
import { send } from '../shared/messaging.ts';
import type { FeedStatus } from '../shared/ui/feed-list.tsx';
import { toUiError } from '../shared/ui/ui-error.ts';

export interface FeedState {
  feed: FeedStatus;
  refreshing: boolean;
  personalised: boolean;
  reload: () => void;
}

export function useFeed(userKey: string): FeedState {
  const [feed, setFeed] = useState<FeedStatus>({ status: 'loading' });
  const [refreshing, setRefreshing] = useState(false);
  const [personalised, setPersonalised] = useState(false);
  const shown = useRef<Activity[] | null>(null);
  const inFlight = useRef(false);

  const reload = useCallback(async () => {
    if (inFlight.current) return;
    inFlight.current = true;
    setRefreshing(true);
    if (!shown.current) setFeed({ status: 'loading' });
    try {
      const result = await send('feed/home');
      shown.current = result.activities;
      setPersonalised(result.personalised);
      setFeed({ status: 'ready', activities: result.activities });
    } catch (e) {
      shown.current = null;
      setFeed({ status: 'error', message: toUiError(e).message });
    } finally {
      inFlight.current = false;
      setRefreshing(false);
    }
  }, []);

  useEffect(() => {
    shown.current = null;
    void reload();
  }, [userKey, reload]);

  return { feed, refreshing, personalised, reload: () => void reload() };
}
