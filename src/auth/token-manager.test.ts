import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AuthState, UserProfile } from '../shared/auth-state.ts';
import { memoryKV } from '../shared/kv.ts';
import { getItem, LAST_USE_AT, setItem } from '../shared/storage-keys.ts';
import { AuthError } from './errors.ts';
import type { SessionRecord, SessionStore } from './ports.ts';
import { kvSessionStore } from './session-store.ts';
import { FakeAlarms, FakeCognito, mintTokens } from './testing.ts';
import { TokenManager } from './token-manager.ts';

const USER: UserProfile = { sub: 'sub-1', email: 'ada@example.com', name: 'Ada', handle: 'ada' };
const T0 = new Date('2026-11-22T12:00:00Z').getTime();
const HOUR = 3_600_000;

function setup(o: { skewMs?: number; kv?: ReturnType<typeof memoryKV<'indexeddb'>>; cognito?: FakeCognito } = {}) {
  const kv = o.kv ?? memoryKV<'indexeddb'>();
  const cognito = o.cognito ?? new FakeCognito();
  const alarms = new FakeAlarms();
  const states: AuthState[] = [];
  const manager = new TokenManager({
    cognito,
    store: kvSessionStore(kv),
    alarms,
    clock: { now: () => Date.now() + (o.skewMs ?? 0) },
    random: () => 0.5,
  });
  manager.subscribe((s) => states.push(s));
  return { kv, cognito, alarms, states, manager };
}

async function signedIn(o: Parameters<typeof setup>[0] = {}) {
  const t = setup(o);
  await t.manager.start(mintTokens({ refreshToken: 'refresh-1' }), USER);
  return t;
}

const advance = (ms: number) => vi.setSystemTime(Date.now() + ms);

const OTHER: UserProfile = { sub: 'sub-2', email: 'bob@example.com', name: 'Bob', handle: 'bob' };

/**
 * A session store over `kv` whose next write, once armed, waits for `release()`: lets a test
 * sign out or switch accounts while a refreshed session is being written.
 */
function slowStore(kv: ReturnType<typeof memoryKV<'indexeddb'>>) {
  const inner = kvSessionStore(kv);
  let gate: Promise<void> | null = null;
  let open = () => {};
  let entered = () => {};
  const store: SessionStore = {
    load: () => inner.load(),
    clear: () => inner.clear(),
    save: async (record: SessionRecord) => {
      const waiting = gate;
      gate = null;
      if (waiting) {
        entered();
        await waiting;
      }
      await inner.save(record);
    },
  };
  return {
    store,
    /** Holds the next write; resolves once that write has started. */
    arm(): Promise<void> {
      gate = new Promise((resolve) => (open = resolve));
      return new Promise((resolve) => (entered = resolve));
    },
    release: () => open(),
  };
}

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(T0);
});
afterEach(() => vi.useRealTimers());

describe('serving tokens', () => {
  it('serves a token that is not yet due from memory, with no Cognito call', async () => {
    const { manager, cognito } = await signedIn();
    const first = await manager.getAccessToken();
    advance(30 * 60_000);
    expect(await manager.getAccessToken()).toBe(first);
    expect(cognito.calls).toBe(0);
  });

  it('refreshes exactly once when the token enters the refresh margin', async () => {
    const { manager, cognito, kv } = await signedIn();
    const before = await manager.getAccessToken();
    advance(HOUR - 4 * 60_000); // 4 minutes left, margin is 5
    const after = await manager.getAccessToken();
    expect(after).not.toBe(before);
    expect(await manager.getAccessToken()).toBe(after);
    expect(cognito.calls).toBe(1);
    // Persisted before it was handed out, keeping the refresh token Cognito did not rotate.
    expect(kv.data.get('session')).toMatchObject({ session: { accessToken: after, refreshToken: 'refresh-1' } });
  });

  it('gives 50 concurrent callers on an expiring token one refresh and the same new token', async () => {
    const { manager, cognito } = await signedIn();
    advance(HOUR);
    cognito.hold();
    const callers = Array.from({ length: 50 }, () => manager.getAccessToken());
    cognito.release();
    const tokens = await Promise.all(callers);
    expect(cognito.calls).toBe(1);
    expect(new Set(tokens).size).toBe(1);
    expect(tokens[0]).toBe((await manager.session())?.accessToken);
  });

  it('lets forceRefresh (an API 401) join a refresh already in flight', async () => {
    const { manager, cognito } = await signedIn();
    advance(HOUR);
    cognito.hold();
    const lazy = manager.getAccessToken();
    const forced = manager.forceRefresh();
    cognito.release();
    expect(await forced).toBe(await lazy);
    expect(cognito.calls).toBe(1);
  });

  it('refuses to hand out a token when signed out', async () => {
    const { manager } = setup();
    await expect(manager.getAccessToken()).rejects.toMatchObject({ code: 'signed-out' });
  });
});

