import { describe, expect, it } from 'vitest';
import { createOfferBadge, OFFER_BADGE } from './offer-badge.ts';
import { createToolbarBadge, UNREAD_BADGE } from './toolbar-badge.ts';
import { memoryKV } from '../shared/kv.ts';

function fakeAction() {
  const calls: string[] = [];
  const now = { text: '', title: 'Cruddur Companion' };
  return {
    calls,
    now,
    action: {
      setBadgeText: async ({ text }: { text: string }) => void (calls.push(`text:${text}`), (now.text = text)),
      setBadgeBackgroundColor: async ({ color }: { color: string }) => void calls.push(`color:${color}`),
      setTitle: async ({ title }: { title: string }) => void (now.title = title),
    },
  };
}

describe('toolbar badge: the offer dot and the messages count share one badge', () => {
  it('shows the count with its colour and a title that says what it counts; 0 clears it', async () => {
    const a = fakeAction();
    const badge = createToolbarBadge(a.action, 'Cruddur Companion');
    await badge.showUnread(3);
    expect(a.now).toEqual({ text: '3', title: UNREAD_BADGE.title(3) });
    expect(a.calls).toContain(`color:${UNREAD_BADGE.color}`);
    await badge.showUnread(150);
    expect(a.now.text).toBe('99+');
    await badge.showUnread(0);
    expect(a.now).toEqual({ text: '', title: 'Cruddur Companion' });
  });

  it('writes only when what shows changes', async () => {
    const a = fakeAction();
    const badge = createToolbarBadge(a.action, 'Cruddur Companion');
    await badge.showUnread(1);
    const writes = a.calls.length;
    await badge.showUnread(1);
    expect(a.calls.length).toBe(writes);
  });

  it('the offer wins while it waits; the count shows again once it is gone', async () => {
    const a = fakeAction();
    const badge = createToolbarBadge(a.action, 'Cruddur Companion');
    let waiting = false;
    const updateOffer = createOfferBadge({ action: badge.offerLane, defaultTitle: 'Cruddur Companion', store: memoryKV(), waiting: async () => waiting });
    await badge.showUnread(2);
    waiting = true;
    await updateOffer();
    expect(a.now).toEqual({ text: OFFER_BADGE.text, title: OFFER_BADGE.title });
    // A count arriving while the offer shows does not hide it.
    await badge.showUnread(4);
    expect(a.now.text).toBe(OFFER_BADGE.text);
    waiting = false;
    await updateOffer();
    expect(a.now).toEqual({ text: '4', title: UNREAD_BADGE.title(4) });
  });

  it('the count clearing never erases the offer dot', async () => {
    const a = fakeAction();
    const badge = createToolbarBadge(a.action, 'Cruddur Companion');
    const updateOffer = createOfferBadge({ action: badge.offerLane, defaultTitle: 'Cruddur Companion', store: memoryKV(), waiting: async () => true });
    await updateOffer();
    await badge.showUnread(0);
    expect(a.now).toEqual({ text: OFFER_BADGE.text, title: OFFER_BADGE.title });
  });
});
