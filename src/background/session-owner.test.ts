import { describe, expect, it, vi } from 'vitest';
import { FakeCognitoAuth } from '../auth/testing.ts';
import type { AuthState } from '../shared/auth-state.ts';
import { memoryKV } from '../shared/kv.ts';
import type { Settings } from '../shared/settings.ts';
import { SessionOwner } from './session-owner.ts';

const SETTINGS: Settings = {
  region: 'eu-west-1',
  userPoolId: 'eu-west-1_AbC123',
  clientId: 'client1',
  authFlow: 'USER_SRP_AUTH',
  apiUrl: 'https://api.cruddur.com',
  webAppOrigins: [],
};

async function signedInOwner() {
  const cognito = new FakeCognitoAuth();
  cognito.addUser('ada@example.com');
  const durable = memoryKV();
  const states: AuthState[] = [];
  const owner = new SessionOwner({
    settings: SETTINGS,
    durable,
    pending: memoryKV(),
    alarms: { schedule() {}, clear() {} },
    cognito: async () => cognito,
  });
  owner.onState((s) => states.push(s));
  await owner.init();
  await owner.auth.signIn('ada@example.com', 'Passw0rd!');
  return { owner, cognito, durable, states };
}

describe('session owner', () => {
  it('keeps the session when only the API address changes', async () => {
    const { owner, cognito, durable } = await signedInOwner();
    expect(await owner.reconfigure({ ...SETTINGS, apiUrl: 'https://api2.cruddur.com' })).toEqual({ signedOut: false });
    expect(owner.tokens.state.status).toBe('signed-in');
    expect(durable.data.has('session')).toBe(true);
    expect(cognito.calls).toBe(0);
  });

  it('rebuilds nothing when only the API address or web-app origins change', async () => {
    const { owner, durable } = await signedInOwner();
    const { tokens, auth } = owner;
    const release = tokens.hold();
    const reads = vi.spyOn(durable, 'get');
    const next = { ...SETTINGS, apiUrl: 'https://api2.cruddur.com', webAppOrigins: ['https://cruddur.com'] };
    expect(await owner.reconfigure(next)).toEqual({ signedOut: false });
    expect(owner.settings).toEqual(next);
    expect(owner.tokens).toBe(tokens);
    expect(owner.auth).toBe(auth);
    expect(reads).not.toHaveBeenCalled();
    release();
  });

  it('builds a new client, but keeps the session, when only the auth flow changes', async () => {
    const { owner } = await signedInOwner();
    const { tokens } = owner;
    expect(await owner.reconfigure({ ...SETTINGS, authFlow: 'USER_PASSWORD_AUTH' })).toEqual({ signedOut: false });
    expect(owner.tokens).not.toBe(tokens);
    expect(owner.tokens.state.status).toBe('signed-in');
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
    // The rebuilt manager answers `auth/state` for a popup opened after the save.
    expect(owner.tokens.state).toEqual({ status: 'signed-out', reason: 'settings-changed' });
    expect(states.at(-1)).toEqual({ status: 'signed-out', reason: 'settings-changed' });
  });

  it('answers politely when no pool is configured yet', async () => {
    const owner = new SessionOwner({
      settings: { ...SETTINGS, userPoolId: '', clientId: '' },
      durable: memoryKV(),
      pending: memoryKV(),
      alarms: { schedule() {}, clear() {} },
    });
    await owner.init();
    await expect(owner.auth.signIn('a@b.c', 'x')).rejects.toMatchObject({ code: 'not-configured', message: expect.stringMatching(/Open Settings/) });
  });
});
