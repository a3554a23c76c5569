import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { memoryKV } from '../shared/kv.ts';
import { AuthError } from './errors.ts';
import { ADOPTED_SOMEONE_ELSE, AuthService, PENDING_TTL_MS } from './auth-service.ts';
import { kvSessionStore } from './session-store.ts';
import { FakeCognitoAuth, mintTokens } from './testing.ts';
import { TokenManager } from './token-manager.ts';

const SIGN_UP = { email: 'Ada@Example.com ', password: 'Passw0rd!', name: 'Ada Lovelace', handle: 'ada' };

function setup() {
  const cognito = new FakeCognitoAuth();
  const store = memoryKV();
  const pending = memoryKV();
  const tokens = new TokenManager({ cognito, store: kvSessionStore(store) });
  const auth = new AuthService({ cognito, tokens, pending });
  return { cognito, store, pending, tokens, auth };
}

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(new Date('2026-11-22T12:00:00Z'));
});
afterEach(() => vi.useRealTimers());

describe('sign-up to signed-in', () => {
  it('signs the user in right after confirming the emailed code', async () => {
    const { auth, cognito, pending } = setup();
    expect(await auth.signUp(SIGN_UP)).toEqual({ destination: 'a***@e***' });
    const code = cognito.users.get('ada@example.com')?.code ?? '';
    const outcome = await auth.confirmSignUp('ada@example.com', code);
    expect(outcome).toEqual({
      kind: 'signed-in',
      state: { status: 'signed-in', offline: false, user: { sub: 'ada@example.com', email: 'ada@example.com', name: 'Ada Lovelace', handle: 'ada' } },
    });
    expect(pending.data.has('credentials')).toBe(false); // the password is not kept a moment longer
  });

  it('only confirms when the typed password has expired from memory', async () => {
    const { auth, cognito, tokens } = setup();
    await auth.signUp(SIGN_UP);
    vi.setSystemTime(Date.now() + PENDING_TTL_MS + 1);
    expect(await auth.confirmSignUp('ada@example.com', cognito.users.get('ada@example.com')?.code ?? '')).toEqual({ kind: 'confirmed' });
    expect(tokens.state.status).toBe('signed-out');
  });

  it('keeps the pending sign-up when the code is wrong, so the retry still signs in', async () => {
    const { auth, cognito } = setup();
    await auth.signUp(SIGN_UP);
    await expect(auth.confirmSignUp('ada@example.com', '999999')).rejects.toMatchObject({ code: 'code-mismatch' });
    const outcome = await auth.confirmSignUp('ada@example.com', cognito.users.get('ada@example.com')?.code ?? '');
    expect(outcome.kind).toBe('signed-in');
  });

  it('sends an unconfirmed user to Confirm with a fresh code and signs in after', async () => {
    const { auth, cognito } = setup();
    cognito.addUser('bob@example.com', { confirmed: false, code: '111111' });
    const outcome = await auth.signIn('bob@example.com', 'Passw0rd!');
    expect(outcome).toEqual({ kind: 'confirm-required', email: 'bob@example.com', destination: 'a***@e***' });
    const fresh = cognito.users.get('bob@example.com')?.code ?? '';
    expect(fresh).not.toBe('111111');
    expect((await auth.confirmSignUp('bob@example.com', fresh)).kind).toBe('signed-in');
  });
});

describe('sign-in', () => {
  it('reports a wrong password as incorrect credentials and stays signed out', async () => {
    const { auth, cognito, tokens } = setup();
    cognito.addUser('ada@example.com');
    await expect(auth.signIn('ada@example.com', 'wrong')).rejects.toMatchObject({ code: 'incorrect-credentials' });
    expect(tokens.state).toEqual({ status: 'signed-out' });
  });

  it('lets an admin-created user set a new password and signs them in', async () => {
    const { auth, cognito, tokens } = setup();
    cognito.addUser('new@example.com', { mustChangePassword: true, password: 'Temp0rary!' });
    expect(await auth.signIn('new@example.com', 'Temp0rary!')).toEqual({ kind: 'new-password-required' });
    expect((await auth.completeNewPassword('N3w-password!')).kind).toBe('signed-in');
    expect(cognito.users.get('new@example.com')?.password).toBe('N3w-password!');
    expect(tokens.state.status).toBe('signed-in');
  });

  it('asks to sign in again when the new-password challenge is too old', async () => {
    const { auth, cognito } = setup();
    cognito.addUser('new@example.com', { mustChangePassword: true });
    await auth.signIn('new@example.com', 'Passw0rd!');
    vi.setSystemTime(Date.now() + PENDING_TTL_MS + 1);
    await expect(auth.completeNewPassword('N3w-password!')).rejects.toMatchObject({ code: 'session-expired' });
  });

  it('resets a forgotten password and signs in with the new one', async () => {
    const { auth, cognito } = setup();
    cognito.addUser('ada@example.com');
    await auth.forgotPassword('ada@example.com');
    const code = cognito.users.get('ada@example.com')?.code ?? '';
    const outcome = await auth.confirmForgotPassword('ada@example.com', code, 'Another-0ne!');
    expect(outcome.kind).toBe('signed-in');
  });
});

