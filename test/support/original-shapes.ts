// The answers of the ORIGINAL Cruddur backend (AWS Cloud Project Bootcamp 2023, backend-flask
// at the end of week 3), as pure functions of the time: its services/*.py return these mock
// structures. Kept apart from the server (original-backend.ts) so fixtures can be built from
// the same code at a fixed time. Quirks kept on purpose, because a real client meets them:
// - feed items carry no `display_name`, and `handle` holds a display name ("Andrew Brown");
// - three of four home items have `likes` instead of `likes_count` and no `replies_count` or
//   `reposts_count`; the first nests `replies`;
// - times are Python's `isoformat()`: microseconds and `+00:00` (a container in UTC), the
//   fraction left out when it is zero, and no time zone at all where the service used the naive
//   `datetime.now()` (services/user_activities.py);
// - `GET /api/activities/<uuid>` answers a list of one item whose `replies` is one object.

const DAY = 86_400_000;
const HOUR = 3_600_000;

/** Python's `datetime.isoformat()` of a UTC time: `2026-12-04T21:13:41.532810+00:00`, or naive. */
export function pythonIso(t: Date | number, naive = false): string {
  const d = new Date(t);
  const base = d.toISOString().slice(0, 19);
  // JavaScript times have milliseconds: the last three microsecond digits are zeros, as when
  // Python's clock happens to land on a millisecond. A zero fraction is left out entirely.
  const fraction = d.getUTCMilliseconds() === 0 ? '' : `.${String(d.getUTCMilliseconds()).padStart(3, '0')}000`;
  return `${base}${fraction}${naive ? '' : '+00:00'}`;
}

/** services/home_activities.py; with a token it accepts, the extra crud from week 3 comes first. */
export function originalHome(now: number, authenticated: boolean): Record<string, unknown>[] {
  const items: Record<string, unknown>[] = [
    {
      uuid: '68f126b0-1ceb-4a33-88be-d90fa7109eee', handle: 'Andrew Brown', message: 'Cloud is fun!',
      created_at: pythonIso(now - 2 * DAY), expires_at: pythonIso(now + 5 * DAY),
      likes_count: 5, replies_count: 1, reposts_count: 0,
      replies: [{
        uuid: '26e12864-1c26-5c3a-9658-97a10f8fea67', reply_to_activity_uuid: '68f126b0-1ceb-4a33-88be-d90fa7109eee',
        handle: 'Worf', message: 'This post has no honor!', likes_count: 0, replies_count: 0, reposts_count: 0,
        created_at: pythonIso(now - 2 * DAY),
      }],
    },
    {
      uuid: '66e12864-8c26-4c3a-9658-95a10f8fea67', handle: 'Worf', message: 'I am out of prune juice',
      created_at: pythonIso(now - 7 * DAY), expires_at: pythonIso(now + 9 * DAY), likes: 0, replies: [],
    },
    {
      uuid: '248959df-3079-4947-b847-9e0892d1bab4', handle: 'Garek', message: 'My dear doctor, I am just simple tailor',
      created_at: pythonIso(now - HOUR), expires_at: pythonIso(now + 12 * HOUR), likes: 0, replies: [],
    },
  ];
  if (authenticated) {
    items.unshift({
      uuid: '248959df-3079-4947-b847-9e0892d1bab4', handle: 'Lore', message: 'My dear brother, it the humans that are the problem',
      created_at: pythonIso(now - HOUR), expires_at: pythonIso(now + 12 * HOUR), likes: 1042, replies: [],
    });
  }
  return items;
}

/** services/user_activities.py: the same crud whatever the handle, with naive times. */
export const originalUserActivities = (now: number) => [{
  uuid: '248959df-3079-4947-b847-9e0892d1bab4', handle: 'Andrew Brown', message: 'Cloud is fun!',
  created_at: pythonIso(now - DAY, true), expires_at: pythonIso(now + 31 * DAY, true),
}];

/** services/search_activities.py (a blank term is 422 `["search_term_blank"]`). */
export const originalSearch = (now: number) => [{
  uuid: '248959df-3079-4947-b847-9e0892d1bab4', handle: 'Andrew Brown', message: 'Cloud is fun!', created_at: pythonIso(now),
}];

/** services/show_activity.py: a list of one, `replies` a single object. */
export const originalShowActivity = (now: number) => [{
  uuid: '68f126b0-1ceb-4a33-88be-d90fa7109eee', handle: 'Andrew Brown', message: 'Cloud is fun!',
  created_at: pythonIso(now - 2 * DAY), expires_at: pythonIso(now + 5 * DAY),
  replies: { uuid: '26e12864-1c26-5c3a-9658-97a10f8fea67', handle: 'Worf', message: 'This post has no honor!', created_at: pythonIso(now - 2 * DAY) },
}];

/** services/message_groups.py (for the fixed user andrewbrown). */
export const originalMessageGroups = (now: number) => [
  { uuid: '24b95582-9e7b-4e0a-9ad1-639773ab7552', display_name: 'Andrew Brown', handle: 'andrewbrown', created_at: pythonIso(now) },
  { uuid: '417c360e-c4e6-4fce-873b-d2d71469b4ac', display_name: 'Worf', handle: 'worf', created_at: pythonIso(now) },
];

/** services/messages.py: the same two messages whatever the handle. */
export const originalMessages = (now: number) => [
  { uuid: '4e81c06a-db0f-4281-b4cc-98208537772a', display_name: 'Andrew Brown', handle: 'andrewbrown', message: 'Cloud is fun!', created_at: pythonIso(now) },
  { uuid: '66e12864-8c26-4c3a-9658-95a10f8fea67', display_name: 'Andrew Brown', handle: 'andrewbrown', message: 'This platform is great!', created_at: pythonIso(now) },
];

export const FIXED_USER = { display_name: 'Andrew Brown', handle: 'andrewbrown' } as const;

/** services/create_activity.py: the errors list keeps only the LAST problem found (it is reassigned). */
export function originalCreateActivity(body: { message?: unknown; ttl?: unknown }, now: number, uuid: string): { status: 200 | 422; body: unknown } {
  const hours: Record<string, number> = { '30-days': 720, '7-days': 168, '3-days': 72, '1-day': 24, '12-hours': 12, '3-hours': 3, '1-hour': 1 };
  const ttl = typeof body.ttl === 'string' ? hours[body.ttl] : undefined;
  let errors: string[] | null = ttl === undefined ? ['ttl_blank'] : null;
  const message = typeof body.message === 'string' ? body.message : null;
  // Python's len() counts code points; "   " is not blank to it.
  if (message === null || [...message].length < 1) errors = ['message_blank'];
  else if ([...message].length > 280) errors = ['message_exceed_max_chars'];
  if (errors || ttl === undefined) return { status: 422, body: errors };
  return { status: 200, body: { uuid, ...FIXED_USER, message, created_at: pythonIso(now), expires_at: pythonIso(now + ttl * HOUR) } };
}
