/** Relative times that stay true while a view is open: one shared minute tick per component. */
import { useEffect, useState } from 'preact/hooks';
import { expiresIn, fullDate, timeAgo } from '../time.ts';

export function useNow(everyMs = 30_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
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
    <time class="expires" dateTime={iso} title={`Expires ${fullDate(iso)}`}>
      {expiresIn(iso, now)}
    </time>
  );
}
