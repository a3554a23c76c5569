import { describe, expect, it } from 'vitest';
import type { AuthState } from '../shared/auth-state.ts';
import { createMessageBadge, type SeenMark } from './message-badge.ts';
import type { UnreadCheck } from './api-client.ts';
import { BackgroundError } from './wire-error.ts';

const ALICE: AuthState = { status: 'signed-in', offline: false, user: { sub: 'alice-sub', email: 'a@x', name: 'Alice', handle: 'alice' } };
const BOB: AuthState = { status: 'signed-in', offline: false, user: { sub: 'bob-sub', email: 'b@x', name: 'Bob', handle: 'bob' } };
const SIGNED_OUT: AuthState = { status: 'signed-out' };

/** Fakes that record every call with its arguments. */
function setup(o: { state?: AuthState; token?: string | null; answer?: UnreadCheck | Error; mark?: SeenMark } = {}) {
  const calls: string[] = [];
  const asked: { token: string; seenAt: string }[] = [];
  const shown: number[] = [];
  const session = { state: o.state ?? ALICE, token: o.token === undefined ? 'access-1' : o.token, peeks: 0 };
  let mark = o.mark;
  let answer = o.answer ?? { count: 2, newest: '2026-12-04T21:13:41.532Z' };
  const badge = createMessageBadge({
    session: {
      get state() {
        return session.state;
      },
      peekAccessToken: () => {
        session.peeks += 1;
        return session.token;
      },
    },
    api: {
      unreadConversations: async (token, seenAt) => {
        asked.push({ token, seenAt });
        if (answer instanceof Error) throw answer;
        return answer;
      },
    },
    seen: {
      get: async () => mark,
      set: async (m) => {
        calls.push(`seen:${m.sub}:${m.at}`);
        mark = m;
      },
    },
    show: async (n) => {
      shown.push(n);
    },
    alarm: {
      start: async () => void calls.push('alarm:start'),
      stop: async () => void calls.push('alarm:stop'),
    },
  });
  return { badge, calls, asked, shown, session, mark: () => mark, answer: (a: UnreadCheck | Error) => (answer = a) };
}

describe('messages badge', () => {
  it('asks the API with the peeked token and the seen mark, and shows the count', async () => {
    const t = setup({ mark: { sub: 'alice-sub', at: '2026-12-01T00:00:00.000Z' } });
    await t.badge.check();
    expect(t.asked).toEqual([{ token: 'access-1', seenAt: '2026-12-01T00:00:00.000Z' }]);
    expect(t.shown).toEqual([2]);
  });

  it('asks nothing without a valid token of a session in use, and stops its alarm until a page opens', async () => {
    const t = setup({ token: null });
    await t.badge.check();
    expect(t.session.peeks).toBe(1);
    expect(t.asked).toEqual([]);
    expect(t.shown).toEqual([]);
    expect(t.calls).toEqual(['alarm:stop']);
    // A page opens with the token valid again: the alarm runs and it checks.
    t.session.token = 'access-2';
    await t.badge.wake();
    expect(t.calls).toEqual(['alarm:stop', 'alarm:start', 'seen:alice-sub:2026-12-04T21:13:41.532Z']);
    expect(t.asked).toEqual([{ token: 'access-2', seenAt: '' }]);
  });

  it('a page opening with a token not yet valid keeps the alarm (the page will refresh it)', async () => {
    const t = setup({ token: null });
    await t.badge.wake();
    expect(t.calls).toEqual(['alarm:start']);
    expect(t.asked).toEqual([]);
  });

  it('a 401 clears the count and stops the alarm', async () => {
    const t = setup();
    await t.badge.check();
    t.answer(new BackgroundError('api-unauthorized'));
    await t.badge.check();
    expect(t.shown).toEqual([2, 0]);
    expect(t.calls.filter((c) => c.startsWith('alarm'))).toEqual(['alarm:stop']);
  });

  it('a network failure keeps the count as it was', async () => {
    const t = setup();
    await t.badge.check();
    t.answer(new BackgroundError('api-unreachable'));
    await t.badge.check();
    expect(t.shown).toEqual([2]);
    expect(t.calls.filter((c) => c.startsWith('alarm'))).toEqual([]);
  });

  it('signing out stops the alarm and clears the count; signing in starts it', async () => {
    const t = setup();
    await t.badge.onState(ALICE);
    expect(t.calls[0]).toBe('alarm:start');
    expect(t.shown).toEqual([2]);
    t.session.state = SIGNED_OUT;
    await t.badge.onState(SIGNED_OUT);
    expect(t.calls.at(-1)).toBe('alarm:stop');
    expect(t.shown).toEqual([2, 0]);
    // An alarm that still fires after the sign-out asks nothing and clears again.
    await t.badge.check();
    expect(t.asked).toHaveLength(1);
    expect(t.session.peeks).toBe(1);
  });

  it('the first answer becomes the seen mark; opening the list moves it to the newest conversation and clears', async () => {
    const t = setup();
    await t.badge.check();
    expect(t.mark()).toEqual({ sub: 'alice-sub', at: '2026-12-04T21:13:41.532Z' });
    await t.badge.seen([
      { handle: 'bob', display_name: 'Bob', message: 'hi', created_at: '2026-12-05T10:00:00.000Z', unread_count: 1, last_message_from_me: false },
      { handle: 'cy', display_name: 'Cy', message: '', created_at: '', unread_count: 0, last_message_from_me: false },
    ]);
    expect(t.mark()).toEqual({ sub: 'alice-sub', at: '2026-12-05T10:00:00.000Z' });
    expect(t.shown.at(-1)).toBe(0);
    await t.badge.check();
    expect(t.asked.at(-1)).toEqual({ token: 'access-1', seenAt: '2026-12-05T10:00:00.000Z' });
  });

  it('a mark left by another user is not used, and an answer that arrives after the user changed is dropped', async () => {
    const t = setup({ mark: { sub: 'bob-sub', at: '2026-12-05T10:00:00.000Z' } });
    await t.badge.check();
    expect(t.asked).toEqual([{ token: 'access-1', seenAt: '' }]);
    const slow = setup();
    const pending = slow.badge.check();
    slow.session.state = BOB;
    await pending;
    expect(slow.shown).toEqual([]);
  });
});
