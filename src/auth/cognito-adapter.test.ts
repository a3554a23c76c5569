import { describe, expect, it } from 'vitest';
import type { CognitoConfig } from '../shared/settings.ts';
import { CognitoAdapter, unknownOperation } from './cognito-adapter.ts';
import { FAKE_COGNITO_URL, fakeCognitoEndpoint } from './testing.ts';
import { AuthError } from './errors.ts';

const CONFIG: CognitoConfig = { region: 'us-east-1', userPoolId: 'us-east-1_Test01', clientId: 'client-1', authFlow: 'USER_SRP_AUTH' };

const memoryStorage = () => {
  const m = new Map<string, string>();
  return {
    getItem: (k: string) => m.get(k) ?? null,
    setItem: (k: string, v: string) => void m.set(k, v),
    removeItem: (k: string) => void m.delete(k),
    clear: () => m.clear(),
  };
};

const result = (serial: number, refreshToken?: string) => ({
  AuthenticationResult: { AccessToken: `access-${serial}`, IdToken: `id-${serial}`, ...(refreshToken ? { RefreshToken: refreshToken } : {}) },
});

/** A fake Cognito endpoint (it checks each request's protocol), answering with these handlers. */
const endpoint = (handlers: Parameters<typeof fakeCognitoEndpoint>[0]) => fakeCognitoEndpoint(handlers);
type Fake = ReturnType<typeof endpoint>;

const adapter = ({ fetch }: Fake) => new CognitoAdapter({ ...CONFIG, endpoint: FAKE_COGNITO_URL }, { storage: memoryStorage(), fetch });

describe('CognitoAdapter.refresh', () => {
  it('refreshes with one GetTokensFromRefreshToken call carrying the refresh token and the client', async () => {
    const fake = endpoint({ GetTokensFromRefreshToken: () => result(1) });
    await expect(adapter(fake).refresh('refresh-0')).resolves.toEqual({ accessToken: 'access-1', idToken: 'id-1' });
    expect(fake.calls).toEqual([{ operation: 'GetTokensFromRefreshToken', params: { ClientId: 'client-1', RefreshToken: 'refresh-0' } }]);
  });

  it('returns the rotated refresh token when the client rotates', async () => {
    const fake = endpoint({ GetTokensFromRefreshToken: () => result(1, 'refresh-1') });
    await expect(adapter(fake).refresh('refresh-0')).resolves.toEqual({ accessToken: 'access-1', idToken: 'id-1', refreshToken: 'refresh-1' });
  });

  it('falls back to REFRESH_TOKEN_AUTH once, then calls only InitiateAuth on an endpoint without the operation', async () => {
    const fake = endpoint({ InitiateAuth: () => result(1) });
    const cognito = adapter(fake);
    await expect(cognito.refresh('refresh-0')).resolves.toEqual({ accessToken: 'access-1', idToken: 'id-1' });
    await cognito.refresh('refresh-0');
    expect(fake.calls.map((c) => c.operation)).toEqual(['GetTokensFromRefreshToken', 'InitiateAuth', 'InitiateAuth']);
    expect(fake.calls[1]?.params).toEqual({ ClientId: 'client-1', AuthFlow: 'REFRESH_TOKEN_AUTH', AuthParameters: { REFRESH_TOKEN: 'refresh-0' } });
  });

  it.each([
    ['a revoked refresh token', { code: 'NotAuthorizedException', name: 'NotAuthorizedException', message: 'Refresh Token has been revoked' }, 'session-expired'],
    ['a network failure', { code: 'NetworkError', name: 'NetworkError', message: 'Network error' }, 'network'],
    ['throttling', { code: 'TooManyRequestsException', name: 'TooManyRequestsException' }, 'too-many-requests'],
  ])('does not fall back on %s: one call, mapped once', async (_name, error, code) => {
    const fake = endpoint({
      GetTokensFromRefreshToken: () => {
        throw error;
      },
      InitiateAuth: () => result(1),
    });
    const failure = await adapter(fake).refresh('refresh-0').catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(AuthError);
    expect((failure as AuthError).code).toBe(code);
    expect(fake.calls.map((c) => c.operation)).toEqual(['GetTokensFromRefreshToken']);
  });

  it('answers an incomplete result as an unknown failure', async () => {
    const fake = endpoint({ GetTokensFromRefreshToken: () => ({ AuthenticationResult: { AccessToken: 'a' } }) });
    await expect(adapter(fake).refresh('refresh-0')).rejects.toMatchObject({ code: 'unknown' });
  });
});

