/** "Updated 2 min ago": how fresh the feed on screen is (it may come from the cache). */
import { useNow } from '../../shared/ui/relative-time.tsx';

export function updatedLabel(at: number, now: number): string {
  const seconds = Math.max(0, Math.round((now - at) / 1000));
  if (seconds < 60) return 'Updated just now';
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `Updated ${minutes} min ago`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `Updated ${hours} h ago`;
  return `Updated ${Math.floor(hours / 24)} d ago`;
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
