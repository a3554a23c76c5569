// Which operation the real CognitoAdapter refreshes with, against the real local front: it knows
// GetTokensFromRefreshToken, so one call per refresh. (The fallback to REFRESH_TOKEN_AUTH on an
// endpoint without it, such as bare cognito-local, is the adapter's unit tests': cognito-local is
// no longer reachable over the network.)
import { afterEach, beforeEach, describe, expect, inject, it, vi } from 'vitest';
import { AuthService } from '../../src/auth/auth-service.ts';
import { CognitoAdapter } from '../../src/auth/cognito-adapter.ts';
import { MirrorStorage } from '../../src/auth/mirror-storage.ts';
import { kvSessionStore } from '../../src/auth/session-store.ts';
import { TokenManager } from '../../src/auth/token-manager.ts';
import { memoryKV } from '../../src/shared/kv.ts';
import { CreateUserPoolClientCommand } from '@aws-sdk/client-cognito-identity-provider';
import { readyUser, stackCognito } from '../support/users.ts';

const stack = inject('stack');

/** Every Cognito operation fetched, by its X-Amz-Target. */
let operations: string[] = [];
const realFetch = globalThis.fetch;
beforeEach(() => {
  operations = [];
  vi.stubGlobal('fetch', (input: RequestInfo | URL, init?: RequestInit) => {
    const target = new Headers(init?.headers).get('X-Amz-Target');
    if (target) operations.push(target.split('.').pop() ?? target);
    return realFetch(input, init);
  });
});
afterEach(() => vi.unstubAllGlobals());

async function core(endpoint: string, clientId = stack.clientId) {
  const durable = memoryKV<'indexeddb'>();
  const storage = new MirrorStorage(durable);
  await storage.load();
  const cognito = new CognitoAdapter(
    { region: stack.region, userPoolId: stack.userPoolId, clientId, endpoint, authFlow: 'USER_PASSWORD_AUTH' },
    { storage },
  );
  const tokens = new TokenManager({ cognito, store: kvSessionStore(durable) });
  return { tokens, auth: new AuthService({ cognito, tokens }) };
}

describe('the refresh operation against real endpoints', () => {
  it('refreshes through the front with exactly one GetTokensFromRefreshToken per burst', async () => {
    const { user } = await readyUser(stack, 'RefreshOp');
    const c = await core(stack.cognitoUrl);
    await c.auth.signIn(user.email, user.password);
    for (let round = 0; round < 2; round++) {
      operations = [];
      const before = (await c.tokens.session())?.accessToken;
      const tokens = await Promise.all([c.tokens.forceRefresh(), c.tokens.forceRefresh(), c.tokens.forceRefresh()]);
      expect(new Set(tokens).size).toBe(1);
      expect(tokens[0]).not.toBe(before);
      expect(operations).toEqual(['GetTokensFromRefreshToken']);
    }
  });

  it('keeps the session on a rotating client (no grace) across forced refreshes, sending the latest refresh token', async () => {
    const created = await stackCognito(stack).send(
      new CreateUserPoolClientCommand({
        UserPoolId: stack.userPoolId,
        ClientName: 'rotating-extension',
        // The flows the adapter below signs in with (AWS's default would allow SRP only).
        ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
        RefreshTokenRotation: { Feature: 'ENABLED', RetryGracePeriodSeconds: 0 },
      }),
    );
    const clientId = created.UserPoolClient?.ClientId ?? '';
    const { user } = await readyUser(stack, 'Rotating');
    const c = await core(stack.cognitoUrl, clientId);
    await c.auth.signIn(user.email, user.password);
    const seen = [(await c.tokens.session())?.refreshToken];
    for (let round = 0; round < 3; round++) {
      operations = [];
      await Promise.all([c.tokens.forceRefresh(), c.tokens.forceRefresh()]);
      expect(operations).toEqual(['GetTokensFromRefreshToken']);
      seen.push((await c.tokens.session())?.refreshToken);
    }
    expect(new Set(seen).size).toBe(4); // rotated every time, and each new one stored
    expect(c.tokens.state.status).toBe('signed-in');
    // The superseded token is dead at once (grace 0): only the stored latest one could have worked.
    const other = await core(stack.cognitoUrl, clientId);
    await expect(other.auth.adopt(seen[0] ?? '')).rejects.toMatchObject({ code: 'session-expired' });
  });
});
