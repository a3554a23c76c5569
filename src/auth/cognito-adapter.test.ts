import { describe, expect, it } from 'vitest';
import type { CognitoConfig } from '../shared/settings.ts';
import { CognitoAdapter, unknownOperation, type LowLevelClient } from './cognito-adapter.ts';
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

/**
 * The low-level client as an endpoint: records every call, and answers each operation with
 * the given handler (an operation without one is unknown to this endpoint).
 */
function endpoint(handlers: Record<string, (params: Record<string, unknown>) => unknown>) {
  const calls: { operation: string; params: Record<string, unknown> }[] = [];
  const client: LowLevelClient = {
    request(operation, params, callback) {
      calls.push({ operation, params: params as Record<string, unknown> });
      const handler = handlers[operation];
      queueMicrotask(() => {
        if (!handler) return callback({ code: 'UnknownOperationException', name: 'UnknownOperationException', statusCode: 400 });
        try {
          callback(null, handler(params as Record<string, unknown>));
        } catch (e) {
          callback(e);
        }
      });
    },
  };
  return { client, calls };
}

const adapter = (client: LowLevelClient) => new CognitoAdapter(CONFIG, { storage: memoryStorage(), client });

describe('CognitoAdapter.refresh', () => {
  it('refreshes with one GetTokensFromRefreshToken call carrying the refresh token and the client', async () => {
    const { client, calls } = endpoint({ GetTokensFromRefreshToken: () => result(1) });
    await expect(adapter(client).refresh('refresh-0')).resolves.toEqual({ accessToken: 'access-1', idToken: 'id-1' });
    expect(calls).toEqual([{ operation: 'GetTokensFromRefreshToken', params: { ClientId: 'client-1', RefreshToken: 'refresh-0' } }]);
  });

  it('returns the rotated refresh token when the client rotates', async () => {
    const { client } = endpoint({ GetTokensFromRefreshToken: () => result(1, 'refresh-1') });
    await expect(adapter(client).refresh('refresh-0')).resolves.toEqual({ accessToken: 'access-1', idToken: 'id-1', refreshToken: 'refresh-1' });
  });

  it('falls back to REFRESH_TOKEN_AUTH once, then calls only InitiateAuth on an endpoint without the operation', async () => {
    const { client, calls } = endpoint({ InitiateAuth: () => result(1) });
    const cognito = adapter(client);
    await expect(cognito.refresh('refresh-0')).resolves.toEqual({ accessToken: 'access-1', idToken: 'id-1' });
    await cognito.refresh('refresh-0');
    expect(calls.map((c) => c.operation)).toEqual(['GetTokensFromRefreshToken', 'InitiateAuth', 'InitiateAuth']);
    expect(calls[1]?.params).toEqual({ ClientId: 'client-1', AuthFlow: 'REFRESH_TOKEN_AUTH', AuthParameters: { REFRESH_TOKEN: 'refresh-0' } });
  });

  it.each([
    ['a revoked refresh token', { code: 'NotAuthorizedException', name: 'NotAuthorizedException', message: 'Refresh Token has been revoked' }, 'session-expired'],
    ['a network failure', { code: 'NetworkError', name: 'NetworkError', message: 'Network error' }, 'network'],
    ['throttling', { code: 'TooManyRequestsException', name: 'TooManyRequestsException' }, 'too-many-requests'],
  ])('does not fall back on %s: one call, mapped once', async (_name, error, code) => {
    const { client, calls } = endpoint({
      GetTokensFromRefreshToken: () => {
        throw error;
      },
      InitiateAuth: () => result(1),
    });
    const failure = await adapter(client).refresh('refresh-0').catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(AuthError);
    expect((failure as AuthError).code).toBe(code);
    expect(calls.map((c) => c.operation)).toEqual(['GetTokensFromRefreshToken']);
  });

  it('answers an incomplete result as an unknown failure', async () => {
    const { client } = endpoint({ GetTokensFromRefreshToken: () => ({ AuthenticationResult: { AccessToken: 'a' } }) });
    await expect(adapter(client).refresh('refresh-0')).rejects.toMatchObject({ code: 'unknown' });
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
const passwordAdapter = (client: LowLevelClient) => new CognitoAdapter(PASSWORD_FLOW, { storage: memoryStorage(), client });
const challenge = (name: string, params: Record<string, string> = {}) => () => ({
  ChallengeName: name,
  Session: 'session-1',
  ChallengeParameters: { USER_ID_FOR_SRP: 'user-uuid', ...params },
});

describe('CognitoAdapter MFA at sign-in', () => {
  it.each([
    ['SOFTWARE_TOKEN_MFA (the library calls totpRequired)', challenge('SOFTWARE_TOKEN_MFA'), { name: 'SOFTWARE_TOKEN_MFA' }],
    ['SMS_MFA (mfaRequired)', challenge('SMS_MFA', { CODE_DELIVERY_DESTINATION: '+*******0100' }), { name: 'SMS_MFA', destination: '+*******0100' }],
    ['MFA_SETUP (mfaSetup)', challenge('MFA_SETUP'), { name: 'MFA_SETUP' }],
    [
      'SELECT_MFA_TYPE (selectMFAType)',
      challenge('SELECT_MFA_TYPE', { MFAS_CAN_CHOOSE: '["SOFTWARE_TOKEN_MFA","EMAIL_OTP","WEB_AUTHN"]' }),
      { name: 'SELECT_MFA_TYPE', options: ['SOFTWARE_TOKEN_MFA', 'EMAIL_OTP'] },
    ],
    // amazon-cognito-identity-js 6.3.21 has no EMAIL_OTP handling: the adapter catches it.
    ['EMAIL_OTP (unknown to the library)', challenge('EMAIL_OTP', { CODE_DELIVERY_DESTINATION: 'd***@c***' }), { name: 'EMAIL_OTP', destination: 'd***@c***' }],
  ])('turns %s into plain challenge data', async (_name, answer, expected) => {
    const { client } = endpoint({ InitiateAuth: answer });
    const result = await passwordAdapter(client).signIn('Dee@Example.com', 'Passw0rd!');
    expect(result).toEqual({ kind: 'mfa-required', challenge: { username: 'user-uuid', session: 'session-1', ...expected } });
  });

  it.each([
    ['SOFTWARE_TOKEN_MFA', { SOFTWARE_TOKEN_MFA_CODE: '123456' }],
    ['EMAIL_OTP', { EMAIL_OTP_CODE: '123456' }],
    ['SMS_MFA', { SMS_MFA_CODE: '123456' }],
  ] as const)('answers %s with RespondToAuthChallenge, the code without spaces', async (name, responses) => {
    const { client, calls } = endpoint({ RespondToAuthChallenge: () => result(1, 'refresh-1') });
    const out = await adapter(client).respondToMfa({ username: 'u', session: 's', name }, ' 123 456\n');
    expect(out).toEqual({ kind: 'signed-in', tokens: { accessToken: 'access-1', idToken: 'id-1', refreshToken: 'refresh-1' } });
    expect(calls).toEqual([
      { operation: 'RespondToAuthChallenge', params: { ClientId: 'client-1', Session: 's', ChallengeName: name, ChallengeResponses: { USERNAME: 'u', ...responses } } },
    ]);
  });

  it('choosing EMAIL_OTP at SELECT_MFA_TYPE leads to the email code step (a challenge the library does not know)', async () => {
    const { client, calls } = endpoint({
      RespondToAuthChallenge: () => ({ ChallengeName: 'EMAIL_OTP', Session: 's2', ChallengeParameters: { CODE_DELIVERY_DESTINATION: 'd***@c***' } }),
    });
    const out = await adapter(client).respondToMfa({ username: 'u', session: 's1', name: 'SELECT_MFA_TYPE', options: ['SOFTWARE_TOKEN_MFA', 'EMAIL_OTP'] }, 'EMAIL_OTP');
    expect(out).toEqual({ kind: 'mfa-required', challenge: { username: 'u', session: 's2', name: 'EMAIL_OTP', destination: 'd***@c***' } });
    expect(calls).toEqual([
      { operation: 'RespondToAuthChallenge', params: { ClientId: 'client-1', Session: 's1', ChallengeName: 'SELECT_MFA_TYPE', ChallengeResponses: { USERNAME: 'u', ANSWER: 'EMAIL_OTP' } } },
    ]);
  });

  it('verifies the authenticator for MFA_SETUP, then answers the challenge with the session it got back', async () => {
    const { client, calls } = endpoint({
      AssociateSoftwareToken: () => ({ SecretCode: 'SECRET', Session: 's2' }),
      VerifySoftwareToken: () => ({ Status: 'SUCCESS', Session: 's3' }),
      RespondToAuthChallenge: () => result(1, 'refresh-1'),
    });
    const cognito = adapter(client);
    const setup = await cognito.associateTotp({ username: 'u', session: 's1', name: 'MFA_SETUP' });
    expect(setup).toEqual({ secret: 'SECRET', challenge: { username: 'u', session: 's2', name: 'MFA_SETUP' } });
    await expect(cognito.respondToMfa(setup.challenge, '123-456')).resolves.toMatchObject({ kind: 'signed-in' });
    expect(calls.map((c) => [c.operation, c.params])).toEqual([
      ['AssociateSoftwareToken', { Session: 's1' }],
      ['VerifySoftwareToken', { Session: 's2', UserCode: '123456' }],
      ['RespondToAuthChallenge', { ClientId: 'client-1', Session: 's3', ChallengeName: 'MFA_SETUP', ChallengeResponses: { USERNAME: 'u' } }],
    ]);
  });

  it.each([
    ['CodeMismatchException', 'mfa-code-mismatch', 'That code is not right. Check it and try again.'],
    ['EnableSoftwareTokenMFAException', 'mfa-code-mismatch', 'That code is not right. Check it and try again.'],
    ['ExpiredCodeException', 'mfa-code-used', 'That code was already used. Wait for the next one and try again.'],
    ['NotAuthorizedException', 'mfa-session-expired', 'That sign-in took too long. Please sign in again.'],
  ])('maps %s on an MFA step to %s with a plain sentence', async (exception, code, message) => {
    const { client } = endpoint({
      RespondToAuthChallenge: () => {
        throw { code: exception, name: exception, message: 'raw Cognito text' };
      },
    });
    await expect(adapter(client).respondToMfa({ username: 'u', session: 's', name: 'SOFTWARE_TOKEN_MFA' }, '123456')).rejects.toMatchObject({
      code,
      message,
    });
  });
});

describe('CognitoAdapter new password, then MFA', () => {
  const invited = { username: 'invited-uuid', session: 'np-session' };

  it('signs in when the pool asks for nothing more after the new password', async () => {
    const { client, calls } = endpoint({ RespondToAuthChallenge: () => result(1, 'refresh-1') });
    const out = await adapter(client).completeNewPassword(invited, 'N3w-Passw0rd!');
    expect(out).toEqual({ kind: 'signed-in', tokens: { accessToken: 'access-1', idToken: 'id-1', refreshToken: 'refresh-1' } });
    expect(calls).toEqual([
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
    const { client } = endpoint({ RespondToAuthChallenge: answer });
    const out = await adapter(client).completeNewPassword(invited, 'N3w-Passw0rd!');
    expect(out).toEqual({ kind: 'mfa-required', challenge: { username: 'user-uuid', session: 'session-1', ...expected } });
  });

  it('still maps a refused new password to a plain error', async () => {
    const { client } = endpoint({
      RespondToAuthChallenge: () => {
        throw { code: 'InvalidPasswordException', name: 'InvalidPasswordException', message: 'raw Cognito text' };
      },
    });
    await expect(adapter(client).completeNewPassword(invited, 'weak')).rejects.toMatchObject({ code: 'invalid-password' });
  });
});

describe('CognitoAdapter two-step settings', () => {
  it.each([
    [{ UserMFASettingList: ['SOFTWARE_TOKEN_MFA'], PreferredMfaSetting: 'SOFTWARE_TOKEN_MFA' }, { enabled: true, preferred: true }],
    [{ UserMFASettingList: ['EMAIL_OTP', 'SOFTWARE_TOKEN_MFA'], PreferredMfaSetting: 'EMAIL_OTP' }, { enabled: true, preferred: false }],
    [{ UserAttributes: [] }, { enabled: false, preferred: false }],
  ])('reads GetUser %o as %o', async (answer, state) => {
    const { client, calls } = endpoint({ GetUser: () => answer });
    await expect(adapter(client).getTotpState('access')).resolves.toEqual(state);
    expect(calls).toEqual([{ operation: 'GetUser', params: { AccessToken: 'access' } }]);
  });

  it('verifies the code, then makes the authenticator enabled and preferred', async () => {
    const { client, calls } = endpoint({ VerifySoftwareToken: () => ({ Status: 'SUCCESS' }), SetUserMFAPreference: () => ({}) });
    await adapter(client).enableTotp('access', '123 456');
    expect(calls.map((c) => [c.operation, c.params])).toEqual([
      ['VerifySoftwareToken', { AccessToken: 'access', UserCode: '123456' }],
      ['SetUserMFAPreference', { AccessToken: 'access', SoftwareTokenMfaSettings: { Enabled: true, PreferredMfa: true } }],
    ]);
  });

  it.each([
    ['VerifySoftwareToken', 'EnableSoftwareTokenMFAException', 'mfa-code-mismatch'],
    ['VerifySoftwareToken', 'NotAuthorizedException', 'session-expired'],
  ])('maps %s failing with %s to %s', async (operation, exception, code) => {
    const { client } = endpoint({
      [operation]: () => {
        throw { code: exception, name: exception };
      },
    });
    await expect(adapter(client).enableTotp('access', '123456')).rejects.toMatchObject({ code });
  });

  it('says plainly that a pool requiring MFA keeps it on', async () => {
    const { client, calls } = endpoint({
      SetUserMFAPreference: () => {
        throw { code: 'InvalidParameterException', name: 'InvalidParameterException', message: 'raw' };
      },
    });
    await expect(adapter(client).disableTotp('access')).rejects.toMatchObject({
      code: 'mfa-required-by-pool',
      message: 'Your account must use two-step verification, so it cannot be turned off.',
    });
    expect(calls[0]?.params).toEqual({ AccessToken: 'access', SoftwareTokenMfaSettings: { Enabled: false, PreferredMfa: false } });
  });
});
