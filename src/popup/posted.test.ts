import { describe, expect, it, vi } from 'vitest';
import type { Activity } from '../shared/activity.ts';
import { mergePosted } from './posted.ts';
import { optimisticCrud, postCrud, type PostedState } from './post-crud.ts';
import { updatedLabel } from './components/updated-ago.tsx';
import { useLanguage } from '../shared/i18n-fake.ts';

// post-crud.ts sends through the extension's messaging by default; these tests hand it a
// sender of their own, so the real one (and the browser it needs) must never be reached.
vi.mock('../shared/messaging.ts', () => ({
  send: vi.fn(() => {
    throw new Error('postCrud sent through the extension instead of the sender it was given');
  }),
}));

const USER = { sub: 's', email: 'ada@example.com', name: 'Ada', handle: 'ada' };
const NOW = Date.parse('2026-11-28T06:00:00Z');
const crud = (uuid: string) => ({ uuid }) as Activity;

describe('posted cruds', () => {
  it.each([
    ['30-days', '2026-12-28T06:00:00.000Z'],
    ['12-hours', '2026-11-28T18:00:00.000Z'],
    ['1-hour', '2026-11-28T07:00:00.000Z'],
  ] as const)('makes a pending crud expiring as the API would for %s', (ttl, expires) => {
    const a = optimisticCrud({ message: '  hello  ', ttl }, USER, NOW);
    expect(a).toMatchObject({ display_name: 'Ada', handle: 'ada', message: 'hello', created_at: '2026-11-28T06:00:00.000Z', expires_at: expires });
    expect(a.uuid).toMatch(/^pending-/);
  });

  it('puts posted cruds on top, once, even when the reloaded feed already has them', () => {
    const feed = { status: 'ready' as const, activities: [crud('b'), crud('c')] };
    expect(mergePosted(feed, [crud('a'), crud('b')])).toEqual({ status: 'ready', activities: [crud('a'), crud('b'), crud('c')] });
  });

  it('shows a posted crud even while the feed is still loading or failed', () => {
    expect(mergePosted({ status: 'error', message: 'x' }, [crud('a')])).toEqual({ status: 'ready', activities: [crud('a')] });
    expect(mergePosted({ status: 'loading' }, [])).toEqual({ status: 'loading' });
  });

  it.each([
    [30_000, 'Updated just now'],
    [2 * 60_000, 'Updated 2 min. ago'],
    [3 * 3_600_000, 'Updated 3 hr. ago'],
    [2 * 86_400_000, 'Updated 2 days ago'],
  ])('says how old the feed on screen is (%i ms)', (age, label) => {
    expect(updatedLabel(NOW - age, NOW)).toBe(label);
  });

  it('says it in the browser\'s language, in its own words for the time (Intl.RelativeTimeFormat)', () => {
    useLanguage('de');
    expect(updatedLabel(NOW - 30_000, NOW)).toBe('Gerade aktualisiert');
    expect(updatedLabel(NOW - 2 * 60_000, NOW)).toBe('Aktualisiert vor 2 Min.');
    expect(updatedLabel(NOW - 86_400_000, NOW)).toBe('Aktualisiert gestern');
  });
});

/** The home view's two pieces of state, as plain values the setters update. */
function homeState() {
  const s = { posted: [] as Activity[], pending: new Set<string>() as ReadonlySet<string> };
  const posts: PostedState = {
    user: USER,
    setPosted: (u) => void (s.posted = typeof u === 'function' ? u(s.posted) : u),
    setPendingIds: (u) => void (s.pending = typeof u === 'function' ? u(s.pending) : u),
  };
  return { s, posts };
}

describe('posting a crud', () => {
  const crudIn = { message: ' hi ', ttl: '1-hour' } as const;

  it('shows the crud pending at once, then the API\'s own object, no longer pending', async () => {
    const { s, posts } = homeState();
    const accepted = { uuid: 'api-1', message: 'hi' } as Activity;
    let answer!: (a: Activity) => void;
    const sendCrud = vi.fn(() => new Promise<Activity>((r) => (answer = r)));
    const done = postCrud(crudIn, posts, sendCrud);
    expect(sendCrud).toHaveBeenCalledWith(crudIn);
    expect(s.posted).toEqual([expect.objectContaining({ message: 'hi', uuid: expect.stringMatching(/^pending-/) })]);
    expect(s.pending).toEqual(new Set([s.posted[0]!.uuid]));
    answer(accepted);
    await done;
    expect(s.posted).toEqual([accepted]);
    expect(s.pending).toEqual(new Set());
  });

  it('takes a refused crud off the feed and passes the refusal (its field errors) on', async () => {
    const { s, posts } = homeState();
    const refusal = Object.assign(new Error('Check the message.'), { code: 'invalid-input', fields: { message: 'Too long.' } });
    await expect(postCrud(crudIn, posts, () => Promise.reject(refusal))).rejects.toBe(refusal);
    expect(s.posted).toEqual([]);
    expect(s.pending).toEqual(new Set());
  });
});
