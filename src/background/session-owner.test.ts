import { describe, expect, it, vi } from 'vitest';
import { FakeCognitoAuth, mintTokens, TEST_SETTINGS } from '../auth/testing.ts';
import type { TokenSet } from '../auth/token-policy.ts';
import type { AuthState } from '../shared/auth-state.ts';
import { memoryKV } from '../shared/kv.ts';
import type { CognitoConfig } from '../shared/settings.ts';
import { createSessionOwner } from './session-owner.ts';

const SETTINGS = TEST_SETTINGS;

/** Alarms that record what they are asked. */
function recordingAlarms() {
  const scheduled: number[] = [];
  return { scheduled, schedule: (at: number) => void scheduled.push(at), clear: vi.fn() };
}

/** The Cruddur API's home feed, checking the token it is sent. */
function feedApi(expectedToken: () => string) {
  return vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    expect(String(input)).toBe('https://api.cruddur.com/api/activities/home');
    const auth = new Headers(init?.headers).get('Authorization');
    return new Response(JSON.stringify(auth === `Bearer ${expectedToken()}` ? [{ uuid: 'mine' }] : []), { headers: { 'Content-Type': 'application/json' } });
  });
}

async function signedInOwner() {
  const cognito = new FakeCognitoAuth();
  cognito.addUser('ada@example.com');
  const durable = memoryKV<'indexeddb'>();
  const states: AuthState[] = [];
  const built: CognitoConfig[] = [];
  const alarms = recordingAlarms();
  const owner = await createSessionOwner({
    settings: SETTINGS,
    durable,
    pending: memoryKV(),
    alarms,
    cognito: async (config) => {
      built.push(config);
      return cognito;
    },
    onState: (s) => states.push(s),
  });
  await owner.auth.signIn('ada@example.com', 'Passw0rd!');
  return { owner, cognito, durable, states, built, alarms };
}

