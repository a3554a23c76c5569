/**
 * Cruds posted from the popup, shown before the API's feed has them (`post-crud.ts` makes them,
 * in the composer's chunk).
 */
import type { Activity } from '../shared/activity.ts';
import type { FeedStatus } from '../shared/ui/feed-list.tsx';

/** The feed with the posted cruds on top, each once (a reloaded feed may already hold them). */
export function mergePosted(feed: FeedStatus, posted: readonly Activity[]): FeedStatus {
  if (posted.length === 0) return feed;
  const base = feed.status === 'ready' ? feed.activities : [];
  const inFeed = new Set(base.map((a) => a.uuid));
  return { status: 'ready', activities: [...posted.filter((a) => !inFeed.has(a.uuid)), ...base] };
}
