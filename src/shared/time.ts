/**
 * Relative times for cruds, as plain functions of `(iso, now)` so tests pass the clock in.
 * English only for now: the rest of the UI is English too.
 */

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const SHORT_DATE = new Intl.DateTimeFormat('en', { month: 'short', day: 'numeric' });
const LONG_DATE = new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeStyle: 'short' });

function parse(iso: string): number | null {
  const t = Date.parse(iso);
  return Number.isNaN(t) ? null : t;
}

function plural(n: number, unit: string): string {
  return `${n} ${unit}${n === 1 ? '' : 's'}`;
}

/**
 * The time relative times are drawn with: the clock now, never earlier than the last tick. A
 * view's tick is when it last ticked, possibly before its cruds arrived; measured from it, a crud
 * posted two days before it arrived reads "1d" (and one an hour old "59m").
 */
export function readNow(lastTick: number, clock: () => number = Date.now): number {
  return Math.max(lastTick, clock());
}

/**
 * How long ago a crud was posted, compact for a narrow popup: "just now", "5m", "3h", "2d",
 * then the date ("Mar 4"). A clock slightly ahead of the server (negative age) is "just now".
 */
export function timeAgo(iso: string, now: number = Date.now()): string {
  const t = parse(iso);
  if (t === null) return '';
  const age = now - t;
  if (age < MINUTE) return 'just now';
  if (age < HOUR) return `${Math.floor(age / MINUTE)}m`;
  if (age < DAY) return `${Math.floor(age / HOUR)}h`;
  if (age < 7 * DAY) return `${Math.floor(age / DAY)}d`;
  return SHORT_DATE.format(t);
}

/** When a crud disappears, in words: "expires in 3 hours", "expires in under a minute", "expired". */
export function expiresIn(iso: string, now: number = Date.now()): string {
  const t = parse(iso);
  if (t === null) return '';
  const left = t - now;
  if (left <= 0) return 'expired';
  if (left < MINUTE) return 'expires in under a minute';
  if (left < HOUR) return `expires in ${plural(Math.floor(left / MINUTE), 'minute')}`;
  if (left < DAY) return `expires in ${plural(Math.floor(left / HOUR), 'hour')}`;
  return `expires in ${plural(Math.floor(left / DAY), 'day')}`;
}

/** The full date, for a tooltip next to the compact form. */
export function fullDate(iso: string): string {
  const t = parse(iso);
  return t === null ? '' : LONG_DATE.format(t);
}
