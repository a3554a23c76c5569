/**
 * The extension's managed login (src/background/managed-login.ts, with the real session owner and
 * Cognito adapter) against the real front: the browser's auth window is played by the user agent
 * without scripts (test/support/managed-login.ts), which walks the hosted pages and stops at the
 * extension's redirect URL as the browser would. Everything else is real: the code exchange,
 * the ID-token checks, GetUser, the refresh at /oauth2/token with rotation, the revoke, /logout.
 */
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { noAlarms } from '../../src/auth/ports.ts';
import { SESSION_RECORD } from '../../src/auth/session-store.ts';
import { ManagedLogin, type IdentityApi } from '../../src/background/managed-login.ts';
import { createSessionOwner } from '../../src/background/session-owner.ts';
import { memoryKV } from '../../src/shared/kv.ts';
import type { Settings } from '../../src/shared/settings.ts';
import { getItem } from '../../src/shared/storage-keys.ts';
import { oauthClient, UserAgent } from '../support/managed-login.ts';
import { readyUser, type TestUser } from '../support/users.ts';

const stack = inject('stack');
const REDIRECT = 'https://abcdefghijklmnopabcdefghijklmnop.chromiumapp.org/';

let clientId: string;
let user: TestUser;
beforeAll(async () => {
  // A rotating client: every refresh hands out a new refresh token, the old one dies at once.
  clientId = await oauthClient(stack, { CallbackURLs: [REDIRECT], LogoutURLs: [REDIRECT], RefreshTokenRotation: { Feature: 'ENABLED', RetryGracePeriodSeconds: 0 } });
  ({ user } = await readyUser(stack, 'ml-extension'));
});

/** The browser's auth window, as a user who signs in with `user` when a page asks (interactive only). */
function browserWindow(agent: UserAgent): IdentityApi & { pagesShown: string[] } {
  const pagesShown: string[] = [];
  return {
    pagesShown,
    getRedirectURL: () => REDIRECT,
    async launchWebAuthFlow({ url, interactive }) {
      let page = await agent.go(url);
      if (page.url.startsWith(REDIRECT)) return page.url;
      pagesShown.push(new URL(page.url).pathname);
      if (!interactive) throw new Error('User interaction required.');
      page = await agent.submit(page, /\/login/, { email: user.email, password: user.password });
      if (!page.url.startsWith(REDIRECT)) throw new Error(`the sign-in did not come back: ${page.url} ${page.html.slice(0, 300)}`);
      return page.url;
    },
  };
}

async function setup() {
  const settings: Settings = {
    region: stack.region,
    userPoolId: stack.userPoolId,
    clientId,
    endpoint: stack.cognitoUrl,
    authFlow: 'USER_SRP_AUTH',
    apiUrl: stack.apiUrl,
    webAppOrigins: [],
    managedLoginDomain: stack.managedLoginUrl,
  };
  const agent = new UserAgent([new URL(stack.managedLoginUrl).host]);
  const identity = browserWindow(agent);
  const managedLogin = new ManagedLogin({ identity });
  const durable = memoryKV<'indexeddb'>();
  const owner = await createSessionOwner({ settings, durable, pending: memoryKV(), alarms: noAlarms, managedLogin: managedLogin.endpoints });
  return { settings, agent, identity, managedLogin, durable, owner };
}

describe('managed login in the extension, against the front', () => {
  it('signs in through the hosted page, refreshes at /oauth2/token with rotation, and signs out there', async () => {
    const { settings, identity, managedLogin, durable, owner } = await setup();
    const outcome = await managedLogin.signIn(owner);
    expect(outcome).toMatchObject({ kind: 'signed-in', state: { status: 'signed-in', user: { email: user.email } } });
    expect(identity.pagesShown).toEqual(['/login']);
    const first = await getItem(durable, SESSION_RECORD);
    expect(first?.via).toBe('managed-login');

    // The session's refresh, as the token manager calls it: a new refresh token, the old one dead.
    const refreshed = await managedLogin.endpoints.refresh(settings, first?.session.refreshToken ?? '');
    expect(refreshed.refreshToken).toMatch(/\S/);
    expect(refreshed.refreshToken).not.toBe(first?.session.refreshToken);
    await expect(managedLogin.endpoints.refresh(settings, first?.session.refreshToken ?? '')).rejects.toMatchObject({ code: 'session-expired' });

    // Signed out: the refresh token revoked, the hosted session ended (the next sign-in asks).
    const second = await managedLogin.endpoints.refresh(settings, refreshed.refreshToken ?? '');
    await owner.auth.signInWithTokens(second, 'managed-login');
    await owner.auth.signOut();
    expect(owner.state).toEqual({ status: 'signed-out', reason: 'user' });
    await expect(managedLogin.endpoints.refresh(settings, second.refreshToken ?? '')).rejects.toMatchObject({ code: 'session-expired' });
    identity.pagesShown.length = 0;
    await managedLogin.signIn(owner);
    expect(identity.pagesShown).toEqual(['/login']);
  });

  it('while the hosted session lasts, the next sign-in shows no page (what sign-out has to end)', async () => {
    const { identity, managedLogin, owner } = await setup();
    await managedLogin.signIn(owner);
    identity.pagesShown.length = 0;
    await expect(managedLogin.signIn(owner)).resolves.toMatchObject({ kind: 'signed-in' });
    expect(identity.pagesShown).toEqual([]);
  });

  it("names the front's redirect-mismatch page when the redirect URL is not listed", async () => {
    const { settings, managedLogin, durable } = await setup();
    const unlisted: IdentityApi = {
      getRedirectURL: () => 'https://ponmlkjihgfedcbaponmlkjihgfedcba.chromiumapp.org/',
      launchWebAuthFlow: async () => Promise.reject(new Error('Authorization page could not be loaded.')),
    };
    const elsewhere = new ManagedLogin({ identity: unlisted });
    const owner = await createSessionOwner({ settings, durable, pending: memoryKV(), alarms: noAlarms, managedLogin: managedLogin.endpoints });
    await expect(elsewhere.signIn(owner)).rejects.toMatchObject({ code: 'managed-login-redirect-mismatch' });
    const unknownClient = { settings: { ...settings, clientId: 'nosuchclient' }, auth: owner.auth };
    await expect(elsewhere.signIn(unknownClient)).rejects.toMatchObject({
      code: 'managed-login-unknown-client',
    });
  });
});
