// Nothing of one user reaches the next: the worker's stores after each way a session can end,
// with a real session owner (fake Cognito) wired to the clearing exactly as the worker wires it.
import { describe, expect, it } from 'vitest';
import { FakeCognitoAuth, TEST_SETTINGS } from '../auth/testing.ts';
import type { AuthState } from '../shared/auth-state.ts';
import { memoryKV } from '../shared/kv.ts';
import { POPUP_DRAFT } from '../shared/storage-keys.ts';
import { afterClearing, createEndOfSession, PER_USER_SESSION_KEYS } from './end-of-session.ts';
import { FeedCache } from './feed-cache.ts';
import { backgroundRig } from './testing.ts';

const ALICE = 'alice@cruddur.local';
const BOB = 'bob@cruddur.local';

/** What a user leaves behind in storage.session while signed in (everything per-user, once). */
const TRACES: Record<(typeof PER_USER_SESSION_KEYS)[number], unknown> = {
  'ui:draft': { view: 'sign-in', email: ALICE },
  'ui:crud-draft': { message: 'Alice’s unsent crud', ttl: '3-hours' },
  'pending:challenge': { username: ALICE },
  'pending:mfa': { username: ALICE },
  'pending:credentials': { email: ALICE, password: 'secret' },
  'pending:lastUseAt': 1,
  'webSession:offers': { 'https://cruddur.com': { user: { email: ALICE } } },
  'webSession:dismissed': ['hash'],
  'ui:messages-seen': { sub: 'alice-sub', at: '2026-12-04T21:13:41.532Z' },
};

async function setup() {
  const cognito = new FakeCognitoAuth();
  cognito.addUser(ALICE, { name: 'Alice', handle: 'alice' });
  cognito.addUser(BOB, { name: 'Bob', handle: 'bob' });
  const memory = memoryKV<'session'>();
  const prefs = memoryKV<'local'>();
  const feeds = new FeedCache({ store: memory });
  let cleared = 0;
  const end = createEndOfSession({ memory, feeds, onCleared: () => (cleared += 1) });
  const { owner, call } = await backgroundRig({ cognito, pending: memory, onState: (state) => end.observe(state), prefs, ui: afterClearing(memory, end), feeds });
  /** Signs `email` in from the popup, then leaves a trace under every per-user key and a cached feed. */
  const signInAndUse = async (email: string, remember = false) => {
    await call('auth/sign-in', { email, password: 'Passw0rd!', remember });
    for (const [key, value] of Object.entries(TRACES)) memory.data.set(key, value);
    await feeds.put(owner.state.status === 'signed-in' ? owner.state.user.sub : '', { activities: [], personalised: true });
    await end.settled();
  };
  const keys = async () => Object.keys(await memory.getAll()).sort();
  return { owner, call, memory, prefs, end, signInAndUse, keys, cleared: () => cleared };
}

