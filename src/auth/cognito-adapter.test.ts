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