describe('unknownOperation', () => {
  it.each([
    [{ code: 'UnknownOperationException' }, true],
    [{ name: 'com.amazon.coral.service#UnknownOperationException' }, true],
    // The library keeps only the part after '#' of cognito-local's `CognitoLocal#Unsupported`.
    [{ code: 'Unsupported', name: 'Unsupported' }, true],
    [{ __type: 'CognitoLocal#Unsupported' }, true],
    [{ code: 'UnsupportedOperationException' }, false],
    [{ code: 'NotAuthorizedException' }, false],
    [{ code: 'NetworkError' }, false],
    [new TypeError('Failed to fetch'), false],
    [undefined, false],
  ])('%o is an unknown operation: %s', (error, expected) => {
    expect(unknownOperation(error)).toBe(expected);
  });
});

const PASSWORD_FLOW: CognitoConfig = { ...CONFIG, authFlow: 'USER_PASSWORD_AUTH' };
const passwordAdapter = ({ fetch }: Fake) => new CognitoAdapter({ ...PASSWORD_FLOW, endpoint: FAKE_COGNITO_URL }, { storage: memoryStorage(), fetch });
const challenge = (name: string, params: Record<string, string> = {}) => () => ({
  ChallengeName: name,
  Session: 'session-1',
  ChallengeParameters: { USER_ID_FOR_SRP: 'user-uuid', ...params },
});

describe('CognitoAdapter MFA at sign-in', () => {
  it.each([
    ['SOFTWARE_TOKEN_MFA', challenge('SOFTWARE_TOKEN_MFA'), { name: 'SOFTWARE_TOKEN_MFA' }],
    ['SMS_MFA', challenge('SMS_MFA', { CODE_DELIVERY_DESTINATION: '+*******0100' }), { name: 'SMS_MFA', destination: '+*******0100' }],
    ['MFA_SETUP', challenge('MFA_SETUP'), { name: 'MFA_SETUP' }],
    [
      'SELECT_MFA_TYPE',
      challenge('SELECT_MFA_TYPE', { MFAS_CAN_CHOOSE: '["SOFTWARE_TOKEN_MFA","EMAIL_OTP","WEB_AUTHN"]' }),
      { name: 'SELECT_MFA_TYPE', options: ['SOFTWARE_TOKEN_MFA', 'EMAIL_OTP'] },
    ],
    ['EMAIL_OTP', challenge('EMAIL_OTP', { CODE_DELIVERY_DESTINATION: 'd***@c***' }), { name: 'EMAIL_OTP', destination: 'd***@c***' }],
  ])('turns %s into plain challenge data', async (_name, answer, expected) => {
    const fake = endpoint({ InitiateAuth: answer });
    const result = await passwordAdapter(fake).signIn('Dee@Example.com', 'Passw0rd!');
    expect(result).toEqual({ kind: 'mfa-required', challenge: { username: 'user-uuid', session: 'session-1', ...expected } });
  });

  it.each([
    ['SOFTWARE_TOKEN_MFA', { SOFTWARE_TOKEN_MFA_CODE: '123456' }],
    ['EMAIL_OTP', { EMAIL_OTP_CODE: '123456' }],
    ['SMS_MFA', { SMS_MFA_CODE: '123456' }],
  ] as const)('answers %s with RespondToAuthChallenge, the code without spaces', async (name, responses) => {
    const fake = endpoint({ RespondToAuthChallenge: () => result(1, 'refresh-1') });
    const out = await adapter(fake).respondToMfa({ username: 'u', session: 's', name }, ' 123 456\n');
    expect(out).toEqual({ kind: 'signed-in', tokens: { accessToken: 'access-1', idToken: 'id-1', refreshToken: 'refresh-1' } });
    expect(fake.calls).toEqual([
      { operation: 'RespondToAuthChallenge', params: { ClientId: 'client-1', Session: 's', ChallengeName: name, ChallengeResponses: { USERNAME: 'u', ...responses } } },
    ]);
  });

  it('choosing EMAIL_OTP at SELECT_MFA_TYPE leads to the email code step', async () => {
    const fake = endpoint({
      RespondToAuthChallenge: () => ({ ChallengeName: 'EMAIL_OTP', Session: 's2', ChallengeParameters: { CODE_DELIVERY_DESTINATION: 'd***@c***' } }),
    });
    const out = await adapter(fake).respondToMfa({ username: 'u', session: 's1', name: 'SELECT_MFA_TYPE', options: ['SOFTWARE_TOKEN_MFA', 'EMAIL_OTP'] }, 'EMAIL_OTP');
    expect(out).toEqual({ kind: 'mfa-required', challenge: { username: 'u', session: 's2', name: 'EMAIL_OTP', destination: 'd***@c***' } });
    expect(fake.calls).toEqual([
      { operation: 'RespondToAuthChallenge', params: { ClientId: 'client-1', Session: 's1', ChallengeName: 'SELECT_MFA_TYPE', ChallengeResponses: { USERNAME: 'u', ANSWER: 'EMAIL_OTP' } } },
    ]);
  });

  it('verifies the authenticator for MFA_SETUP, then answers the challenge with the session it got back', async () => {
    const fake = endpoint({
      AssociateSoftwareToken: () => ({ SecretCode: 'SECRET', Session: 's2' }),
      VerifySoftwareToken: () => ({ Status: 'SUCCESS', Session: 's3' }),
      RespondToAuthChallenge: () => result(1, 'refresh-1'),
    });
    const cognito = adapter(fake);
    const setup = await cognito.associateTotp({ username: 'u', session: 's1', name: 'MFA_SETUP' });
    expect(setup).toEqual({ secret: 'SECRET', challenge: { username: 'u', session: 's2', name: 'MFA_SETUP' } });
    await expect(cognito.respondToMfa(setup.challenge, '123-456')).resolves.toMatchObject({ kind: 'signed-in' });
    expect(fake.calls.map((c) => [c.operation, c.params])).toEqual([
      ['AssociateSoftwareToken', { Session: 's1' }],
      ['VerifySoftwareToken', { Session: 's2', UserCode: '123456' }],
      ['RespondToAuthChallenge', { ClientId: 'client-1', Session: 's3', ChallengeName: 'MFA_SETUP', ChallengeResponses: { USERNAME: 'u' } }],
    ]);
  });

  it.each([
    ['CodeMismatchException', 'mfa-code-mismatch'],
    ['EnableSoftwareTokenMFAException', 'mfa-code-mismatch'],
    ['ExpiredCodeException', 'mfa-code-used'],
    ['NotAuthorizedException', 'mfa-session-expired'],
  ])('maps %s on an MFA step to %s, never to Cognito\'s text', async (exception, code) => {
    const fake = endpoint({
      RespondToAuthChallenge: () => {
        throw { code: exception, name: exception, message: 'raw Cognito text' };
      },
    });
    await expect(adapter(fake).respondToMfa({ username: 'u', session: 's', name: 'SOFTWARE_TOKEN_MFA' }, '123456')).rejects.toMatchObject({
      code,
      message: code,
    });
  });
});

