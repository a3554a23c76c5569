/**
 * Relative times for cruds, as plain functions of `(iso, now)` so tests pass the clock in.
 * English only for now: the rest of the UI is English too.
 */

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const SHORT_DATE = new Intl.DateTimeFormat('en', { month: 'short', day: 'numeric' });
const LONG_DATE = new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeStyle: 'short' });

/** `2026-12-04T21:13:41.532810+00:00`, `2026-12-03 21:13:41`, `…Z`: date, time, fraction, zone. */
const API_TIME = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2})?)(?:[.,](\d+))?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

/**
 * A backend's time as epoch ms, read as the backend means it. Both Cruddur backends write UTC:
 * this repository's API with `Z`, the original with `+00:00`, or with no zone at all where it
 * used Python's naive `datetime.now()` in a container set to UTC. So a time without a zone is
 * UTC here, never the browser's local time (which `Date.parse` would assume). Python's
 * microseconds are cut to milliseconds. Anything else is left to `Date.parse`; null if unreadable.
 */
export function readApiTime(value: string): number | null {
  const m = API_TIME.exec(value.trim());
  if (!m) {
    const t = Date.parse(value);
    return Number.isNaN(t) ? null : t;
  }
  const [, date = '', clock = '', fraction = '', zone = 'Z'] = m;
  const ms = fraction ? `.${fraction.slice(0, 3).padEnd(3, '0')}` : '';
  const offset = zone.toUpperCase() === 'Z' ? 'Z' : zone.length === 3 ? `${zone}:00` : zone.includes(':') ? zone : `${zone.slice(0, 3)}:${zone.slice(3)}`;
  const t = Date.parse(`${date}T${clock.length === 5 ? `${clock}:00` : clock}${ms}${offset}`);
  return Number.isNaN(t) ? null : t;
}

const parse = (iso: string): number | null => readApiTime(iso);

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
