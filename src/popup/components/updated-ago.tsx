/** "Updated 2 min. ago", "Aktualisiert vor 2 Min.": how fresh the feed on screen is (it may come from the cache). */
import { useNow } from '../../shared/ui/relative-time.tsx';
import { relativeTime, t } from '../../shared/i18n.ts';

export function updatedLabel(at: number, now: number): string {
  const seconds = Math.max(0, Math.round((now - at) / 1000));
  if (seconds < 60) return t('popup_updatedJustNow');
  const minutes = Math.floor(seconds / 60);
  // Short units ("2 min. ago", "vor 2 Min."): the toolbar line has little room.
  if (minutes < 60) return t('popup_updated', relativeTime(-minutes, 'minute', 'short'));
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return t('popup_updated', relativeTime(-hours, 'hour', 'short'));
  return t('popup_updated', relativeTime(-Math.floor(hours / 24), 'day', 'short'));
}

export function UpdatedAgo({ at }: { at: number | null }) {
  const now = useNow(15_000);
  if (at === null) return null;
  return (
    <time class="updated-ago" dateTime={new Date(at).toISOString()} data-testid="feed-updated">
      {updatedLabel(at, Math.max(now, Date.now()))}
    </time>
  );
}