describe('when a refresh fails', () => {
  it.each([
    ['an AuthError from the adapter', new AuthError('session-expired')],
    ['a raw NotAuthorizedException', { code: 'NotAuthorizedException', message: 'Refresh Token has been revoked' }],
  ])('signs out with a reason, tells subscribers and clears storage on a dead refresh token (%s)', async (_, failure) => {
    const { manager, cognito, kv, states } = await signedIn();
    advance(HOUR);
    cognito.failures.push(failure);
    await expect(manager.getAccessToken()).rejects.toMatchObject({ code: 'session-expired' });
    expect(manager.state).toEqual({ status: 'signed-out', reason: 'session-expired' });
    expect(states.at(-1)).toEqual({ status: 'signed-out', reason: 'session-expired' });
    expect(kv.data.has('session')).toBe(false);
    await expect(manager.getAccessToken()).rejects.toMatchObject({ code: 'signed-out' });
  });

  it('keeps the session on network errors, backs off up to a cap, and recovers', async () => {
    const { manager, cognito, kv, alarms } = await signedIn();
    const release = manager.hold(); // the popup is open: retries are scheduled
    advance(HOUR);
    cognito.failures.push(...Array.from({ length: 10 }, () => new AuthError('network')));
    await expect(manager.getAccessToken()).rejects.toMatchObject({ code: 'network' });
    expect(manager.state).toEqual({ status: 'signed-in', user: USER, offline: true });
    const delays: number[] = [];
    for (let i = 0; i < 9; i++) {
      const at = alarms.pending ?? 0;
      delays.push(at - Date.now());
      vi.setSystemTime(at);
      await manager.onAlarm();
    }
    // random = 0.5 → 3/4 of the ceiling: 2 s, 4 s, 8 s … capped at 5 minutes.
    expect(delays).toEqual([1500, 3000, 6000, 12000, 24000, 48000, 96000, 192000, 225000]);
    expect(cognito.calls).toBe(10);
    expect(kv.data.has('session')).toBe(true);
    // The eleventh attempt succeeds.
    vi.setSystemTime(alarms.pending ?? 0);
    await manager.onAlarm();
    expect(manager.state).toEqual({ status: 'signed-in', user: USER, offline: false });
    expect(await manager.getAccessToken()).toBe((await manager.session())?.accessToken);
    expect(cognito.calls).toBe(11);
    release();
  });

  it('makes callers wait for the scheduled retry instead of adding refresh calls', async () => {
    const { manager, cognito, alarms } = await signedIn();
    const release = manager.hold();
    advance(HOUR);
    cognito.failures.push(new AuthError('too-many-requests'));
    await expect(manager.getAccessToken()).rejects.toMatchObject({ code: 'too-many-requests' });
    // Ten feed loads and a 401 before the retry is due: no further call to a throttling Cognito.
    for (let i = 0; i < 10; i++) await expect(manager.getAccessToken()).rejects.toMatchObject({ code: 'too-many-requests' });
    await expect(manager.forceRefresh()).rejects.toMatchObject({ code: 'too-many-requests' });
    expect(cognito.calls).toBe(1);
    // At the retry time, the alarm (or the next caller) tries again, once.
    vi.setSystemTime(alarms.pending ?? 0);
    expect(await manager.getAccessToken()).toBe((await manager.session())?.accessToken);
    expect(cognito.calls).toBe(2);
    release();
  });

  it.each([
    ['5xx', new AuthError('service-unavailable')],
    ['throttling', new AuthError('too-many-requests')],
  ])('treats %s like a network error: session kept, marked offline', async (_, failure) => {
    const { manager, cognito } = await signedIn();
    advance(HOUR);
    cognito.failures.push(failure);
    await expect(manager.getAccessToken()).rejects.toBe(failure);
    expect(manager.state).toMatchObject({ status: 'signed-in', offline: true });
  });

  it('still serves a due-but-unexpired token while Cognito is unreachable', async () => {
    const { manager, cognito } = await signedIn();
    const token = await manager.getAccessToken();
    advance(HOUR - 60_000);
    cognito.failures.push(new AuthError('network'));
    expect(await manager.getAccessToken()).toBe(token);
    expect(manager.state).toMatchObject({ offline: true });
  });

  it('surfaces a storage write failure as an error, never as a sign-out', async () => {
    const kv = memoryKV<'indexeddb'>();
    const { manager, cognito } = await signedIn({ kv });
    advance(HOUR);
    const quota = new Error('QuotaExceededError');
    const set = vi.spyOn(kv, 'set').mockRejectedValueOnce(quota);
    await expect(manager.getAccessToken()).rejects.toMatchObject({ code: 'storage', cause: quota });
    expect(manager.state).toMatchObject({ status: 'signed-in' });
    expect(kv.data.has('session')).toBe(true);
    // Once storage works again, the next call refreshes and succeeds.
    const token = await manager.getAccessToken();
    expect(kv.data.get('session')).toMatchObject({ session: { accessToken: token } });
    expect(cognito.calls).toBe(2);
    expect(set).toHaveBeenCalledTimes(2);
  });

  it('does not resurrect a session signed out while its refresh was in flight', async () => {
    const { manager, cognito, kv } = await signedIn();
    advance(HOUR);
    cognito.hold();
    const pending = manager.getAccessToken();
    await manager.signOut('user');
    cognito.release();
    await expect(pending).rejects.toMatchObject({ code: 'signed-out' });
    expect(manager.state).toEqual({ status: 'signed-out', reason: 'user' });
    expect(kv.data.has('session')).toBe(false);
  });
});

