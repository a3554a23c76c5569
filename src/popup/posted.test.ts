import { describe, expect, it } from 'vitest';
import type { Activity } from '../shared/activity.ts';
import { mergePosted, optimisticCrud } from './posted.ts';
import { updatedLabel } from './components/updated-ago.tsx';

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
    [2 * 60_000, 'Updated 2 min ago'],
    [3 * 3_600_000, 'Updated 3 h ago'],
    [2 * 86_400_000, 'Updated 2 d ago'],
  ])('says how old the feed on screen is (%i ms)', (age, label) => {
    expect(updatedLabel(NOW - age, NOW)).toBe(label);
  });
});
