import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { hasApiUuid, MISSING_UUID_PREFIX, toActivities, toActivity, toThread, type ListedActivity } from './activity.ts';

/** A captured answer of either backend (test/support/fixtures, one fixed time). */
const fixture = (backend: 'original' | 'ours', name: string): unknown =>
  (JSON.parse(readFileSync(new URL(`../../test/support/fixtures/${backend}/${name}.json`, import.meta.url), 'utf8')) as { body: unknown }).body;

const list = (backend: 'original' | 'ours', name: string) => toActivities(fixture(backend, name) as unknown[]);

describe('the tolerant feed model, on both backends\' answers', () => {
  it('the original backend\'s home feed: every item named, counted and dated', () => {
    const feed = list('original', 'home-signed-in');
    expect(feed.map((a) => [a.display_name, a.handle, a.likes_count, a.replies_count, a.reposts_count])).toEqual([
      ['Lore', 'Lore', 1042, 0, 0],
      ['Andrew Brown', 'Andrew Brown', 5, 1, 0],
      ['Worf', 'Worf', 0, 0, 0],
      ['Garek', 'Garek', 0, 0, 0],
    ]);
    // `+00:00` with microseconds is the same instant as this API's `Z` form.
    expect(feed[1]?.created_at).toBe('2026-12-02T21:13:41.532Z');
    expect(feed[1]?.expires_at).toBe('2026-12-09T21:13:41.532Z');
    // Nested replies come along, named too.
    expect(feed[1]?.replies?.map((r) => [r.display_name, r.message, (r as ListedActivity).reply_to_activity_uuid])).toEqual([
      ['Worf', 'This post has no honor!', '68f126b0-1ceb-4a33-88be-d90fa7109eee'],
    ]);
  });

  it('this API\'s home feed reads as sent, unknown fields left out', () => {
    const raw = fixture('ours', 'home-signed-in') as Record<string, unknown>[];
    const feed = toActivities([...raw, { ...raw[0], uuid: 'x', colour: 'red', __proto__x: 1 }]);
    expect(feed[0]).toEqual({ ...raw[0], replies: [] });
    expect(feed.at(-1)).not.toHaveProperty('colour');
    expect(feed).toHaveLength(raw.length + 1);
  });

  it('a profile\'s cruds from the original: naive times are UTC, not the browser\'s local time', () => {
    const [a] = list('original', 'activities-by-handle');
    expect(a?.created_at).toBe('2026-12-03T21:13:41.532Z');
    expect(a?.expires_at).toBe('2027-01-04T21:13:41.532Z');
    expect(a?.display_name).toBe('Andrew Brown');
  });

  it('search results from both backends: names and zero counts where none were sent', () => {
    const [original] = list('original', 'search');
    expect(original).toMatchObject({ display_name: 'Andrew Brown', likes_count: 0, replies_count: 0, reposts_count: 0, expires_at: '' });
    const [ours] = list('ours', 'search');
    expect(ours).toMatchObject({ display_name: 'Andrew Brown', handle: 'andrewbrown', likes_count: 5, replies_count: 2 });
  });

  it('a thread: this API\'s object with a list of replies, the original\'s list of one with one reply object', () => {
    const ours = toThread(fixture('ours', 'activity-show'));
    expect(ours?.activity.message).toBe('Cloud is fun!');
    expect(ours?.replies.map((r) => r.display_name)).toEqual(['Worf', 'Ben Fixture']);
    const original = toThread(fixture('original', 'activity-show'));
    expect(original?.activity.display_name).toBe('Andrew Brown');
    expect(original?.replies.map((r) => [r.display_name, r.message])).toEqual([['Worf', 'This post has no honor!']]);
    // Counted from what came, where the backend sent no count.
    expect(original?.activity.replies_count).toBe(1);
    expect(toThread([])).toBeNull();
    expect(toThread('nonsense')).toBeNull();
  });

  it('a posted reply from either backend keeps what it answers', () => {
    for (const backend of ['original', 'ours'] as const) {
      expect(toActivity(fixture(backend, 'reply-create'))?.reply_to_activity_uuid).toBe('68f126b0-1ceb-4a33-88be-d90fa7109eee');
    }
  });
});

describe('a crud with missing or malformed fields is shown as well as it can be', () => {
  it.each([
    ['no name: the handle', { uuid: 'u', handle: '@worf' }, { display_name: 'worf', handle: 'worf' }],
    ['likes as text digits', { uuid: 'u', likes: '7' }, { likes_count: 7 }],
    ['negative and fractional counts', { uuid: 'u', likes_count: -3, replies_count: 2.7, reposts_count: 'many' }, { likes_count: 0, replies_count: 2, reposts_count: 0 }],
    ['likes_count wins over likes', { uuid: 'u', likes_count: 2, likes: 9 }, { likes_count: 2 }],
    ['a number as the message', { uuid: 'u', message: 42 }, { message: '42' }],
    ['an unreadable time', { uuid: 'u', created_at: 'yesterday-ish', expires_at: 12 }, { created_at: '', expires_at: '' }],
    ['a time with a space and no zone', { uuid: 'u', created_at: '2026-12-03 21:13:41' }, { created_at: '2026-12-03T21:13:41.000Z' }],
    ['a time with another zone', { uuid: 'u', created_at: '2026-12-03T23:13:41+0200' }, { created_at: '2026-12-03T21:13:41.000Z' }],
    ['replies that are not a list', { uuid: 'u', replies: 'none' }, { replies: [] }],
  ])('%s', (_, raw, expected) => {
    expect(toActivity(raw)).toMatchObject(expected);
  });

  it('an object without a uuid is kept, with a local one that is never opened', () => {
    const [a, b] = toActivities([{ message: 'hi' }, { message: 'there' }]);
    expect(a?.uuid.startsWith(MISSING_UUID_PREFIX)).toBe(true);
    expect(a?.uuid).not.toBe(b?.uuid);
    expect(hasApiUuid(a!)).toBe(false);
    expect(hasApiUuid({ uuid: '68f126b0-1ceb-4a33-88be-d90fa7109eee' })).toBe(true);
  });

  it('only what is not an object at all is left out', () => {
    expect(toActivities([null, 3, 'x', [], {}, { uuid: 'u' }]).map((a) => a.uuid.startsWith(MISSING_UUID_PREFIX) || a.uuid)).toEqual([true, 'u']);
  });
});