describe('clock drift', () => {
  it.each([
    ['15 minutes fast', 15 * 60_000],
    ['15 minutes slow', -15 * 60_000],
  ])('refreshes at the right moment when the device clock is %s', async (_, skewMs) => {
    const { manager, cognito, alarms } = await signedIn({ skewMs });
    manager.touch();
    // Scheduled on the device clock: issuer expiry − 5 min margin − 15 s jitter, shifted by the skew.
    expect(alarms.pending).toBe(T0 + HOUR - 300_000 - 15_000 + skewMs);
    advance(HOUR - 300_000 - 1000); // 5 min + 1 s before true expiry: not due
    await manager.getAccessToken();
    expect(cognito.calls).toBe(0);
    advance(2000); // inside the margin
    await manager.getAccessToken();
    expect(cognito.calls).toBe(1);
  });
});

describe('restarts and idleness', () => {
  it('resumes from storage after a restart with no network call', async () => {
    const kv = memoryKV<'indexeddb'>();
    const first = await signedIn({ kv });
    const token = await first.manager.getAccessToken();
    const cognito = new FakeCognito();
    const second = setup({ kv, cognito });
    await second.manager.init();
    expect(second.manager.state).toEqual({ status: 'signed-in', user: USER, offline: false });
    expect(await second.manager.getAccessToken()).toBe(token);
    expect(cognito.calls).toBe(0);
  });

  it('refreshes when the alarm fires while the session is in use', async () => {
    const { manager, cognito, alarms } = await signedIn();
    const release = manager.hold();
    vi.setSystemTime(alarms.pending ?? 0);
    await manager.onAlarm();
    expect(cognito.calls).toBe(1);
    expect(alarms.pending).toBeGreaterThan(Date.now() + 50 * 60_000); // the next one, about an hour on
    release();
  });

  it('makes no call while idle for hours, then refreshes once on the first use', async () => {
    const { manager, cognito, alarms } = await signedIn();
    manager.hold()(); // the popup opened and closed
    for (let hour = 0; hour < 6; hour++) {
      advance(HOUR);
      if (alarms.pending !== null) await manager.onAlarm();
    }
    expect(cognito.calls).toBe(0);
    await manager.getAccessToken();
    await manager.getAccessToken();
    expect(cognito.calls).toBe(1);
  });

  it.each([
    ['kept in storage.session (lastUse)', true, 1],
    ['kept in memory only (no lastUse store)', false, 0],
  ])('after a worker stop, the in-use window %s decides the alarm\'s refresh', async (_, persisted, calls) => {
    const kv = memoryKV<'indexeddb'>();
    const usage = memoryKV<'session'>();
    const lastUse = { load: () => getItem(usage, LAST_USE_AT), save: (at: number) => setItem(usage, LAST_USE_AT, at) };
    const make = (cognito: FakeCognito, alarms: FakeAlarms) =>
      new TokenManager({ cognito, store: kvSessionStore(kv), alarms, random: () => 0.5, ...(persisted ? { lastUse } : {}) });
    const firstAlarms = new FakeAlarms();
    const first = make(new FakeCognito(), firstAlarms);
    // Short-lived tokens: the refresh falls due inside the in-use window.
    await first.start(mintTokens({ refreshToken: 'refresh-1', lifetimeSeconds: 600 }), USER);
    first.hold()(); // the popup was open until just now
    await Promise.resolve();
    if (persisted) expect(usage.data.get('pending:lastUseAt')).toBe(T0);

    // The worker stops; the browser's alarm wakes a new one when the refresh is due.
    const cognito = new FakeCognito();
    const second = make(cognito, new FakeAlarms());
    expect(firstAlarms.pending).toBeLessThan(T0 + 10 * 60_000);
    vi.setSystemTime(firstAlarms.pending ?? 0);
    await second.onAlarm();
    expect(cognito.calls).toBe(calls);
  });

  it('schedules nothing for a session nobody uses', async () => {
    const { alarms } = await signedIn();
    expect(alarms.scheduled).toEqual([]);
  });
});