describe('CognitoAdapter new password, then MFA', () => {
  const invited = { username: 'invited-uuid', session: 'np-session' };

  it('signs in when the pool asks for nothing more after the new password', async () => {
    const fake = endpoint({ RespondToAuthChallenge: () => result(1, 'refresh-1') });
    const out = await adapter(fake).completeNewPassword(invited, 'N3w-Passw0rd!');
    expect(out).toEqual({ kind: 'signed-in', tokens: { accessToken: 'access-1', idToken: 'id-1', refreshToken: 'refresh-1' } });
    expect(fake.calls).toEqual([
      {
        operation: 'RespondToAuthChallenge',
        params: expect.objectContaining({
          ChallengeName: 'NEW_PASSWORD_REQUIRED',
          ClientId: 'client-1',
          Session: 'np-session',
          ChallengeResponses: expect.objectContaining({ USERNAME: 'invited-uuid', NEW_PASSWORD: 'N3w-Passw0rd!' }),
        }),
      },
    ]);
  });

  it.each([
    ['SOFTWARE_TOKEN_MFA', challenge('SOFTWARE_TOKEN_MFA'), { name: 'SOFTWARE_TOKEN_MFA' }],
    ['MFA_SETUP', challenge('MFA_SETUP', { MFAS_CAN_SETUP: '["SOFTWARE_TOKEN_MFA"]' }), { name: 'MFA_SETUP' }],
    ['SELECT_MFA_TYPE', challenge('SELECT_MFA_TYPE', { MFAS_CAN_CHOOSE: '["SOFTWARE_TOKEN_MFA","EMAIL_OTP"]' }), { name: 'SELECT_MFA_TYPE', options: ['SOFTWARE_TOKEN_MFA', 'EMAIL_OTP'] }],
    ['EMAIL_OTP', challenge('EMAIL_OTP', { CODE_DELIVERY_DESTINATION: 'i***@c***' }), { name: 'EMAIL_OTP', destination: 'i***@c***' }],
  ])('goes on to the %s step the pool asks for next, with its session', async (_name, answer, expected) => {
    const fake = endpoint({ RespondToAuthChallenge: answer });
    const out = await adapter(fake).completeNewPassword(invited, 'N3w-Passw0rd!');
    expect(out).toEqual({ kind: 'mfa-required', challenge: { username: 'user-uuid', session: 'session-1', ...expected } });
  });

  it('still maps a refused new password to a plain error', async () => {
    const fake = endpoint({
      RespondToAuthChallenge: () => {
        throw { code: 'InvalidPasswordException', name: 'InvalidPasswordException', message: 'raw Cognito text' };
      },
    });
    await expect(adapter(fake).completeNewPassword(invited, 'weak')).rejects.toMatchObject({ code: 'invalid-password' });
  });
});