describe('end of session: nothing of one user reaches the next', () => {
  it.each([
    ['a sign-out here', { global: false }],
    ['a sign-out of every device', { global: true }],
  ])('%s leaves storage.session holding nothing of the user', async (_, how) => {
    const t = await setup();
    await t.signInAndUse(ALICE);
    expect(await t.keys()).toEqual([...PER_USER_SESSION_KEYS, 'ui:feed'].sort());

    await t.call('auth/sign-out', how);
    await t.end.settled();
    expect(await t.keys()).toEqual([]);
    expect(t.cleared()).toBe(1);
  });

  it('a change of pool or client (Settings) clears the same way', async () => {
    const t = await setup();
    await t.signInAndUse(ALICE);
    await t.owner.reconfigure({ ...TEST_SETTINGS, clientId: 'another-client' });
    await t.end.settled();
    expect(await t.keys()).toEqual([]);
  });

  it('keeps what the signed-out person prepared when someone signs in ("Post to Cruddur" drafts)', async () => {
    const t = await setup();
    t.memory.data.set('ui:crud-draft', { message: 'From a selection', ttl: '7-days' });
    await t.call('auth/sign-in', { email: BOB, password: 'Passw0rd!' });
    await t.end.settled();
    expect(await t.call('crud/draft', null)).toEqual({ message: 'From a selection', ttl: '7-days' });
    expect(t.cleared()).toBe(0);
  });

  it('the next user in the same popup gets an empty composer and no draft of where the popup was', async () => {
    const t = await setup();
    await t.signInAndUse(ALICE);
    await t.call('auth/sign-out', { global: false });
    // The popup asks at once, before the clearing could have finished: it waits for it.
    expect(await t.call('popup/draft', null)).toBeNull();
    await t.call('auth/sign-in', { email: BOB, password: 'Passw0rd!' });
    expect(await t.call('crud/draft', null)).toBeNull();
    expect(await t.call('feed/cached', undefined)).toBeNull();
  });

  it('a keystroke of the composer that lands after the sign-out is not kept', async () => {
    const t = await setup();
    await t.signInAndUse(ALICE);
    await t.call('auth/sign-out', { global: false });
    expect(await t.call('crud/draft', { message: 'late keystroke', ttl: '1-hour' })).toBeNull();
    expect(t.memory.data.get('ui:crud-draft')).toBeUndefined();
  });

  it.each([
    ['ticked: kept for the next sign-in', true, ALICE],
    ['not ticked: nothing kept', false, undefined],
  ])('"Remember my email" %s', async (_, remember, kept) => {
    const t = await setup();
    await t.signInAndUse(ALICE, remember);
    await t.call('auth/sign-out', { global: false });
    await t.end.settled();
    expect(t.prefs.data.get('lastEmail')).toBe(kept);
    expect(await t.call('popup/last-email', undefined)).toBe(kept ?? '');
  });

  it('unticking at the next sign-in forgets the email remembered before', async () => {
    const t = await setup();
    await t.signInAndUse(ALICE, true);
    await t.call('auth/sign-out', { global: false });
    await t.signInAndUse(ALICE, false);
    expect(await t.prefs.getAll()).toEqual({});
  });
});

describe('which changes of state clear', () => {
  const user = (sub: string): AuthState => ({ status: 'signed-in', offline: false, user: { sub, email: '', name: '', handle: '' } });
  const out = (reason?: 'user' | 'global' | 'session-expired' | 'settings-changed'): AuthState => (reason ? { status: 'signed-out', reason } : { status: 'signed-out' });

  it.each<[string, AuthState[], number]>([
    ['signed in, then signed out by Cognito (refresh refused)', [user('a'), out('session-expired')], 1],
    ['signed in, then signed out everywhere', [user('a'), out('global')], 1],
    ['one user, then another (no signed-out state between)', [user('a'), user('b')], 1],
    ['the same user announced again (a refresh, a rebuild)', [user('a'), user('a')], 0],
    ['the first state after a worker start, signed in', [user('a')], 0],
    ['signed out, then signed in', [out(), user('b')], 0],
    ['signed out twice (the worker restating its state)', [out('user'), out()], 0],
  ])('%s: %i clearing(s)', async (_, states, clearings) => {
    const memory = memoryKV<'session'>({ 'ui:crud-draft': 'x' });
    let cleared = 0;
    const end = createEndOfSession({ memory, feeds: { keepOnly: async () => {} }, onCleared: () => (cleared += 1) });
    for (const state of states) end.observe(state);
    await end.settled();
    expect(cleared).toBe(clearings);
    expect(memory.data.get('ui:crud-draft')).toBe(clearings ? undefined : 'x');
  });
});

describe('afterClearing', () => {
  it('a read asked while a clearing runs answers after it, a write made then survives it', async () => {
    const memory = memoryKV<'session'>({ 'ui:draft': 'old' });
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const feeds = { keepOnly: () => gate };
    const end = createEndOfSession({ memory, feeds });
    const signedIn: AuthState = { status: 'signed-in', offline: false, user: { sub: 'a', email: '', name: '', handle: '' } };
    end.observe(signedIn);
    end.observe({ status: 'signed-out', reason: 'user' });
    const kv = afterClearing(memory, end);
    const read = kv.get(POPUP_DRAFT.key);
    const write = kv.set(POPUP_DRAFT.key, 'new');
    release();
    expect(await read).toBeUndefined();
    await write;
    expect(memory.data.get('ui:draft')).toBe('new');
  });
});