describe('refresh-token rotation', () => {
  it('stores the rotated refresh token before any caller gets the new access token', async () => {
    const kv = memoryKV<'indexeddb'>();
    const events: string[] = [];
    const inner = kvSessionStore(kv);
    const cognito = new FakeCognito();
    const manager = new TokenManager({
      cognito,
      store: {
        load: () => inner.load(),
        clear: () => inner.clear(),
        save: async (record) => {
          await inner.save(record);
          events.push(`saved ${record.session.refreshToken}`);
        },
      },
      random: () => 0.5,
    });
    await manager.start(mintTokens({ refreshToken: 'refresh-1' }), USER);
    cognito.rotateFrom('refresh-1');
    events.length = 0;
    advance(HOUR);
    cognito.hold();
    const callers = Array.from({ length: 5 }, (_, i) => manager.getAccessToken().then(() => events.push(`caller ${i}`)));
    cognito.release();
    await Promise.all(callers);
    expect(events).toEqual(['saved rotated-1', 'caller 0', 'caller 1', 'caller 2', 'caller 3', 'caller 4']);
    expect(cognito.calls).toBe(1);
  });

  it('sends the latest rotated refresh token on every refresh, one Cognito call per burst', async () => {
    const { manager, cognito, kv } = await signedIn();
    cognito.rotateFrom('refresh-1');
    for (let round = 0; round < 3; round++) {
      advance(HOUR);
      await Promise.all([manager.getAccessToken(), manager.forceRefresh(), manager.getAccessToken()]);
    }
    expect(cognito.received).toEqual(['refresh-1', 'rotated-1', 'rotated-2']);
    expect(kv.data.get('session')).toMatchObject({ session: { refreshToken: 'rotated-3' } });
    expect(manager.state).toMatchObject({ status: 'signed-in' });
  });

  it('refreshes a restarted worker with the rotated token it stored, not the one it signed in with', async () => {
    const kv = memoryKV<'indexeddb'>();
    const first = await signedIn({ kv });
    first.cognito.rotateFrom('refresh-1');
    advance(HOUR);
    await first.manager.getAccessToken();
    const cognito = new FakeCognito();
    cognito.rotateFrom('rotated-1');
    const second = setup({ kv, cognito });
    advance(HOUR);
    await second.manager.getAccessToken();
    expect(cognito.received).toEqual(['rotated-1']);
    expect(second.manager.state).toMatchObject({ status: 'signed-in' });
  });

  it('signs out with "session ended" when Cognito refuses a superseded refresh token', async () => {
    const { manager, cognito } = await signedIn();
    cognito.rotateFrom('refresh-elsewhere');
    advance(HOUR);
    await expect(manager.getAccessToken()).rejects.toMatchObject({ code: 'session-expired' });
    expect(manager.state).toEqual({ status: 'signed-out', reason: 'session-expired' });
  });
});