describe('CognitoAdapter two-step settings', () => {
  it.each([
    [{ UserMFASettingList: ['SOFTWARE_TOKEN_MFA'], PreferredMfaSetting: 'SOFTWARE_TOKEN_MFA' }, { enabled: true, preferred: true }],
    [{ UserMFASettingList: ['EMAIL_OTP', 'SOFTWARE_TOKEN_MFA'], PreferredMfaSetting: 'EMAIL_OTP' }, { enabled: true, preferred: false }],
    [{ UserAttributes: [] }, { enabled: false, preferred: false }],
  ])('reads GetUser %o as %o', async (answer, state) => {
    const fake = endpoint({ GetUser: () => answer });
    await expect(adapter(fake).getTotpState('access')).resolves.toEqual(state);
    expect(fake.calls).toEqual([{ operation: 'GetUser', params: { AccessToken: 'access' } }]);
  });

  it('verifies the code, then makes the authenticator enabled and preferred', async () => {
    const fake = endpoint({ VerifySoftwareToken: () => ({ Status: 'SUCCESS' }), SetUserMFAPreference: () => ({}) });
    await adapter(fake).enableTotp('access', '123 456');
    expect(fake.calls.map((c) => [c.operation, c.params])).toEqual([
      ['VerifySoftwareToken', { AccessToken: 'access', UserCode: '123456' }],
      ['SetUserMFAPreference', { AccessToken: 'access', SoftwareTokenMfaSettings: { Enabled: true, PreferredMfa: true } }],
    ]);
  });

  it.each([
    ['VerifySoftwareToken', 'EnableSoftwareTokenMFAException', 'mfa-code-mismatch'],
    ['VerifySoftwareToken', 'NotAuthorizedException', 'session-expired'],
  ])('maps %s failing with %s to %s', async (operation, exception, code) => {
    const fake = endpoint({
      [operation]: () => {
        throw { code: exception, name: exception };
      },
    });
    await expect(adapter(fake).enableTotp('access', '123456')).rejects.toMatchObject({ code });
  });

  it('says plainly that a pool requiring MFA keeps it on', async () => {
    const fake = endpoint({
      SetUserMFAPreference: () => {
        throw { code: 'InvalidParameterException', name: 'InvalidParameterException', message: 'raw' };
      },
    });
    await expect(adapter(fake).disableTotp('access')).rejects.toMatchObject({
      code: 'mfa-required-by-pool',
      message: 'mfa-required-by-pool',
    });
    expect(fake.calls[0]?.params).toEqual({ AccessToken: 'access', SoftwareTokenMfaSettings: { Enabled: false, PreferredMfa: false } });
  });
});

