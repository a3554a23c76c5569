/** Relative times that stay true while a view is open: one shared minute tick per component. */
import { useEffect, useState } from 'preact/hooks';
import { expiresIn, expiryDate, fullDate, readNow, timeAgo } from '../time.ts';

/**
 * The time to draw relative times with: read at every render, so a feed that arrives after the
 * view mounted is measured from its arrival, not from the mount (which made a two-day-old crud
 * read "1d" until the next tick). The tick only makes the view render again while it is open.
 */
export function useNow(everyMs = 30_000): number {
  const [tick, setTick] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setTick(Date.now()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return readNow(tick);
}

export function TimeAgo({ iso, now }: { iso: string; now: number }) {
  return (
    <time class="time-ago" dateTime={iso} title={fullDate(iso)}>
      {timeAgo(iso, now)}
    </time>
  );
}

export function ExpiresIn({ iso, now }: { iso: string; now: number }) {
  return (
    <time class="expires" dateTime={iso} title={expiryDate(iso)}>
      {expiresIn(iso, now)}
    </time>
  );
}