describe('the refresh token sent to Cognito', () => {
  it('sends the stored refresh token and the username', async () => {
    const cognito = new FakeCognito();
    cognito.validRefreshToken = 'refresh-1';
    const { manager } = await signedIn({ cognito });
    advance(HOUR);
    await manager.getAccessToken();
    expect(cognito.sent).toEqual([{ refreshToken: 'refresh-1', username: 'sub-1' }]);
  });

  it('sends the rotated refresh token on the next refresh and keeps it across a restart', async () => {
    const cognito = new FakeCognito();
    cognito.validRefreshToken = 'refresh-1';
    cognito.rotate = true;
    const { manager, kv } = await signedIn({ cognito });
    advance(HOUR);
    await manager.getAccessToken();
    advance(HOUR);
    await manager.getAccessToken();
    expect(cognito.sent.map((c) => c.refreshToken)).toEqual(['refresh-1', 'rotated-1']);

    const restarted = setup({ kv, cognito });
    advance(HOUR);
    await restarted.manager.getAccessToken();
    expect(cognito.sent.map((c) => c.refreshToken)).toEqual(['refresh-1', 'rotated-1', 'rotated-2']);
  });
});

describe('bookkeeping edges', () => {
  it('stops telling a listener once it unsubscribes', async () => {
    const { manager } = setup();
    const seen: AuthState[] = [];
    const unsubscribe = manager.subscribe((s) => seen.push(s));
    unsubscribe();
    await manager.start(mintTokens({ refreshToken: 'refresh-1' }), USER);
    expect(seen).toEqual([]);
  });

  it('has no session before anyone signs in', async () => {
    expect(await setup().manager.session()).toBeNull();
  });

  it('an alarm firing well before the refresh is due calls nobody and sets the alarm again', async () => {
    const { manager, cognito, alarms } = await signedIn();
    manager.touch();
    alarms.clear();
    advance(60_000);
    await manager.onAlarm();
    expect(cognito.calls).toBe(0);
    expect(alarms.pending).not.toBeNull();
  });

  it('while backing off, callers of an expired token get the last failure without a new call', async () => {
    const { manager, cognito } = await signedIn();
    cognito.failures.push(new AuthError('service-unavailable'));
    advance(HOUR);
    await expect(manager.getAccessToken()).rejects.toMatchObject({ code: 'service-unavailable' });
    await expect(manager.getAccessToken()).rejects.toMatchObject({ code: 'service-unavailable' });
    await expect(manager.forceRefresh()).rejects.toMatchObject({ code: 'service-unavailable' });
    expect(cognito.calls).toBe(1);
  });
});

