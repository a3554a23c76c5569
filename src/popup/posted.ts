/**
 * Cruds posted from the popup, shown before the API's feed has them: a pending one made up
 * here from what the user typed (optimistic), then the API's own object once accepted.
 */
import type { Activity } from '../shared/activity.ts';
import type { AuthState } from '../shared/auth-state.ts';
import type { NewCrud } from '../shared/messages.ts';
import type { FeedStatus } from '../shared/ui/feed-list.tsx';

type User = Extract<AuthState, { status: 'signed-in' }>['user'];

const TTL_MS: Record<NewCrud['ttl'], number> = {
  '30-days': 30 * 24 * 3_600_000,
  '7-days': 7 * 24 * 3_600_000,
  '3-days': 3 * 24 * 3_600_000,
  '1-day': 24 * 3_600_000,
  '12-hours': 12 * 3_600_000,
  '3-hours': 3 * 3_600_000,
  '1-hour': 3_600_000,
};

let counter = 0;

/** The crud as it will look, with a local id (`pending-…`) until the API gives it its own. */
export function optimisticCrud(crud: NewCrud, user: User, now = Date.now()): Activity {
  counter += 1;
  return {
    uuid: `pending-${now}-${counter}`,
    display_name: user.name || user.handle,
    handle: user.handle,
    message: crud.message.trim(),
    created_at: new Date(now).toISOString(),
    expires_at: new Date(now + TTL_MS[crud.ttl]).toISOString(),
    likes_count: 0,
    replies_count: 0,
    reposts_count: 0,
  };
}

/** The feed with the posted cruds on top, each once (a reloaded feed may already hold them). */
export function mergePosted(feed: FeedStatus, posted: readonly Activity[]): FeedStatus {
  if (posted.length === 0) return feed;
  const base = feed.status === 'ready' ? feed.activities : [];
  const inFeed = new Set(base.map((a) => a.uuid));
  return { status: 'ready', activities: [...posted.filter((a) => !inFeed.has(a.uuid)), ...base] };
}