describe('session owner', () => {
  it('tells its listener the loaded state, before any command', async () => {
    const states: AuthState[] = [];
    await createSessionOwner({ settings: SETTINGS, durable: memoryKV(), pending: memoryKV(), alarms: recordingAlarms(), cognito: async () => new FakeCognitoAuth(), onState: (s) => states.push(s) });
    expect(states).toEqual([{ status: 'signed-out' }]);
  });

  it('keeps the session when only the API address changes', async () => {
    const { owner, cognito, durable } = await signedInOwner();
    expect(await owner.reconfigure({ ...SETTINGS, apiUrl: 'https://api2.cruddur.com' })).toEqual({ signedOut: false });
    expect(owner.state.status).toBe('signed-in');
    expect(durable.data.has('session')).toBe(true);
    expect(cognito.calls).toBe(0);
  });

  it('rebuilds nothing when only the API address or web-app origins change', async () => {
    const { owner, durable, built } = await signedInOwner();
    const reads = vi.spyOn(durable, 'get');
    const next = { ...SETTINGS, apiUrl: 'https://api2.cruddur.com', webAppOrigins: ['https://cruddur.com'] };
    expect(await owner.reconfigure(next)).toEqual({ signedOut: false });
    expect(owner.settings).toEqual(next);
    expect(built).toHaveLength(1);
    expect(reads).not.toHaveBeenCalled();
  });

  it('builds a new client, but keeps the session, when only the auth flow changes', async () => {
    const { owner, built } = await signedInOwner();
    expect(await owner.reconfigure({ ...SETTINGS, authFlow: 'USER_PASSWORD_AUTH' })).toEqual({ signedOut: false });
    expect(built.map((c) => c.authFlow)).toEqual(['USER_SRP_AUTH', 'USER_PASSWORD_AUTH']);
    expect(owner.state.status).toBe('signed-in');
  });

  it('keeps an open context holding the session across a rebuild, and lets go once', async () => {
    const { owner, alarms } = await signedInOwner();
    const release = owner.hold();
    expect(alarms.scheduled).toHaveLength(1);
    await owner.reconfigure({ ...SETTINGS, authFlow: 'USER_PASSWORD_AUTH' });
    // The new manager was told the popup is still open: it schedules its own refresh-ahead.
    expect(alarms.scheduled).toHaveLength(2);
    release();
    release();
    await owner.reconfigure({ ...SETTINGS, authFlow: 'USER_SRP_AUTH' });
    expect(alarms.scheduled).toHaveLength(2);
  });

  it('calls the API with the current session token, through every rebuild', async () => {
    const cognito = new FakeCognitoAuth();
    cognito.addUser('ada@example.com');
    const durable = memoryKV<'indexeddb'>();
    const token = () => (durable.data.get('session') as { session: { accessToken: string } }).session.accessToken;
    const fetch = feedApi(token);
    const owner = await createSessionOwner({ settings: SETTINGS, durable, pending: memoryKV(), alarms: recordingAlarms(), cognito: async () => cognito, fetch });
    await owner.auth.signIn('ada@example.com', 'Passw0rd!');
    await owner.reconfigure({ ...SETTINGS, authFlow: 'USER_PASSWORD_AUTH' });
    expect(await owner.homeFeed()).toEqual({ activities: [expect.objectContaining({ uuid: 'mine' })], personalised: true });
    expect(fetch).toHaveBeenCalledOnce();
  });

  it.each([
    ['pool', { userPoolId: 'eu-west-1_Other1' }],
    ['client', { clientId: 'client2' }],
    ['endpoint', { endpoint: 'http://127.0.0.1:9230' }],
  ])('signs out cleanly when the %s changes, and says why even to contexts opened later', async (_, change) => {
    const { owner, cognito, durable, states } = await signedInOwner();
    expect(await owner.reconfigure({ ...SETTINGS, ...change })).toEqual({ signedOut: true });
    expect(cognito.revoked).toEqual(['refresh-ada@example.com']);
    expect(durable.data.has('session')).toBe(false);
    // The rebuilt session's state, pushed to a popup opened after the save.
    expect(owner.state).toEqual({ status: 'signed-out', reason: 'settings-changed' });
    expect(states.at(-1)).toEqual({ status: 'signed-out', reason: 'settings-changed' });
  });

  it('answers politely when no pool is configured yet', async () => {
    const owner = await createSessionOwner({
      settings: { ...SETTINGS, userPoolId: '', clientId: '' },
      durable: memoryKV(),
      pending: memoryKV(),
      alarms: recordingAlarms(),
    });
    await expect(owner.auth.signIn('a@b.c', 'x')).rejects.toMatchObject({ code: 'not-configured', message: expect.stringMatching(/Open Settings/) });
  });

  describe('a managed-login session', () => {
    /** The domain's endpoints, recording what they are sent; refresh rotates like a rotating client. */
    function hostedEndpoints() {
      const refreshed: { domain: string | undefined; token: string }[] = [];
      const ended: { token: string; revoke: boolean }[] = [];
      let serial = 0;
      let gate: Promise<void> = Promise.resolve();
      let open = () => {};
      return {
        refreshed,
        ended,
        hold: () => (gate = new Promise((resolve) => (open = resolve))),
        release: () => open(),
        endpoints: {
          refresh: async (settings: typeof SETTINGS, token: string): Promise<TokenSet> => {
            refreshed.push({ domain: settings.managedLoginDomain, token });
            await gate;
            serial += 1;
            // Already due again: every use refreshes, so each refresh is visible.
            return mintTokens({ sub: 'ada@example.com', serial, lifetimeSeconds: 1, refreshToken: `hosted-R${serial + 1}` });
          },
          end: async (_settings: typeof SETTINGS, token: string, o: { revoke: boolean }) => void ended.push({ token, revoke: o.revoke }),
        },
      };
    }

    async function hostedOwner() {
      const cognito = new FakeCognitoAuth();
      const hosted = hostedEndpoints();
      const durable = memoryKV<'indexeddb'>();
      const settings = { ...SETTINGS, managedLoginDomain: 'https://pool.auth.eu-west-1.amazoncognito.com' };
      const fetch = async () => new Response('[]', { headers: { 'Content-Type': 'application/json' } });
      const owner = await createSessionOwner({ settings, durable, pending: memoryKV(), alarms: recordingAlarms(), cognito: async () => cognito, managedLogin: hosted.endpoints, fetch });
      await owner.auth.signInWithTokens(mintTokens({ sub: 'ada@example.com', lifetimeSeconds: 1, refreshToken: 'hosted-R1' }), 'managed-login');
      return { owner, cognito, hosted, durable };
    }

    it('is stored like any session, marked as managed login', async () => {
      const { owner, durable } = await hostedOwner();
      expect(owner.state).toMatchObject({ status: 'signed-in', user: { sub: 'ada@example.com' } });
      expect(durable.data.get('session')).toMatchObject({ via: 'managed-login', session: { refreshToken: 'hosted-R1' } });
    });

    it('refreshes at its token endpoint, once however many ask, and keeps the rotated token', async () => {
      const { owner, cognito, hosted, durable } = await hostedOwner();
      hosted.hold();
      const burst = Promise.all([owner.homeFeed(), owner.homeFeed(), owner.homeFeed()]);
      await vi.waitFor(() => expect(hosted.refreshed).toHaveLength(1));
      hosted.release();
      await burst;
      expect(hosted.refreshed).toEqual([{ domain: 'https://pool.auth.eu-west-1.amazoncognito.com', token: 'hosted-R1' }]);
      expect(cognito.calls).toBe(0);
      await owner.homeFeed();
      expect(hosted.refreshed.map((r) => r.token)).toEqual(['hosted-R1', 'hosted-R2']);
      expect(durable.data.get('session')).toMatchObject({ via: 'managed-login', session: { refreshToken: 'hosted-R3' } });
    });

    it('signs out at the domain (revoke and hosted session), not through the user-pool API', async () => {
      const { owner, cognito, hosted } = await hostedOwner();
      await owner.auth.signOut();
      expect(owner.state).toEqual({ status: 'signed-out', reason: 'user' });
      expect(hosted.ended).toEqual([{ token: 'hosted-R1', revoke: true }]);
      expect(cognito.revoked).toEqual([]);
    });

    it('signs out of all devices through the API, then ends the hosted session too', async () => {
      const { owner, cognito, hosted } = await hostedOwner();
      await owner.auth.signOut({ global: true });
      expect(cognito.globalSignOuts).toBe(1);
      expect(hosted.ended).toEqual([{ token: 'hosted-R1', revoke: false }]);
    });

    it('leaves a session from another door to the user-pool API', async () => {
      const { owner, cognito, hosted, durable } = await hostedOwner();
      await owner.auth.signOut();
      cognito.addUser('ada@example.com');
      await owner.auth.signIn('ada@example.com', 'Passw0rd!');
      expect(durable.data.get('session')).not.toHaveProperty('via');
      await owner.auth.signOut();
      expect(cognito.revoked).toHaveLength(1);
      expect(hosted.ended).toHaveLength(1);
    });
  });
});
