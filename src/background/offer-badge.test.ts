// The toolbar mark means one thing: a "Continue as" offer waits. A dot, never a count, with a
// tooltip that says so; the feed page learns the same fact, without a name.
import { describe, expect, it } from 'vitest';
import { memoryKV } from '../shared/kv.ts';
import { createOfferBadge, OFFER_BADGE } from './offer-badge.ts';

function setup(waiting: boolean[]) {
  const calls: [string, unknown][] = [];
  const action = {
    setBadgeText: async (d: { text: string }) => void calls.push(['text', d.text]),
    setBadgeBackgroundColor: async (d: { color: string }) => void calls.push(['color', d.color]),
    setTitle: async (d: { title: string }) => void calls.push(['title', d.title]),
  };
  const store = memoryKV<'local'>();
  const update = createOfferBadge({ action, defaultTitle: 'Cruddur Companion', store, waiting: async () => waiting.shift() ?? false });
  return { calls, store, update };
}

describe('offer badge', () => {
  it('shows a dot that is not a number, in the accent colour, with a title that explains it', async () => {
    const { calls, store, update } = setup([true]);
    await update();
    expect(calls).toEqual([
      ['text', OFFER_BADGE.text],
      ['color', OFFER_BADGE.color],
      ['title', OFFER_BADGE.title],
    ]);
    expect(OFFER_BADGE.text).not.toMatch(/\d/);
    expect(OFFER_BADGE.title).toMatch(/signed in to Cruddur on a site/);
    expect(store.data.get('ui:offer-waiting')).toBe(true);
  });

  it('clears the dot and restores the manifest title when the offer is gone', async () => {
    const { calls, store, update } = setup([true, false]);
    await update();
    calls.length = 0;
    await update();
    expect(calls).toEqual([
      ['text', ''],
      ['title', 'Cruddur Companion'],
    ]);
    expect(store.data.get('ui:offer-waiting')).toBe(false);
  });

  it('does not touch the button again while nothing changed', async () => {
    const { calls, update } = setup([true, true]);
    await update();
    await update();
    expect(calls.filter(([what]) => what === 'text')).toHaveLength(1);
  });
});
