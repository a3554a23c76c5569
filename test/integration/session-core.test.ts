// The session core exactly as the background runs it (AuthService + TokenManager + the real
// CognitoAdapter over amazon-cognito-identity-js + ApiClient), in Node, against the real local
// stack: the AWS-faithful Cognito front with SRP, and the real API verifying tokens.
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { AuthService } from '../../src/auth/auth-service.ts';
import { CognitoAdapter } from '../../src/auth/cognito-adapter.ts';
import { MirrorStorage } from '../../src/auth/mirror-storage.ts';
import { kvSessionStore } from '../../src/auth/session-store.ts';
import { TokenManager } from '../../src/auth/token-manager.ts';
import { ApiClient } from '../../src/background/api-client.ts';
import { toWireError } from '../../src/background/wire-error.ts';
import type { Activity } from '../../src/shared/activity.ts';
import { memoryKV } from '../../src/shared/kv.ts';
import { readConfirmationCode } from '../../scripts/lib/codes.ts';
import { uniqueUser } from '../support/users.ts';

const stack = inject('stack');

async function core(clientId = stack.clientId) {
  const durable = memoryKV<'indexeddb'>();
  const storage = new MirrorStorage(durable);
  await storage.load();
  const cognito = new CognitoAdapter(
    { region: stack.region, userPoolId: stack.userPoolId, clientId, endpoint: stack.cognitoUrl, authFlow: 'USER_SRP_AUTH' },
    { storage },
  );
  const tokens = new TokenManager({ cognito, store: kvSessionStore(durable) });
  const auth = new AuthService({ cognito, tokens });
  const api = new ApiClient({ apiUrl: () => stack.apiUrl, tokens });
  return { durable, tokens, auth, api };
}

describe('the session core against the local stack', () => {
  const user = uniqueUser('Core');
  let c: Awaited<ReturnType<typeof core>>;

  beforeAll(async () => {
    c = await core();
  });

  it('signs up, confirms with the emailed code and is signed in by SRP right after', async () => {
    await c.auth.signUp({ email: user.email, password: user.password, name: user.name, handle: user.handle });
    const code = await readConfirmationCode(stack.dir, stack.userPoolId, user.email);
    const outcome = await c.auth.confirmSignUp(user.email, code);
    expect(outcome).toMatchObject({ kind: 'signed-in', state: { status: 'signed-in', user: { email: user.email, name: user.name, handle: user.handle } } });
  });

  it('reads the personalised feed, posts a crud with the same token, and sees it', async () => {
    const feed = await c.api.homeFeed();
    expect(feed.personalised).toBe(true);
    expect(feed.activities.some((a) => a.message.includes(`@${user.handle}`))).toBe(true);

    const { response } = await c.api.request('/api/activities', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ message: 'Posted through the session core', ttl: '1-day' }),
    });
    expect(response.status).toBe(200);
    const posted = (await response.json()) as Activity;
    expect(posted).toMatchObject({ handle: user.handle, display_name: user.name });
    expect((await c.api.homeFeed()).activities.map((a) => a.uuid)).toContain(posted.uuid);
  });

  it('refreshes against Cognito and the API accepts the new token', async () => {
    const before = (await c.tokens.session())?.accessToken;
    const after = await c.tokens.forceRefresh();
    expect(after).not.toBe(before);
    const me = await fetch(`${stack.apiUrl}/api/me`, { headers: { Authorization: `Bearer ${after}` } });
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({ handle: user.handle });
  });

  it('resumes from storage in a new instance with no Cognito call, then signs out for good', async () => {
    const again = new TokenManager({
      cognito: { refresh: () => Promise.reject(new Error('no refresh expected')) },
      store: kvSessionStore(c.durable),
    });
    await again.init();
    expect(again.state).toMatchObject({ status: 'signed-in', user: { handle: user.handle } });
    expect(await again.getAccessToken()).toBe((await c.tokens.session())?.accessToken);

    const refreshToken = (await c.tokens.session())?.refreshToken ?? '';
    await c.auth.signOut();
    expect(c.tokens.state).toEqual({ status: 'signed-out', reason: 'user' });
    // The refresh token was revoked at Cognito: adopting it now fails as a dead session.
    const other = await core();
    await expect(other.auth.adopt(refreshToken)).rejects.toMatchObject({ code: 'session-expired' });
  });

  it('says "Incorrect email or password." for a wrong password over SRP', async () => {
    const fresh = await core();
    const error: unknown = await fresh.auth.signIn(user.email, 'Wrong-passw0rd!').catch((e: unknown) => e);
    // The core carries the code; the background attaches the words.
    expect(error).toMatchObject({ code: 'incorrect-credentials' });
    expect(toWireError(error)).toEqual({ code: 'incorrect-credentials', message: 'Incorrect email or password.' });
  });
});