describe('sign-out', () => {
  async function signedIn() {
    const t = setup();
    t.cognito.addUser('ada@example.com');
    await t.auth.signIn('ada@example.com', 'Passw0rd!');
    return t;
  }

  it('revokes the refresh token and clears the stored session', async () => {
    const { auth, cognito, store, tokens } = await signedIn();
    await auth.signOut();
    expect(cognito.revoked).toEqual(['refresh-ada@example.com']);
    expect(store.data.has('session')).toBe(false);
    expect(tokens.state).toEqual({ status: 'signed-out', reason: 'user' });
  });

  it('signs out locally even when the revoke cannot reach Cognito', async () => {
    const { auth, cognito, tokens } = await signedIn();
    cognito.signOutFailures.push(new AuthError('network'));
    await auth.signOut();
    expect(tokens.state).toEqual({ status: 'signed-out', reason: 'user' });
  });

  it('records why, when something other than the user ended the session', async () => {
    const { auth, cognito, tokens } = await signedIn();
    await auth.signOut({ reason: 'settings-changed' });
    expect(cognito.revoked).toEqual(['refresh-ada@example.com']);
    expect(tokens.state).toEqual({ status: 'signed-out', reason: 'settings-changed' });
  });

  it('keeps the session when a global sign-out cannot reach Cognito', async () => {
    const { auth, cognito, tokens } = await signedIn();
    cognito.signOutFailures.push(new AuthError('network'));
    await expect(auth.signOut({ global: true })).rejects.toMatchObject({ code: 'network' });
    expect(tokens.state.status).toBe('signed-in');
    await auth.signOut({ global: true });
    expect(cognito.globalSignOuts).toBe(1);
    expect(tokens.state).toEqual({ status: 'signed-out', reason: 'global' });
  });
});

describe('adopting a web-app session', () => {
  it('proves the refresh token by refreshing it, then adopts the session', async () => {
    const { auth, cognito, store } = setup();
    const outcome = await auth.adopt('web-refresh-token');
    expect(outcome.kind).toBe('signed-in');
    expect(cognito.calls).toBe(1);
    expect(store.data.get('session')).toMatchObject({ session: { refreshToken: 'web-refresh-token' } });
  });

  it('adopts nothing when Cognito refuses the token', async () => {
    const { auth, cognito, tokens, store } = setup();
    cognito.failures.push(new AuthError('session-expired'));
    await expect(auth.adopt('stale')).rejects.toMatchObject({ code: 'session-expired' });
    expect(tokens.state.status).toBe('signed-out');
    expect(store.data.size).toBe(0);
  });
});

describe('adopting exactly the identity that was shown', () => {
  it('refuses tokens of another user than the one accepted, and stays signed out', async () => {
    const { auth, tokens, store } = setup();
    // FakeCognito's refresh issues tokens for sub-1.
    await expect(auth.adopt('web-refresh-token', { sub: 'someone-else' })).rejects.toMatchObject({ code: 'not-authorized', message: ADOPTED_SOMEONE_ELSE });
    expect(tokens.state.status).toBe('signed-out');
    expect(store.data.size).toBe(0);
  });

  it.each([
    ['no new refresh token', undefined, false],
    ['the same refresh token', 'web-refresh-token', false],
    ['a new refresh token', 'rotated-token', true],
  ])('tells whether Cognito rotated: %s → %s', async (_, returned, rotated) => {
    const { auth, cognito, store } = setup();
    vi.spyOn(cognito, 'refresh').mockImplementation(async (...args: unknown[]) => {
      expect(args[0]).toBe('web-refresh-token');
      return mintTokens({ sub: 'sub-1', ...(returned ? { refreshToken: returned } : {}) });
    });
    const onRefreshed = vi.fn();
    expect((await auth.adopt('web-refresh-token', { sub: 'sub-1', onRefreshed })).kind).toBe('signed-in');
    expect(onRefreshed).toHaveBeenCalledWith(rotated);
    expect(store.data.get('session')).toMatchObject({ session: { refreshToken: returned ?? 'web-refresh-token' } });
  });
});
