// Which operation the real CognitoAdapter refreshes with, against the real endpoints: the
// AWS-faithful front knows GetTokensFromRefreshToken (one call per refresh); bare cognito-local
// answers it as unsupported, so the adapter falls back to REFRESH_TOKEN_AUTH once and then
// calls only that.
import { afterEach, beforeEach, describe, expect, inject, it, vi } from 'vitest';
import { AuthService } from '../../src/auth/auth-service.ts';
import { CognitoAdapter } from '../../src/auth/cognito-adapter.ts';
import { MirrorStorage } from '../../src/auth/mirror-storage.ts';
import { kvSessionStore } from '../../src/auth/session-store.ts';
import { TokenManager } from '../../src/auth/token-manager.ts';
import { memoryKV } from '../../src/shared/kv.ts';
import { readyUser } from '../support/users.ts';

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

async function core(endpoint: string) {
  const durable = memoryKV();
  const storage = new MirrorStorage(durable);
  await storage.load();
  const cognito = new CognitoAdapter(
    { region: stack.region, userPoolId: stack.userPoolId, clientId: stack.clientId, endpoint, authFlow: 'USER_PASSWORD_AUTH' },
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

  it('falls back to REFRESH_TOKEN_AUTH once on bare cognito-local, then calls only that', async () => {
    const { user } = await readyUser(stack, 'RefreshFallback');
    const c = await core(stack.cognitoLocalUrl);
    await c.auth.signIn(user.email, user.password);
    operations = [];
    await c.tokens.forceRefresh();
    expect(operations).toEqual(['GetTokensFromRefreshToken', 'InitiateAuth']);
    operations = [];
    await Promise.all([c.tokens.forceRefresh(), c.tokens.forceRefresh()]);
    expect(operations).toEqual(['InitiateAuth']);
    expect(c.tokens.state.status).toBe('signed-in');
  });
});
