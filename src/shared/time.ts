/**
 * Relative times for cruds, as plain functions of `(iso, now)` so tests pass the clock in. The
 * words are the browser's (`Intl.RelativeTimeFormat`, `Intl.DateTimeFormat` through i18n.ts), in
 * its UI language; only "just now" and the expiry sentences are the catalog's.
 */
import { formatDate, relativeTime, t } from './i18n.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

function parse(iso: string): number | null {
  const t = Date.parse(iso);
  return Number.isNaN(t) ? null : t;
}

/**
 * The time relative times are drawn with: the clock now, never earlier than the last tick. A
 * view's tick is when it last ticked, possibly before its cruds arrived; measured from it, a crud
 * posted two days before it arrived reads "1d ago" (and one an hour old "59m ago").
 */
export function readNow(lastTick: number, clock: () => number = Date.now): number {
  return Math.max(lastTick, clock());
}

/** The largest whole unit of `ms` that is at least one: minutes under an hour, and so on. */
function unitOf(ms: number): [number, Intl.RelativeTimeFormatUnit] {
  if (ms < HOUR) return [Math.floor(ms / MINUTE), 'minute'];
  if (ms < DAY) return [Math.floor(ms / HOUR), 'hour'];
  return [Math.floor(ms / DAY), 'day'];
}

/**
 * How long ago a crud was posted, compact for a narrow popup: "just now", "5m ago", "3h ago",
 * "2d ago" (the browser's narrow style: "vor 5 Min.", "5分前"), then the date ("Mar 4"). A clock
 * slightly ahead of the server (negative age) is "just now". Whole units, never "yesterday":
 * a day here is 24 hours, not a calendar day.
 */
export function timeAgo(iso: string, now: number = Date.now()): string {
  const t0 = parse(iso);
  if (t0 === null) return '';
  const age = now - t0;
  if (age < MINUTE) return t('time_justNow');
  if (age >= 7 * DAY) return formatDate(t0, { month: 'short', day: 'numeric' });
  const [value, unit] = unitOf(age);
  return relativeTime(-value, unit, 'narrow', 'always');
}

/** When a crud disappears, in words: "expires in 3 hours", "expires in under a minute", "expired". */
export function expiresIn(iso: string, now: number = Date.now()): string {
  const t0 = parse(iso);
  if (t0 === null) return '';
  const left = t0 - now;
  if (left <= 0) return t('time_expired');
  if (left < MINUTE) return t('time_expiresSoon');
  const [value, unit] = unitOf(left);
  return t('time_expires', relativeTime(value, unit, 'long', 'always'));
}

/** The full date, for a tooltip next to the compact form. */
export function fullDate(iso: string): string {
  const t0 = parse(iso);
  return t0 === null ? '' : formatDate(t0, { dateStyle: 'medium', timeStyle: 'short' });
}

/** The expiry tooltip: "Expires Mar 10, 2026, 3:00 PM". */
export function expiryDate(iso: string): string {
  const t0 = parse(iso);
  return t0 === null ? '' : t('time_expiresOn', fullDate(iso));
}