describe('CognitoAdapter SRP sign-in (our own calls, srp-native maths)', () => {
  const verifier = () => ({
    ChallengeName: 'PASSWORD_VERIFIER',
    Session: 'srp-session',
    ChallengeParameters: { USER_ID_FOR_SRP: 'user-uuid', SRP_B: 'ab'.repeat(192), SALT: '0f1e2d3c4b5a69788796a5b4c3d2e1f0', SECRET_BLOCK: btoa('secret block') },
  });

  it('sends A, then answers PASSWORD_VERIFIER with the claim, the session and the user id for SRP', async () => {
    const fake = endpoint({ InitiateAuth: verifier, RespondToAuthChallenge: () => result(1, 'refresh-1') });
    const out = await adapter(fake).signIn(' Dee@Example.com ', 'Passw0rd!');
    expect(out).toEqual({ kind: 'signed-in', tokens: { accessToken: 'access-1', idToken: 'id-1', refreshToken: 'refresh-1' } });
    const [initiate, respond] = fake.calls;
    expect(initiate).toEqual({
      operation: 'InitiateAuth',
      params: { AuthFlow: 'USER_SRP_AUTH', ClientId: 'client-1', AuthParameters: { USERNAME: 'dee@example.com', SRP_A: expect.stringMatching(/^[0-9a-f]{700,}$/) } },
    });
    expect(respond).toEqual({
      operation: 'RespondToAuthChallenge',
      params: {
        ClientId: 'client-1',
        ChallengeName: 'PASSWORD_VERIFIER',
        Session: 'srp-session',
        ChallengeResponses: {
          USERNAME: 'user-uuid',
          PASSWORD_CLAIM_SECRET_BLOCK: btoa('secret block'),
          TIMESTAMP: expect.stringMatching(/^[A-Z][a-z]{2} [A-Z][a-z]{2} [1-9]\d? \d\d:\d\d:\d\d UTC \d{4}$/),
          PASSWORD_CLAIM_SIGNATURE: expect.stringMatching(/^[A-Za-z0-9+/]{43}=$/),
        },
      },
    });
  });

  it('draws a fresh A for every sign-in', async () => {
    const fake = endpoint({ InitiateAuth: verifier, RespondToAuthChallenge: () => result(1, 'refresh-1') });
    await adapter(fake).signIn('dee@example.com', 'Passw0rd!');
    await adapter(fake).signIn('dee@example.com', 'Passw0rd!');
    const sent = fake.calls.filter((c) => c.operation === 'InitiateAuth').map((c) => (c.params.AuthParameters as { SRP_A: string }).SRP_A);
    expect(new Set(sent).size).toBe(2);
  });

  it('passes on an EMAIL_OTP step after the password as plain challenge data', async () => {
    const fake = endpoint({
      InitiateAuth: verifier,
      RespondToAuthChallenge: () => ({ ChallengeName: 'EMAIL_OTP', Session: 's2', ChallengeParameters: { CODE_DELIVERY_DESTINATION: 'd***@e***' } }),
    });
    await expect(adapter(fake).signIn('dee@example.com', 'Passw0rd!')).resolves.toEqual({
      kind: 'mfa-required',
      challenge: { username: 'dee@example.com', session: 's2', name: 'EMAIL_OTP', destination: 'd***@e***' },
    });
  });

  it('hands out NEW_PASSWORD_REQUIRED with its session', async () => {
    const fake = endpoint({
      InitiateAuth: verifier,
      RespondToAuthChallenge: () => ({ ChallengeName: 'NEW_PASSWORD_REQUIRED', Session: 'np', ChallengeParameters: { USER_ID_FOR_SRP: 'user-uuid' } }),
    });
    await expect(adapter(fake).signIn('dee@example.com', 'Passw0rd!')).resolves.toEqual({
      kind: 'new-password-required',
      challenge: { username: 'user-uuid', session: 'np' },
    });
  });

  it.each([
    ['NotAuthorizedException', 'Incorrect username or password.', 'incorrect-credentials'],
    ['UserNotConfirmedException', 'User is not confirmed.', 'user-not-confirmed'],
    ['NotAuthorizedException', 'Password attempts exceeded', 'account-locked'],
  ])('maps %s (%s) to %s', async (exception, message, code) => {
    const fake = endpoint({
      InitiateAuth: verifier,
      RespondToAuthChallenge: () => {
        throw { code: exception, message };
      },
    });
    await expect(adapter(fake).signIn('dee@example.com', 'wrong')).rejects.toMatchObject({ code });
    expect(fake.calls).toHaveLength(2);
  });

  it('refuses a challenge other than PASSWORD_VERIFIER after A without answering it', async () => {
    const fake = endpoint({ InitiateAuth: () => ({ ChallengeName: 'CUSTOM_CHALLENGE', Session: 's' }) });
    await expect(adapter(fake).signIn('dee@example.com', 'Passw0rd!')).rejects.toMatchObject({ code: 'unknown' });
    expect(fake.calls.map((c) => c.operation)).toEqual(['InitiateAuth']);
  });

  it('signs in with the password flow in one InitiateAuth call', async () => {
    const fake = endpoint({ InitiateAuth: () => result(1, 'refresh-1') });
    await expect(passwordAdapter(fake).signIn('Dee@Example.com', 'Passw0rd!')).resolves.toMatchObject({ kind: 'signed-in' });
    expect(fake.calls).toEqual([
      { operation: 'InitiateAuth', params: { AuthFlow: 'USER_PASSWORD_AUTH', ClientId: 'client-1', AuthParameters: { USERNAME: 'dee@example.com', PASSWORD: 'Passw0rd!' } } },
    ]);
  });
});

