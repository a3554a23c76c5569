/**
 * Cruds: the wire shape this repository's API sends (`Activity`, `ListedActivity`; the server
 * imports them from here), and the tolerant reading of whatever a Cruddur backend sends.
 *
 * Two backends answer the same routes differently (server/README.md, "The original backend and
 * this one"): the original Cruddur backend leaves out `display_name`, sends `likes` instead of
 * `likes_count`, leaves out the other counts, nests `replies` as one object in a thread, and
 * writes times as Python's `isoformat()`, some without a time zone. `toActivity` reads any of
 * them into one `Activity`:
 * - the name falls back to the handle (a leading `@` is dropped from the handle);
 * - a count is a non-negative whole number, else 0; `likes` is read where `likes_count` is missing;
 * - times are read as the backend means them (`readApiTime` below): with a zone, as
 *   written; without one, as UTC, because both backends write UTC; microseconds are cut to
 *   milliseconds; a time that cannot be read becomes '' (the view then shows no time);
 * - `replies` may be a list or one object; anything else is no replies;
 * - fields nobody reads are left out;
 * - a crud with a missing or malformed field is kept and shown as well as it can be: without a
 *   uuid it gets a local one (`MISSING_UUID_PREFIX`, never sent to the API), without a name or
 *   handle the view says "Unknown author", without text it says so. Only an item that is not an
 *   object at all (null, a number) is no crud, and is left out.
 */
import { hasApiUuid, MISSING_UUID_PREFIX } from './crud-id.ts';

/** A crud, as this repository's API returns it (and as the views receive it, after `toActivity`). */
export interface Activity {
  uuid: string;
  display_name: string;
  handle: string;
  message: string;
  /** ISO 8601, UTC; '' when the backend sent none that can be read. */
  created_at: string;
  /** ISO 8601, UTC; '' when the backend sent none that can be read. */
  expires_at: string;
  likes_count: number;
  replies_count: number;
  reposts_count: number;
  replies?: Activity[];
}

/** A crud as the show, reply and search routes answer it: a reply also says what it answers. */
export type ListedActivity = Activity & { reply_to_activity_uuid?: string };

export interface Feed {
  activities: Activity[];
  /** True when the API answered with the signed-in user's personalised feed. */
  personalised: boolean;
}

/** A crud opened with its replies (`GET /api/activities/<uuid>`). */
export interface Thread {
  activity: ListedActivity;
  replies: ListedActivity[];
}

export { hasApiUuid, MISSING_UUID_PREFIX };

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

/** How deep nested replies are read (a thread's replies are one level). */
const MAX_DEPTH = 2;

const text = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' && Number.isFinite(v) ? String(v) : '');

function count(v: unknown): number | null {
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^\s*\d+\s*$/.test(v) ? Number(v) : NaN;
  return Number.isFinite(n) && n >= 0 ? Math.floor(n) : null;
}

function time(v: unknown): string {
  const t = typeof v === 'string' ? readApiTime(v) : null;
  return t === null ? '' : new Date(t).toISOString();
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

let missing = 0;

/** One crud as the views show it, from whatever a backend sent; null only for a non-object. */
export function toActivity(raw: unknown, depth = 0): ListedActivity | null {
  if (!isRecord(raw)) return null;
  const handle = text(raw.handle).trim().replace(/^@/, '');
  const name = text(raw.display_name).trim();
  const uuid = text(raw.uuid).trim();
  const replies = depth < MAX_DEPTH ? toActivities(Array.isArray(raw.replies) ? raw.replies : isRecord(raw.replies) ? [raw.replies] : [], depth + 1) : [];
  const activity: ListedActivity = {
    uuid: uuid || `${MISSING_UUID_PREFIX}${++missing}`,
    display_name: name || handle,
    handle: handle || '',
    message: text(raw.message),
    created_at: time(raw.created_at),
    expires_at: time(raw.expires_at),
    likes_count: count(raw.likes_count) ?? count(raw.likes) ?? 0,
    // A thread's answer may carry its replies without counting them.
    replies_count: count(raw.replies_count) ?? replies.length,
    reposts_count: count(raw.reposts_count) ?? count(raw.reposts) ?? 0,
    replies,
  };
  const replyTo = text(raw.reply_to_activity_uuid).trim();
  if (replyTo) activity.reply_to_activity_uuid = replyTo;
  return activity;
}

/** A list of cruds from whatever a backend sent: non-objects are left out, every object is kept. */
export function toActivities(raw: readonly unknown[], depth = 0): ListedActivity[] {
  const out: ListedActivity[] = [];
  for (const item of raw) {
    const a = toActivity(item, depth);
    if (a) out.push(a);
  }
  return out;
}

/**
 * A thread from `GET /api/activities/<uuid>`: this API's one object with a `replies` list, or the
 * original's list of one whose `replies` is one object. Null when there is no crud in it.
 */
export function toThread(raw: unknown): Thread | null {
  const first = Array.isArray(raw) ? raw.find(isRecord) : raw;
  const activity = toActivity(first);
  if (!activity) return null;
  const { replies = [], ...rest } = activity;
  return { activity: { ...rest, replies: [] }, replies };
}