describe('sign-out or account switch racing a refresh', () => {
  it('writes nothing for a session signed out while its refresh was at Cognito', async () => {
    const { manager, cognito, kv } = await signedIn();
    advance(HOUR);
    cognito.hold();
    const pending = manager.getAccessToken();
    await manager.signOut('user');
    const set = vi.spyOn(kv, 'set');
    cognito.release();
    await expect(pending).rejects.toMatchObject({ code: 'signed-out' });
    expect(set).not.toHaveBeenCalled();
  });

  it.each([
    ['signed out', async (m: TokenManager) => m.signOut('user'), undefined, { status: 'signed-out', reason: 'user' }],
    ['signed in as someone else', async (m: TokenManager) => m.start(mintTokens({ sub: 'sub-2', refreshToken: 'refresh-2' }), OTHER), 'refresh-2', { status: 'signed-in', user: OTHER, offline: false }],
  ])('puts back what is current when the user %s while the refreshed session was being written', async (_, act, stored, state) => {
    const kv = memoryKV<'indexeddb'>();
    const slow = slowStore(kv);
    const manager = new TokenManager({ cognito: new FakeCognito(), store: slow.store, random: () => 0.5 });
    await manager.start(mintTokens({ refreshToken: 'refresh-1' }), USER);
    advance(HOUR);
    const writing = slow.arm();
    const pending = manager.getAccessToken();
    await writing;
    await act(manager);
    slow.release();
    await expect(pending).rejects.toMatchObject({ code: 'signed-out' });
    expect(manager.state).toEqual(state);
    expect((kv.data.get('session') as SessionRecord | undefined)?.session.refreshToken).toBe(stored);
  });

  it.each([
    ['a dead refresh token', new AuthError('session-expired')],
    ['a network error', new AuthError('network')],
  ])('leaves the account signed in meanwhile alone when the old refresh fails with %s', async (_, failure) => {
    const { manager, cognito, kv, alarms } = await signedIn();
    const release = manager.hold();
    advance(HOUR);
    cognito.hold();
    cognito.failures.push(failure);
    const pending = manager.getAccessToken();
    await manager.start(mintTokens({ sub: 'sub-2', refreshToken: 'refresh-2' }), OTHER);
    const scheduled = alarms.scheduled.length;
    cognito.release();
    await expect(pending).rejects.toBe(failure);
    expect(manager.state).toEqual({ status: 'signed-in', user: OTHER, offline: false });
    expect(kv.data.get('session')).toMatchObject({ user: OTHER, session: { refreshToken: 'refresh-2' } });
    expect(alarms.scheduled.length).toBe(scheduled); // no retry scheduled for the old session
    expect(await manager.getAccessToken()).toBe((await manager.session())?.accessToken);
    expect(cognito.calls).toBe(1);
    release();
  });
});

describe('what callers get while backing off', () => {
  it('keeps serving a due-but-unexpired token without calling Cognito until the retry', async () => {
    const { manager, cognito } = await signedIn();
    const token = await manager.getAccessToken();
    advance(HOUR - 60_000);
    cognito.failures.push(new AuthError('network'));
    expect(await manager.getAccessToken()).toBe(token);
    advance(500);
    expect(await manager.getAccessToken()).toBe(token);
    expect(cognito.calls).toBe(1);
  });

  it('retries when a retry alarm fires, even though the token itself is not due yet', async () => {
    const { manager, cognito, alarms } = await signedIn();
    const release = manager.hold();
    cognito.failures.push(new AuthError('network'));
    await expect(manager.forceRefresh()).rejects.toMatchObject({ code: 'network' });
    expect(manager.state).toMatchObject({ offline: true });
    vi.setSystemTime(alarms.pending ?? 0);
    await manager.onAlarm();
    expect(cognito.calls).toBe(2);
    expect(manager.state).toMatchObject({ offline: false });
    release();
  });

  it('ends the backoff of a failed session when the user signs in again', async () => {
    const { manager, cognito } = await signedIn();
    cognito.failures.push(new AuthError('too-many-requests'));
    await expect(manager.forceRefresh()).rejects.toMatchObject({ code: 'too-many-requests' });
    await manager.start(mintTokens({ refreshToken: 'refresh-2' }), USER);
    // An API 401 right after the new sign-in is not answered with the old session's failure.
    const token = await manager.forceRefresh();
    expect(token).toBe((await manager.session())?.accessToken);
    expect(cognito.sent.map((c) => c.refreshToken)).toEqual(['refresh-1', 'refresh-2']);
  });
});