const CHOICE_FLOW: CognitoConfig = { ...CONFIG, authFlow: 'USER_AUTH' };
const choiceAdapter = ({ fetch }: Fake) => new CognitoAdapter({ ...CHOICE_FLOW, endpoint: FAKE_COGNITO_URL }, { storage: memoryStorage(), fetch });
const emailOtp = () => ({ ChallengeName: 'EMAIL_OTP', Session: 'otp-session', ChallengeParameters: { CODE_DELIVERY_DESTINATION: 'd***@e***' } });

describe('CognitoAdapter email-code sign-in (USER_AUTH)', () => {
  it('asks for EMAIL_OTP first and hands out the code step, marked as the sign-in itself', async () => {
    const fake = endpoint({ InitiateAuth: emailOtp });
    await expect(choiceAdapter(fake).startEmailCode(' Dee@Example.com')).resolves.toEqual({
      kind: 'mfa-required',
      challenge: { username: 'dee@example.com', session: 'otp-session', name: 'EMAIL_OTP', destination: 'd***@e***', signInCode: true },
    });
    expect(fake.calls).toEqual([
      { operation: 'InitiateAuth', params: { AuthFlow: 'USER_AUTH', ClientId: 'client-1', AuthParameters: { USERNAME: 'dee@example.com', PREFERRED_CHALLENGE: 'EMAIL_OTP' } } },
    ]);
  });

  it('chooses EMAIL_OTP at SELECT_CHALLENGE when Cognito offers it', async () => {
    const fake = endpoint({
      InitiateAuth: () => ({ ChallengeName: 'SELECT_CHALLENGE', Session: 'select', ChallengeParameters: {}, AvailableChallenges: ['PASSWORD_SRP', 'EMAIL_OTP'] }),
      RespondToAuthChallenge: emailOtp,
    });
    await expect(choiceAdapter(fake).startEmailCode('dee@example.com')).resolves.toMatchObject({ kind: 'mfa-required', challenge: { session: 'otp-session', signInCode: true } });
    expect(fake.calls[1]).toEqual({
      operation: 'RespondToAuthChallenge',
      params: { ClientId: 'client-1', ChallengeName: 'SELECT_CHALLENGE', Session: 'select', ChallengeResponses: { USERNAME: 'dee@example.com', ANSWER: 'EMAIL_OTP' } },
    });
  });

  it.each([
    ['SELECT_CHALLENGE without EMAIL_OTP', () => ({ ChallengeName: 'SELECT_CHALLENGE', Session: 's', AvailableChallenges: ['PASSWORD_SRP'] })],
    ['a client without ALLOW_USER_AUTH', () => {
      throw { code: 'InvalidParameterException', message: 'USER_AUTH flow not enabled for this client' };
    }],
  ])('refuses %s in plain words, answering no challenge', async (_name, answer) => {
    const fake = endpoint({ InitiateAuth: answer });
    await expect(choiceAdapter(fake).startEmailCode('dee@example.com')).rejects.toMatchObject({ code: 'email-code-unavailable' });
    expect(fake.calls.map((c) => c.operation)).toEqual(['InitiateAuth']);
  });

  it('signs in with a password as USER_AUTH with PASSWORD_SRP preferred, then the SRP claim', async () => {
    const fake = endpoint({
      InitiateAuth: () => ({ ChallengeName: 'PASSWORD_VERIFIER', Session: 'v', ChallengeParameters: { USER_ID_FOR_SRP: 'uid', SRP_B: 'cd'.repeat(192), SALT: 'ab12', SECRET_BLOCK: btoa('b') } }),
      RespondToAuthChallenge: () => result(1, 'refresh-1'),
    });
    await expect(choiceAdapter(fake).signIn('dee@example.com', 'Passw0rd!')).resolves.toMatchObject({ kind: 'signed-in' });
    expect(fake.calls[0]?.params).toMatchObject({ AuthFlow: 'USER_AUTH', AuthParameters: { USERNAME: 'dee@example.com', PREFERRED_CHALLENGE: 'PASSWORD_SRP', SRP_A: expect.any(String) } });
    expect(fake.calls[1]?.params).toMatchObject({ ChallengeName: 'PASSWORD_VERIFIER', Session: 'v' });
  });
});

