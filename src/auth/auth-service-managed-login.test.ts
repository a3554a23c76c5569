// A session that came through managed login (the pool's hosted pages), through AuthService over
// the in-memory Cognito (testing.ts): adopting its tokens, and ending it where it began.
import { describe, expect, it } from 'vitest';
import { memoryKV } from '../shared/kv.ts';
import { AuthService, type ManagedLoginEnd } from './auth-service.ts';
import { kvSessionStore } from './session-store.ts';
import { FakeCognitoAuth, mintTokens } from './testing.ts';
import { TokenManager } from './token-manager.ts';

const EMAIL = 'ada@example.com';
const HOSTED_REFRESH = 'hosted-refresh';

function setup(o: { managedLogin?: boolean; endFails?: boolean } = {}) {
  const cognito = new FakeCognitoAuth();
  cognito.addUser(EMAIL);
  const store = memoryKV<'indexeddb'>();
  const pending = memoryKV<'session'>();
  const tokens = new TokenManager({ cognito, store: kvSessionStore(store) });
  /** Every hosted session ended, with what it was asked to do. */
  const ended: { refreshToken: string; revoke: boolean }[] = [];
  const managedLogin: ManagedLoginEnd = {
    end: async (refreshToken, { revoke }) => {
      ended.push({ refreshToken, revoke });
      if (o.endFails) throw new Error('the pool domain is unreachable');
    },
  };
  const auth = new AuthService({ cognito, tokens, pending, ...(o.managedLogin === false ? {} : { managedLogin }) });
  return { cognito, store, pending, tokens, ended, auth };
}

/** Signed in through managed login: tokens the hosted pages' code exchange returned. */
async function hostedSession(o: Parameters<typeof setup>[0] = {}) {
  const t = setup(o);
  await t.auth.signInWithTokens(mintTokens({ sub: EMAIL, refreshToken: HOSTED_REFRESH }), 'managed-login');
  return t;
}

describe('signing in with tokens managed login checked', () => {
  it('signs in with the profile Cognito answers, marks the session, and drops any half-done sign-in or sign-up', async () => {
    const { auth, cognito, pending, store, tokens } = setup();
    cognito.addUser('mfa@example.com', { mfa: 'SOFTWARE_TOKEN_MFA' });
    await auth.signUp({ email: 'cy@example.com', password: 'Passw0rd!', name: 'Cy', handle: 'cy' });
    await auth.signIn('mfa@example.com', 'Passw0rd!');
    expect([...pending.data.keys()].sort()).toEqual(['pending:credentials', 'pending:mfa']);

    const outcome = await auth.signInWithTokens(mintTokens({ sub: EMAIL, refreshToken: HOSTED_REFRESH }), 'managed-login');
    expect(outcome).toEqual({ kind: 'signed-in', state: { status: 'signed-in', offline: false, user: { sub: EMAIL, email: EMAIL, name: 'Ada', handle: 'ada' } } });
    expect(tokens.state).toEqual(outcome.state);
    expect(await tokens.via()).toBe('managed-login');
    expect(store.data.get('session')).toMatchObject({ session: { refreshToken: HOSTED_REFRESH }, via: 'managed-login' });
    expect(pending.data.size).toBe(0);
    expect(await auth.pendingMfa()).toBeNull();
  });
});

describe('ending a managed-login session', () => {
  it('a plain sign-out ends the hosted session and revokes its refresh token there, not through the user-pool API', async () => {
    const { auth, cognito, ended, store, tokens } = await hostedSession();
    await auth.signOut();
    expect(ended).toEqual([{ refreshToken: HOSTED_REFRESH, revoke: true }]);
    expect(cognito.revoked).toEqual([]);
    expect(tokens.state).toEqual({ status: 'signed-out', reason: 'user' });
    expect(store.data.has('session')).toBe(false);
  });

  it('signing out everywhere ends the hosted session without a second revoke (the global sign-out revoked every token)', async () => {
    const { auth, cognito, ended, tokens } = await hostedSession();
    await auth.signOut({ global: true });
    expect(cognito.globalSignOuts).toBe(1);
    expect(ended).toEqual([{ refreshToken: HOSTED_REFRESH, revoke: false }]);
    expect(cognito.revoked).toEqual([]);
    expect(tokens.state).toEqual({ status: 'signed-out', reason: 'global' });
  });

  it('signs out locally even when the pool domain cannot be reached', async () => {
    const { auth, ended, tokens } = await hostedSession({ endFails: true });
    await auth.signOut();
    expect(ended).toEqual([{ refreshToken: HOSTED_REFRESH, revoke: true }]);
    expect(tokens.state).toEqual({ status: 'signed-out', reason: 'user' });
  });

  it.each([{ global: false }, { global: true }])('a session from the user-pool API is ended there even where managed login is set up (%o)', async ({ global }) => {
    const { auth, cognito, ended } = setup();
    await auth.signIn(EMAIL, 'Passw0rd!');
    await auth.signOut({ global });
    expect(ended).toEqual([]);
    expect(cognito.revoked).toEqual(global ? [] : [`refresh-${EMAIL}`]);
    expect(cognito.globalSignOuts).toBe(global ? 1 : 0);
  });

  it('signing out with no session ends nothing anywhere', async () => {
    const { auth, cognito, ended } = setup();
    await auth.signOut();
    expect(ended).toEqual([]);
    expect(cognito.revoked).toEqual([]);
  });
});