describe('alarms and the in-use window', () => {
  it('refreshes when an alarm set with the largest jitter fires exactly on time', async () => {
    const cognito = new FakeCognito();
    const alarms = new FakeAlarms();
    const manager = new TokenManager({ cognito, store: kvSessionStore(memoryKV()), alarms, random: () => 1 });
    await manager.start(mintTokens({ refreshToken: 'refresh-1' }), USER);
    const release = manager.hold();
    // Margin 5 min, jitter 30 s: the earliest refresh any alarm could be set for.
    expect(alarms.pending).toBe(T0 + HOUR - 300_000 - 30_000);
    vi.setSystemTime(alarms.pending ?? 0);
    await manager.onAlarm();
    expect(cognito.calls).toBe(1);
    release();
  });

  it.each([
    ['one millisecond before the window closes', 10 * 60_000 - 1, 1],
    ['the moment the window closes', 10 * 60_000, 0],
  ])('an alarm %s after the last use refreshes (or stays idle)', async (_, sinceUse, calls) => {
    const cognito = new FakeCognito();
    const manager = new TokenManager({ cognito, store: kvSessionStore(memoryKV()), random: () => 0.5 });
    // 10-minute tokens: due from 7.5 minutes on, so due at both moments.
    await manager.start(mintTokens({ refreshToken: 'refresh-1', lifetimeSeconds: 600 }), USER);
    manager.touch();
    advance(sinceUse);
    await manager.onAlarm();
    expect(cognito.calls).toBe(calls);
  });

  it('keeps the session in use while a second context is open, whatever the first releases twice', async () => {
    const { manager, cognito, alarms } = await signedIn();
    const popup = manager.hold();
    const options = manager.hold();
    popup();
    popup();
    vi.setSystemTime(alarms.pending ?? 0); // about 55 minutes on: far past the in-use window
    await manager.onAlarm();
    expect(cognito.calls).toBe(1);
    options();
  });

  it('keeps one alarm pending however often the session is used', async () => {
    const { manager, alarms } = await signedIn();
    const release = manager.hold();
    for (let i = 0; i < 5; i++) {
      manager.touch();
      await manager.getAccessToken();
      advance(1000);
    }
    release();
    expect(alarms.scheduled).toEqual([T0 + HOUR - 300_000 - 15_000]);
  });

  it('counts a use made before the stored last use was read, not the older stored one', async () => {
    const kv = memoryKV<'indexeddb'>();
    const first = new TokenManager({ cognito: new FakeCognito(), store: kvSessionStore(kv), random: () => 0.5 });
    await first.start(mintTokens({ refreshToken: 'refresh-1', lifetimeSeconds: 600 }), USER);
    // A new worker whose storage says the last use was an hour ago.
    const lastUse = { load: async () => T0 - HOUR, save: vi.fn(async (at: number) => void at) };
    const cognito = new FakeCognito();
    const manager = new TokenManager({ cognito, store: kvSessionStore(kv), random: () => 0.5, lastUse });
    manager.touch(); // a message arrived before the worker finished loading
    expect(lastUse.save).toHaveBeenCalledWith(T0);
    advance(8 * 60_000); // due (10-minute tokens), and still inside the window of that use
    await manager.onAlarm();
    expect(cognito.calls).toBe(1);
  });
});

describe('what listeners are told', () => {
  it('tells listeners about changes only: a refresh that keeps the user signed in is not news', async () => {
    const { manager, states, cognito } = await signedIn();
    advance(HOUR);
    await manager.getAccessToken();
    advance(HOUR);
    await manager.forceRefresh();
    expect(cognito.calls).toBe(2);
    expect(states).toEqual([{ status: 'signed-in', user: USER, offline: false }]);
  });

  it('keeps the reason the previous session ended once the stored session turns out empty', async () => {
    const manager = new TokenManager({ cognito: new FakeCognito(), store: kvSessionStore(memoryKV()), signedOutReason: 'settings-changed' });
    expect(manager.state).toEqual({ status: 'signed-out', reason: 'settings-changed' });
    await manager.init();
    expect(manager.state).toEqual({ status: 'signed-out', reason: 'settings-changed' });
  });

  it('reports a storage failure while clearing on sign-out, after the state says signed out', async () => {
    const kv = memoryKV<'indexeddb'>();
    const { manager } = await signedIn({ kv });
    const broken = new Error('IO error');
    vi.spyOn(kv, 'remove').mockRejectedValueOnce(broken);
    await expect(manager.signOut('user')).rejects.toMatchObject({ code: 'storage', cause: broken });
    expect(manager.state).toEqual({ status: 'signed-out', reason: 'user' });
  });
});