describe('CognitoAdapter remembered devices', () => {
  const device = { key: 'us-east-1_dev', groupKey: 'group-1', password: 'device-secret' };

  it('names the device at sign-in and answers DEVICE_SRP_AUTH with its own SRP proof', async () => {
    const fake = endpoint({
      InitiateAuth: () => ({ ChallengeName: 'DEVICE_SRP_AUTH', Session: 'd1', ChallengeParameters: { USERNAME: 'uid' } }),
      RespondToAuthChallenge: (p) =>
        p.ChallengeName === 'DEVICE_SRP_AUTH'
          ? { ChallengeName: 'DEVICE_PASSWORD_VERIFIER', Session: 'd2', ChallengeParameters: { USERNAME: 'uid', SRP_B: 'ef'.repeat(192), SALT: '0a0b', SECRET_BLOCK: btoa('device block') } }
          : result(1, 'refresh-1'),
    });
    await expect(passwordAdapter(fake).signIn('dee@example.com', 'Passw0rd!', device)).resolves.toMatchObject({ kind: 'signed-in' });
    expect(fake.calls.map((c) => [c.operation, c.params.ChallengeName ?? c.params.AuthFlow])).toEqual([
      ['InitiateAuth', 'USER_PASSWORD_AUTH'],
      ['RespondToAuthChallenge', 'DEVICE_SRP_AUTH'],
      ['RespondToAuthChallenge', 'DEVICE_PASSWORD_VERIFIER'],
    ]);
    expect(fake.calls[0]?.params.AuthParameters).toEqual({ USERNAME: 'dee@example.com', PASSWORD: 'Passw0rd!', DEVICE_KEY: 'us-east-1_dev' });
    expect(fake.calls[1]?.params).toEqual({
      ClientId: 'client-1',
      ChallengeName: 'DEVICE_SRP_AUTH',
      Session: 'd1',
      ChallengeResponses: { USERNAME: 'uid', DEVICE_KEY: 'us-east-1_dev', SRP_A: expect.stringMatching(/^[0-9a-f]+$/) },
    });
    expect(fake.calls[2]?.params).toEqual({
      ClientId: 'client-1',
      ChallengeName: 'DEVICE_PASSWORD_VERIFIER',
      Session: 'd2',
      ChallengeResponses: {
        USERNAME: 'uid',
        DEVICE_KEY: 'us-east-1_dev',
        PASSWORD_CLAIM_SECRET_BLOCK: btoa('device block'),
        TIMESTAMP: expect.any(String),
        PASSWORD_CLAIM_SIGNATURE: expect.stringMatching(/^[A-Za-z0-9+/]{43}=$/),
      },
    });
  });

  it('hands out NewDeviceMetadata with the tokens', async () => {
    const fake = endpoint({
      RespondToAuthChallenge: () => ({ AuthenticationResult: { ...result(1, 'refresh-1').AuthenticationResult, NewDeviceMetadata: { DeviceKey: 'k', DeviceGroupKey: 'g' } } }),
    });
    await expect(adapter(fake).respondToMfa({ username: 'u', session: 's', name: 'SOFTWARE_TOKEN_MFA' }, '123456')).resolves.toMatchObject({
      kind: 'signed-in',
      newDevice: { key: 'k', groupKey: 'g' },
    });
  });

  it('signs in without a device Cognito no longer knows, and says so', async () => {
    let first = true;
    const fake = endpoint({
      InitiateAuth: () => {
        if (first) {
          first = false;
          throw { code: 'ResourceNotFoundException', message: 'Device does not exist.' };
        }
        return result(1, 'refresh-1');
      },
    });
    await expect(passwordAdapter(fake).signIn('dee@example.com', 'Passw0rd!', device)).resolves.toMatchObject({ kind: 'signed-in', staleDevice: true });
    expect(fake.calls.map((c) => (c.params.AuthParameters as Record<string, string>).DEVICE_KEY)).toEqual(['us-east-1_dev', undefined]);
  });

  it('remembers a device: ConfirmDevice with a salt and verifier, then UpdateDeviceStatus remembered', async () => {
    const fake = endpoint({ ConfirmDevice: () => ({ UserConfirmationNecessary: true }), UpdateDeviceStatus: () => ({}) });
    const secret = await adapter(fake).rememberDevice('access', { key: 'k', groupKey: 'g' }, 'Cruddur Companion');
    expect(secret).toEqual({ key: 'k', groupKey: 'g', password: expect.stringMatching(/^[A-Za-z0-9+/]{54}=*$/) });
    expect(fake.calls).toEqual([
      {
        operation: 'ConfirmDevice',
        params: {
          AccessToken: 'access',
          DeviceKey: 'k',
          DeviceName: 'Cruddur Companion',
          DeviceSecretVerifierConfig: { PasswordVerifier: expect.stringMatching(/^[A-Za-z0-9+/]{300,}=*$/), Salt: expect.stringMatching(/^[A-Za-z0-9+/]{20,}=*$/) },
        },
      },
      { operation: 'UpdateDeviceStatus', params: { AccessToken: 'access', DeviceKey: 'k', DeviceRememberedStatus: 'remembered' } },
    ]);
  });

  it('lists remembered devices across pages, with names and last use; forgets one', async () => {
    const attrs = (name: string, remembered: string) => [
      { Name: 'device_name', Value: name },
      { Name: 'dev:device_remembered_status', Value: remembered },
    ];
    const fake = endpoint({
      ListDevices: (p) =>
        p.PaginationToken
          ? { Devices: [{ DeviceKey: 'b', DeviceAttributes: attrs('Laptop', 'remembered') }, { DeviceKey: 'c', DeviceAttributes: [{ Name: 'dev:device_remembered_status', Value: 'remembered' }] }] }
          : {
              Devices: [
                { DeviceKey: 'a', DeviceAttributes: attrs('Cruddur Companion', 'remembered'), DeviceLastAuthenticatedDate: 1_700_000_000 },
                { DeviceKey: 'tracked', DeviceAttributes: attrs('Old', 'not_remembered') },
              ],
              PaginationToken: 'next',
            },
      ForgetDevice: () => ({}),
    });
    const cognito = adapter(fake);
    expect(await cognito.listDevices('access')).toEqual([
      { key: 'a', name: 'Cruddur Companion', lastUsedAt: 1_700_000_000_000 },
      { key: 'b', name: 'Laptop' },
      // No name: the core has no words; the background names it (handlers.ts).
      { key: 'c', name: '' },
    ]);
    await cognito.forgetDevice('access', 'a');
    expect(fake.calls.map((c) => [c.operation, c.params])).toEqual([
      ['ListDevices', { AccessToken: 'access', Limit: 60 }],
      ['ListDevices', { AccessToken: 'access', Limit: 60, PaginationToken: 'next' }],
      ['ForgetDevice', { AccessToken: 'access', DeviceKey: 'a' }],
    ]);
  });
});

