import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { memoryKV } from '../shared/kv.ts';
import { AuthError } from './errors.ts';
import { AuthService, PENDING_TTL_MS } from './auth-service.ts';
import { kvSessionStore } from './session-store.ts';
import { FakeCognitoAuth, mintTokens } from './testing.ts';
import { TokenManager } from './token-manager.ts';

const SIGN_UP = { email: 'Ada@Example.com ', password: 'Passw0rd!', name: 'Ada Lovelace', handle: 'ada' };

function setup() {
  const cognito = new FakeCognitoAuth();
  const store = memoryKV<'indexeddb'>();
  const pending = memoryKV<'session'>();
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
    expect(pending.data.has('pending:credentials')).toBe(false); // the password is not kept a moment longer
  });

  it('only confirms when the typed password has expired from memory', async () => {
    const { auth, cognito, tokens, pending } = setup();
    await auth.signUp(SIGN_UP);
    vi.setSystemTime(Date.now() + PENDING_TTL_MS + 1);
    expect(await auth.confirmSignUp('ada@example.com', cognito.users.get('ada@example.com')?.code ?? '')).toEqual({ kind: 'confirmed' });
    expect(tokens.state.status).toBe('signed-out');
    expect(pending.data.has('pending:credentials')).toBe(false); // an expired password is deleted once read
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
    const { auth, cognito, tokens, pending } = setup();
    cognito.addUser('new@example.com', { mustChangePassword: true, password: 'Temp0rary!' });
    expect(await auth.signIn('new@example.com', 'Temp0rary!')).toEqual({ kind: 'new-password-required' });
    expect((await auth.completeNewPassword('N3w-password!')).kind).toBe('signed-in');
    expect(pending.data.has('pending:challenge')).toBe(false);
    expect(cognito.users.get('new@example.com')?.password).toBe('N3w-password!');
    expect(tokens.state.status).toBe('signed-in');
  });

  it.each(['SOFTWARE_TOKEN_MFA', 'MFA_SETUP'] as const)(
    'takes an admin-created user with %s from the new password on to the MFA step, then signs them in',
    async (mfa) => {
      const { auth, cognito, tokens, pending } = setup();
      cognito.addUser('new@example.com', { mustChangePassword: true, password: 'Temp0rary!', mfa });
      await auth.signIn('new@example.com', 'Temp0rary!');
      expect(await auth.completeNewPassword('N3w-password!')).toEqual({ kind: 'mfa-required', mfa: { step: mfa } });
      expect(pending.data.has('pending:challenge')).toBe(false);
      expect(pending.data.get('pending:mfa')).toMatchObject({ username: 'new@example.com', name: mfa });
      expect(tokens.state.status).toBe('signed-out');
      if (mfa === 'MFA_SETUP') await auth.startMfaSetup();
      expect((await auth.answerMfa(cognito.mfaCode)).kind).toBe('signed-in');
      expect(tokens.state.status).toBe('signed-in');
    },
  );

  it('asks to sign in again when the new-password challenge is too old', async () => {
    const { auth, cognito } = setup();
    cognito.addUser('new@example.com', { mustChangePassword: true });
    await auth.signIn('new@example.com', 'Passw0rd!');
    vi.setSystemTime(Date.now() + PENDING_TTL_MS + 1);
    // The step's session is gone, as when Cognito forgets an MFA step: "That sign-in took too long."
    await expect(auth.completeNewPassword('N3w-password!')).rejects.toMatchObject({ code: 'mfa-session-expired' });
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
    // The refresh token as found; no username, which nobody knows before Cognito answers.
    expect(cognito.sent).toEqual([{ refreshToken: 'web-refresh-token', username: '' }]);
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

describe('MFA at sign-in', () => {
  it.each([
    ['SOFTWARE_TOKEN_MFA', { step: 'SOFTWARE_TOKEN_MFA' }],
    ['EMAIL_OTP', { step: 'EMAIL_OTP', destination: 'a***@e***' }],
    ['SMS_MFA', { step: 'SMS_MFA', destination: '+*******0100' }],
  ] as const)('asks for the %s code, keeps the session in the background, and signs in with it', async (mfa, prompt) => {
    const { auth, cognito, pending, tokens } = setup();
    cognito.addUser('ada@example.com', { mfa });
    expect(await auth.signIn('ada@example.com', 'Passw0rd!')).toEqual({ kind: 'mfa-required', mfa: prompt });
    expect(pending.data.get('pending:mfa')).toMatchObject({ username: 'ada@example.com', session: 'mfa-session-1', name: mfa });
    expect(await auth.pendingMfa()).toEqual(prompt); // a reopened popup resumes the step
    expect(await auth.answerMfa(' 123 456 ')).toMatchObject({ kind: 'signed-in' });
    expect(cognito.mfaAnswers).toEqual([{ challenge: expect.objectContaining({ session: 'mfa-session-1', name: mfa }), answer: ' 123 456 ' }]);
    expect(tokens.state.status).toBe('signed-in');
    expect(pending.data.has('pending:mfa')).toBe(false);
  });

  it('keeps the step after a wrong code, then signs in with the right one', async () => {
    const { auth, cognito, pending } = setup();
    cognito.addUser('ada@example.com', { mfa: 'SOFTWARE_TOKEN_MFA' });
    await auth.signIn('ada@example.com', 'Passw0rd!');
    await expect(auth.answerMfa('654321')).rejects.toMatchObject({ code: 'mfa-code-mismatch' });
    expect(pending.data.has('pending:mfa')).toBe(true);
    expect(await auth.answerMfa('123456')).toMatchObject({ kind: 'signed-in' });
  });

  it('ends the step when Cognito has forgotten the challenge session', async () => {
    const { auth, cognito, pending, tokens } = setup();
    cognito.addUser('ada@example.com', { mfa: 'SOFTWARE_TOKEN_MFA' });
    await auth.signIn('ada@example.com', 'Passw0rd!');
    cognito.expireMfaSession();
    await expect(auth.answerMfa('123456')).rejects.toMatchObject({ code: 'mfa-session-expired' });
    expect(pending.data.has('pending:mfa')).toBe(false);
    expect(await auth.pendingMfa()).toBeNull();
    expect(tokens.state.status).toBe('signed-out');
  });

  it('forgets a step older than the pending lifetime', async () => {
    const { auth, cognito } = setup();
    cognito.addUser('ada@example.com', { mfa: 'EMAIL_OTP' });
    await auth.signIn('ada@example.com', 'Passw0rd!');
    vi.advanceTimersByTime(PENDING_TTL_MS);
    expect(await auth.pendingMfa()).toBeNull();
    await expect(auth.answerMfa('123456')).rejects.toMatchObject({ code: 'mfa-session-expired' });
  });

  it('moves from SELECT_MFA_TYPE to the chosen code step with the new session', async () => {
    const { auth, cognito } = setup();
    cognito.addUser('ada@example.com', { mfa: 'SELECT_MFA_TYPE', mfaOptions: ['SOFTWARE_TOKEN_MFA', 'EMAIL_OTP'] });
    expect(await auth.signIn('ada@example.com', 'Passw0rd!')).toEqual({
      kind: 'mfa-required',
      mfa: { step: 'SELECT_MFA_TYPE', options: ['SOFTWARE_TOKEN_MFA', 'EMAIL_OTP'] },
    });
    expect(await auth.answerMfa('EMAIL_OTP')).toEqual({ kind: 'mfa-required', mfa: { step: 'EMAIL_OTP', destination: 'a***@e***' } });
    expect(await auth.answerMfa('123456')).toMatchObject({ kind: 'signed-in' });
    expect(cognito.mfaAnswers.map((a) => a.challenge.session)).toEqual(['mfa-session-1', 'mfa-session-2']);
  });

  it('sets up an authenticator app for MFA_SETUP, answering with the session the association returned', async () => {
    const { auth, cognito } = setup();
    cognito.addUser('ada@example.com', { mfa: 'MFA_SETUP' });
    expect(await auth.signIn('ada@example.com', 'Passw0rd!')).toEqual({ kind: 'mfa-required', mfa: { step: 'MFA_SETUP' } });
    expect(await auth.startMfaSetup()).toEqual({
      secret: 'JBSWY3DPEHPK3PXP',
      uri: 'otpauth://totp/Cruddur%3Aada%40example.com?secret=JBSWY3DPEHPK3PXP&issuer=Cruddur',
    });
    expect(await auth.answerMfa('123456')).toMatchObject({ kind: 'signed-in' });
    expect(cognito.mfaAnswers[0]?.challenge).toMatchObject({ name: 'MFA_SETUP', session: 'mfa-session-2' });
    expect(cognito.users.get('ada@example.com')?.mfa).toBe('SOFTWARE_TOKEN_MFA');
  });

  it('refuses to start a setup when the pending step is a code step', async () => {
    const { auth, cognito } = setup();
    cognito.addUser('ada@example.com', { mfa: 'SOFTWARE_TOKEN_MFA' });
    await auth.signIn('ada@example.com', 'Passw0rd!');
    const associate = vi.spyOn(cognito, 'associateTotp');
    await expect(auth.startMfaSetup()).rejects.toMatchObject({ code: 'invalid-parameter' });
    expect(associate).not.toHaveBeenCalled();
    // The code step is still there to answer.
    expect(await auth.pendingMfa()).toEqual({ step: 'SOFTWARE_TOKEN_MFA' });
  });

  it.each([
    ['Cognito forgot the challenge session: the step ends', new AuthError('mfa-session-expired'), null],
    ['a network error: the step is kept for another try', new AuthError('network'), { step: 'MFA_SETUP' }],
  ])('when the authenticator setup fails with %s', async (_, failure, left) => {
    const { auth, cognito } = setup();
    cognito.addUser('ada@example.com', { mfa: 'MFA_SETUP' });
    await auth.signIn('ada@example.com', 'Passw0rd!');
    vi.spyOn(cognito, 'associateTotp').mockRejectedValueOnce(failure);
    await expect(auth.startMfaSetup()).rejects.toBe(failure);
    expect(await auth.pendingMfa()).toEqual(left);
  });
});

describe('Settings → Two-step verification', () => {
  async function signedIn() {
    const t = setup();
    t.cognito.addUser('ada@example.com');
    await t.auth.signIn('ada@example.com', 'Passw0rd!');
    return t;
  }

  it('sets up an authenticator app: secret and otpauth URI, then the code turns it on and preferred', async () => {
    const { auth, cognito, tokens } = await signedIn();
    expect(await auth.totpState()).toEqual({ enabled: false, preferred: false });
    expect(await auth.startTotpSetup()).toEqual({
      secret: 'JBSWY3DPEHPK3PXP',
      uri: 'otpauth://totp/Cruddur%3Aada%40example.com?secret=JBSWY3DPEHPK3PXP&issuer=Cruddur',
    });
    await expect(auth.enableTotp('000000')).rejects.toMatchObject({ code: 'mfa-code-mismatch' });
    expect(await auth.enableTotp('123 456')).toEqual({ enabled: true, preferred: true });
    // Every call carried the session's current access token.
    const access = (await tokens.session())?.accessToken;
    expect(new Set(cognito.mfaSettingsTokens)).toEqual(new Set([access]));
  });

  it('turns the authenticator off', async () => {
    const { auth } = await signedIn();
    await auth.enableTotp('123456');
    expect(await auth.disableTotp()).toEqual({ enabled: false, preferred: false });
  });

  it('refuses to turn it off, with a plain sentence, where the pool requires MFA', async () => {
    const { auth, cognito } = await signedIn();
    await auth.enableTotp('123456');
    cognito.mfaRequired = true;
    await expect(auth.disableTotp()).rejects.toMatchObject({
      code: 'mfa-required-by-pool',
      message: 'mfa-required-by-pool',
    });
    expect(await auth.totpState()).toEqual({ enabled: true, preferred: true });
  });

  it('asks a signed-out user to sign in, with no Cognito call', async () => {
    const { auth, cognito } = setup();
    await expect(auth.totpState()).rejects.toMatchObject({ code: 'signed-out' });
    expect(cognito.mfaSettingsTokens).toEqual([]);
  });
});

describe('adopting exactly the identity that was shown', () => {
  it('refuses tokens of another user than the one accepted, and stays signed out', async () => {
    const { auth, tokens, store } = setup();
    // FakeCognito's refresh issues tokens for sub-1.
    await expect(auth.adopt('web-refresh-token', { sub: 'someone-else' })).rejects.toMatchObject({ code: 'session-other-account' });
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

describe('pending sign-up credentials', () => {
  it('goes to Confirm without a destination when the fresh code could not be sent', async () => {
    const { auth, cognito } = setup();
    cognito.addUser('bob@example.com', { confirmed: false });
    vi.spyOn(cognito, 'resendCode').mockRejectedValueOnce(new AuthError('limit-exceeded'));
    expect(await auth.signIn('Bob@Example.com', 'Passw0rd!')).toEqual({ kind: 'confirm-required', email: 'bob@example.com' });
  });

  it('signs in after confirming an account that was already confirmed (a second tab, a double submit)', async () => {
    const { auth, cognito } = setup();
    await auth.signUp(SIGN_UP);
    const user = cognito.users.get('ada@example.com');
    if (user) user.confirmed = true;
    expect((await auth.confirmSignUp('ada@example.com', '000000')).kind).toBe('signed-in');
  });

  it('never signs in with the password typed for another email', async () => {
    const { auth, cognito, pending, tokens } = setup();
    await auth.signUp(SIGN_UP);
    cognito.addUser('bob@example.com', { confirmed: false, code: '222222' });
    expect(await auth.confirmSignUp('bob@example.com', '222222')).toEqual({ kind: 'confirmed' });
    expect(tokens.state.status).toBe('signed-out');
    expect(pending.data.get('pending:credentials')).toMatchObject({ email: 'ada@example.com' });
  });

  it('drops the password as soon as confirming leads on to an MFA step', async () => {
    const { auth, cognito, pending } = setup();
    await auth.signUp(SIGN_UP);
    const user = cognito.users.get('ada@example.com');
    if (user) user.mfa = 'SOFTWARE_TOKEN_MFA';
    expect(await auth.confirmSignUp('ada@example.com', user?.code ?? '')).toEqual({ kind: 'mfa-required', mfa: { step: 'SOFTWARE_TOKEN_MFA' } });
    expect(pending.data.has('pending:credentials')).toBe(false);
  });

  it.each([
    ['signing in to another account', (t: ReturnType<typeof setup>) => t.auth.signIn('bob@example.com', 'Passw0rd!')],
    ['adopting a web-app session', (t: ReturnType<typeof setup>) => t.auth.adopt('web-refresh-token')],
  ])('drops a pending sign-up password on %s', async (_, signIn) => {
    const t = setup();
    await t.auth.signUp(SIGN_UP);
    t.cognito.addUser('bob@example.com');
    expect((await signIn(t)).kind).toBe('signed-in');
    expect(t.pending.data.has('pending:credentials')).toBe(false);
  });
});

describe('codes, sign-out and identities', () => {
  it('sends a new sign-up code and a reset code, saying where they went', async () => {
    const { auth, cognito } = setup();
    cognito.addUser('ada@example.com', { confirmed: false, code: '111111' });
    expect(await auth.resendCode('ada@example.com')).toEqual({ destination: 'a***@e***' });
    const resent = cognito.users.get('ada@example.com')?.code;
    expect(resent).not.toBe('111111');
    expect(await auth.forgotPassword('ada@example.com')).toEqual({ destination: 'a***@e***' });
    expect(cognito.users.get('ada@example.com')?.code).not.toBe(resent);
  });

  it('signing out when already signed out revokes nothing and does not fail', async () => {
    const { auth, cognito, tokens } = setup();
    await auth.signOut();
    expect(cognito.revoked).toEqual([]);
    expect(tokens.state).toEqual({ status: 'signed-out', reason: 'user' });
  });

  it('names the owner of an access token as Cognito answers', async () => {
    const { auth } = setup();
    const { accessToken } = mintTokens({ sub: 'ada@example.com' });
    expect(await auth.identify(accessToken)).toEqual({ sub: 'ada@example.com', email: 'ada@example.com', name: 'Someone', handle: 'someone' });
  });

  it('labels the authenticator entry without an account when the session ended during the setup', async () => {
    const t = setup();
    t.cognito.addUser('ada@example.com');
    await t.auth.signIn('ada@example.com', 'Passw0rd!');
    vi.spyOn(t.cognito, 'associateTotpForUser').mockImplementationOnce(async () => {
      await t.tokens.signOut('user');
      return 'JBSWY3DPEHPK3PXP';
    });
    expect(await t.auth.startTotpSetup()).toEqual({ secret: 'JBSWY3DPEHPK3PXP', uri: 'otpauth://totp/Cruddur%3A?secret=JBSWY3DPEHPK3PXP&issuer=Cruddur' });
  });
});
