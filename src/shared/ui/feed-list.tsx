/**
 * The home feed: cruds, a loading skeleton, an empty state and an error with retry.
 * Shared by the popup and the in-page feed panel, so it takes data and callbacks only.
 */
import type { Activity } from '../activity.ts';
import type { JSX } from 'preact';
import { ActionButton } from './buttons.tsx';
import { HeartIcon, ReplyIcon, RepostIcon } from './icons.tsx';
import { ExpiresIn, TimeAgo, useNow } from './relative-time.tsx';

export type FeedStatus =
  | { status: 'loading' }
  | { status: 'ready'; activities: Activity[] }
  | { status: 'error'; message: string };

interface FeedListProps {
  feed: FeedStatus;
  onRetry: () => void;
  /** Shown under "No cruds yet". */
  emptyHint?: string;
  /** The list's accessible name, saying what it shows. Default "Home feed". */
  label?: string;
  /** Cruds sent but not yet accepted by the API: shown marked "Posting…". */
  pendingIds?: ReadonlySet<string>;
}

export function FeedList({ feed, onRetry, emptyHint, label = 'Home feed', pendingIds }: FeedListProps) {
  const now = useNow();
  if (feed.status === 'loading') return <FeedSkeleton />;
  if (feed.status === 'error') {
    return (
      <div class="feed-state" data-testid="feed-error">
        <p role="alert">{feed.message}</p>
        <ActionButton onClick={onRetry} testId="feed-retry">
          Try again
        </ActionButton>
      </div>
    );
  }
  if (feed.activities.length === 0) {
    return (
      <div class="feed-state" data-testid="feed-empty">
        <p class="feed-state__title">No cruds yet — your home feed is quiet.</p>
        <p class="feed-state__hint">{emptyHint ?? 'Cruds from people you follow show up here. Check back soon, or post one on Cruddur.'}</p>
      </div>
    );
  }
  return (
    <ol class="feed" aria-label={label} data-testid="feed">
      {feed.activities.map((a) => (
        <FeedItem key={a.uuid} activity={a} now={now} pending={pendingIds?.has(a.uuid) ?? false} />
      ))}
    </ol>
  );
}

function FeedItem({ activity: a, now, pending }: { activity: Activity; now: number; pending: boolean }) {
  return (
    <li class={pending ? 'crud crud--pending' : 'crud'} data-testid="crud" data-pending={pending || undefined} aria-busy={pending || undefined}>
      <div class="crud__head">
        <span class="crud__name">{a.display_name}</span>
        <span class="crud__handle">@{a.handle}</span>
        <span class="crud__dot" aria-hidden="true">
          ·
        </span>
        {pending ? <span class="crud__pending">Posting…</span> : <TimeAgo iso={a.created_at} now={now} />}
      </div>
      <p class="crud__message" data-testid="crud-message">
        {a.message}
      </p>
      <div class="crud__foot">
        <span class="crud__counts">
          <Count n={a.replies_count} one="reply" many="replies" icon={<ReplyIcon />} />
          <Count n={a.reposts_count} one="repost" many="reposts" icon={<RepostIcon />} />
          <Count n={a.likes_count} one="like" many="likes" icon={<HeartIcon />} />
        </span>
        <ExpiresIn iso={a.expires_at} now={now} />
      </div>
    </li>
  );
}

function Count({ n, one, many, icon }: { n: number; one: string; many: string; icon: JSX.Element }) {
  const label = `${n} ${n === 1 ? one : many}`;
  return (
    <span class="count" title={label}>
      {icon}
      <span>{n}</span>
      <span class="visually-hidden"> {n === 1 ? one : many}</span>
    </span>
  );
}

export function FeedSkeleton({ rows = 3 }: { rows?: number }) {
  return (
    <div class="feed" aria-busy="true" aria-label="Loading the feed" data-testid="feed-loading">
      {Array.from({ length: rows }, (_, i) => (
        <div key={i} class="crud crud--skeleton" aria-hidden="true">
          <div class="skeleton skeleton--short" />
          <div class="skeleton" />
          <div class="skeleton skeleton--medium" />
        </div>
      ))}
    </div>
  );
}