describe('CognitoAdapter sign-up without a password', () => {
  it('sends SignUp with no Password member, then confirms for the Session and signs in with it (USER_AUTH)', async () => {
    const fake = endpoint({
      SignUp: () => ({ UserConfirmed: false, CodeDeliveryDetails: { Destination: 'c***@e***' } }),
      ConfirmSignUp: () => ({ Session: 'after-sign-up' }),
      InitiateAuth: () => result(1, 'refresh-1'),
    });
    const cognito = choiceAdapter(fake);
    await expect(cognito.signUp({ email: 'Cy@Example.com ', password: '', name: ' Cy ', handle: '@cy' })).resolves.toEqual({ confirmed: false, destination: 'c***@e***' });
    await expect(cognito.confirmSignUpForSession('cy@example.com', ' 123456 ')).resolves.toBe('after-sign-up');
    await expect(cognito.signInAfterSignUp('cy@example.com', 'after-sign-up')).resolves.toMatchObject({ kind: 'signed-in' });
    expect(fake.calls).toEqual([
      {
        operation: 'SignUp',
        params: {
          ClientId: 'client-1',
          Username: 'cy@example.com',
          UserAttributes: [
            { Name: 'email', Value: 'cy@example.com' },
            { Name: 'name', Value: 'Cy' },
            { Name: 'preferred_username', Value: 'cy' },
          ],
        },
      },
      { operation: 'ConfirmSignUp', params: { ClientId: 'client-1', Username: 'cy@example.com', ConfirmationCode: '123456' } },
      { operation: 'InitiateAuth', params: { AuthFlow: 'USER_AUTH', ClientId: 'client-1', AuthParameters: { USERNAME: 'cy@example.com' }, Session: 'after-sign-up' } },
    ]);
  });

  it('maps the password-only pool’s refusal to password-needed', async () => {
    const fake = endpoint({
      SignUp: () => {
        throw { code: 'InvalidParameterException', message: "1 validation error detected: Value at 'password' failed to satisfy constraint: Member must not be null" };
      },
    });
    await expect(choiceAdapter(fake).signUp({ email: 'cy@example.com', password: '', name: 'Cy', handle: 'cy' })).rejects.toMatchObject({ code: 'password-needed' });
  });
});
