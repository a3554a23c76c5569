/**
 * The home feed: cruds, a loading skeleton, an empty state and an error with retry.
 * Shared by the popup and the in-page feed panel, so it takes data and callbacks only.
 * Cruds arrive read by shared/activity.ts; what a backend left out is said, never a blank row.
 * With `onOpenThread`/`onOpenProfile` (extension pages), a crud opens with its replies and its
 * author's name opens their profile; without them (the in-page frame) the feed is read-only.
 */
import type { Activity } from '../activity.ts';
import { hasApiUuid } from '../crud-id.ts';
import type { JSX } from 'preact';
import { plural, t, type PluralKey } from '../i18n.ts';
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
  /** The list's accessible name, saying what it shows. Default: "Home feed" in the browser's language. */
  label?: string;
  /** Cruds sent but not yet accepted by the API: shown marked "Posting…". */
  pendingIds?: ReadonlySet<string>;
  /** Opens a crud with its replies. */
  onOpenThread?: (activity: Activity) => void;
  /** Opens a user's profile by handle. */
  onOpenProfile?: (handle: string) => void;
  /** The empty state's title. Default: the home feed's. */
  emptyTitle?: string;
}

/** Keys for a list whose items may share a uuid (the original backend sends one twice). */
export function itemKeys(items: readonly Pick<Activity, 'uuid'>[]): string[] {
  const seen = new Map<string, number>();
  return items.map(({ uuid }) => {
    const n = seen.get(uuid) ?? 0;
    seen.set(uuid, n + 1);
    return n === 0 ? uuid : `${uuid}#${n}`;
  });
}

export function FeedList({ feed, onRetry, emptyHint, label, pendingIds, onOpenThread, onOpenProfile, emptyTitle }: FeedListProps) {
  const now = useNow();
  if (feed.status === 'loading') return <FeedSkeleton />;
  if (feed.status === 'error') {
    return (
      <div class="feed-state" data-testid="feed-error">
        <p role="alert">{feed.message}</p>
        <ActionButton onClick={onRetry} testId="feed-retry">
          {t('ui_tryAgain')}
        </ActionButton>
      </div>
    );
  }
  if (feed.activities.length === 0) {
    return (
      <div class="feed-state" data-testid="feed-empty">
        <p class="feed-state__title">{emptyTitle ?? t('ui_feedEmptyTitle')}</p>
        <p class="feed-state__hint">{emptyHint ?? t('ui_feedEmptyHint')}</p>
      </div>
    );
  }
  const keys = itemKeys(feed.activities);
  return (
    <ol class="feed" aria-label={label ?? t('ui_homeFeed')} data-testid="feed">
      {feed.activities.map((a, i) => (
        <FeedItem key={keys[i]} activity={a} now={now} pending={pendingIds?.has(a.uuid) ?? false} onOpenThread={onOpenThread} onOpenProfile={onOpenProfile} />
      ))}
    </ol>
  );
}

/** A count as a number; anything else (a crud from an older cache) is 0. */
const n = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? Math.floor(v) : 0);

interface FeedItemProps {
  activity: Activity;
  now: number;
  pending?: boolean;
  onOpenThread?: ((activity: Activity) => void) | undefined;
  onOpenProfile?: ((handle: string) => void) | undefined;
  /** The crud a thread is about: its text larger, no "open" button. */
  lead?: boolean;
}

export function FeedItem({ activity: a, now, pending = false, onOpenThread, onOpenProfile, lead = false }: FeedItemProps) {
  const name = a.display_name || a.handle || t('ui_unknownAuthor');
  const replies = n(a.replies_count);
  const author = (
    <>
      <span class="crud__name">{name}</span>
      {a.handle && ' '}
      {a.handle && <span class="crud__handle">@{a.handle}</span>}
    </>
  );
  const classes = ['crud', pending && 'crud--pending', lead && 'crud--lead'].filter(Boolean).join(' ');
  return (
    <li class={classes} data-testid="crud" data-pending={pending || undefined} aria-busy={pending || undefined}>
      <div class="crud__head">
        {onOpenProfile && a.handle && !pending ? (
          // Named by what it shows (name and handle); the title says where it goes.
          <button type="button" class="crud__author" onClick={() => onOpenProfile(a.handle)} title={t('ui_openProfile', name)} data-testid="crud-author">
            {author}
          </button>
        ) : (
          author
        )}
        {(pending || a.created_at) && (
          // One piece, so that when the line is full the time moves below whole, its dot with it.
          <span class="crud__when">
            <span class="crud__dot" aria-hidden="true">
              ·
            </span>{' '}
            {pending ? <span class="crud__pending">{t('ui_posting')}</span> : a.created_at && <TimeAgo iso={a.created_at} now={now} />}
          </span>
        )}
      </div>
      <p class={a.message ? 'crud__message' : 'crud__message crud__message--none'} data-testid="crud-message">
        {a.message || t('ui_crudNoText')}
      </p>
      <div class="crud__foot">
        <span class="crud__counts">
          {onOpenThread && !lead && !pending && hasApiUuid(a) ? (
            <button type="button" class="count count--open" onClick={() => onOpenThread(a)} aria-label={t('ui_openThread', replies, name)} data-testid="crud-open">
              <ReplyIcon />
              <span aria-hidden="true">{replies}</span>
            </button>
          ) : (
            <Count n={replies} words="ui_replies" icon={<ReplyIcon />} />
          )}
          <Count n={n(a.reposts_count)} words="ui_reposts" icon={<RepostIcon />} />
          <Count n={n(a.likes_count)} words="ui_likes" icon={<HeartIcon />} />
        </span>
        {a.expires_at && <ExpiresIn iso={a.expires_at} now={now} />}
      </div>
    </li>
  );
}

/** A count under a crud: the number shown, the whole phrase ("3 replies") read and in the tooltip. */
function Count({ n, words, icon }: { n: number; words: PluralKey; icon: JSX.Element }) {
  const label = plural(words, n);
  return (
    <span class="count" title={label}>
      {icon}
      <span aria-hidden="true">{n}</span>
      <span class="visually-hidden">{label}</span>
    </span>
  );
}

export function FeedSkeleton({ rows = 3 }: { rows?: number }) {
  return (
    <div class="feed" aria-busy="true" aria-label={t('ui_loadingFeed')} data-testid="feed-loading">
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