describe('peeking at the token (the messages badge)', () => {
  it('gives the token only while it is valid and the session is in use, with no Cognito call', async () => {
    const { manager, cognito } = await signedIn();
    // Signed in but nobody uses it: nothing.
    expect(manager.peekAccessToken()).toBeNull();
    const release = manager.hold();
    expect(manager.peekAccessToken()).toBe(await manager.getAccessToken());
    // Due for a refresh while in use: nothing, and no refresh either.
    advance(HOUR - 4 * 60_000);
    expect(manager.peekAccessToken()).toBeNull();
    expect(cognito.calls).toBe(0);
    release();
  });

  it('a peek is not a use: after the in-use window the alarm refreshes nothing', async () => {
    const { manager, cognito, alarms } = await signedIn();
    manager.hold()(); // the popup opened and closed
    expect(manager.peekAccessToken()).not.toBeNull();
    advance(11 * 60_000);
    for (let i = 0; i < 5; i++) expect(manager.peekAccessToken()).toBeNull();
    vi.setSystemTime(alarms.pending ?? Date.now());
    await manager.onAlarm();
    expect(cognito.calls).toBe(0);
  });

  it('gives nothing when signed out', async () => {
    const { manager } = await signedIn();
    manager.hold();
    await manager.signOut('user');
    expect(manager.peekAccessToken()).toBeNull();
  });
});

describe('how the session began (managed login)', () => {
  it('tells the refresh port, and keeps it across refreshes and a restart', async () => {
    const sent: unknown[][] = [];
    const cognito = { refresh: async (...args: unknown[]) => (sent.push(args), mintTokens({ refreshToken: `refresh-${sent.length + 1}` })) };
    const kv = memoryKV<'indexeddb'>();
    const manager = new TokenManager({ cognito, store: kvSessionStore(kv) });
    await manager.start(mintTokens({ refreshToken: 'refresh-1' }), USER, 'managed-login');
    expect(await manager.via()).toBe('managed-login');
    await manager.forceRefresh();
    await manager.forceRefresh();
    expect(sent).toEqual([
      ['refresh-1', 'sub-1', 'managed-login'],
      ['refresh-2', 'sub-1', 'managed-login'],
    ]);
    const restarted = new TokenManager({ cognito, store: kvSessionStore(kv) });
    expect(await restarted.via()).toBe('managed-login');
  });

  it('sends no third argument for a session from the user-pool API, and a new sign-in drops the mark', async () => {
    const sent: unknown[][] = [];
    const cognito = { refresh: async (...args: unknown[]) => (sent.push(args), mintTokens()) };
    const manager = new TokenManager({ cognito, store: kvSessionStore(memoryKV()) });
    await manager.start(mintTokens({ refreshToken: 'hosted' }), USER, 'managed-login');
    await manager.start(mintTokens({ refreshToken: 'password' }), USER);
    expect(await manager.via()).toBeUndefined();
    await manager.forceRefresh();
    expect(sent).toEqual([['password', 'sub-1']]);
  });

  it('answers no way in when no session is stored, or after a sign-out', async () => {
    const kv = memoryKV<'indexeddb'>();
    const empty = new TokenManager({ cognito: new FakeCognito(), store: kvSessionStore(kv) });
    expect(await empty.via()).toBeUndefined();
    await empty.start(mintTokens({ refreshToken: 'hosted' }), USER, 'managed-login');
    await empty.signOut('user');
    expect(await empty.via()).toBeUndefined();
  });
});
