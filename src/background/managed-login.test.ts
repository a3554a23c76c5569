import { createHash } from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';
import { fakeJwt, TEST_SETTINGS } from '../auth/testing.ts';
import type { TokenSet } from '../auth/token-policy.ts';
import type { Settings } from '../shared/settings.ts';
import { ManagedLogin, type IdentityApi, type TokenTaker } from './managed-login.ts';

const REDIRECT = 'https://abcdefghijklmnopabcdefghijklmnop.chromiumapp.org/';
const DOMAIN = 'https://cruddur.auth.us-east-1.amazoncognito.com';
const SETTINGS: Settings = { ...TEST_SETTINGS, managedLoginDomain: DOMAIN, identityProviders: ['StandIn'] };
const ISSUER = `https://cognito-idp.${SETTINGS.region}.amazonaws.com/${SETTINGS.userPoolId}`;
const now = Math.floor(Date.now() / 1000);

function tokensFor(nonce: string | undefined, o: { refresh?: string | null; aud?: string } = {}) {
  return {
    id_token: fakeJwt({ iss: ISSUER, aud: o.aud ?? SETTINGS.clientId, token_use: 'id', sub: 'u1', nonce, iat: now, exp: now + 3600 }),
    access_token: fakeJwt({ iss: ISSUER, client_id: SETTINGS.clientId, token_use: 'access', sub: 'u1', iat: now, exp: now + 3600 }),
    ...(o.refresh === null ? {} : { refresh_token: o.refresh ?? 'R1' }),
    token_type: 'Bearer',
  };
}

/** A response as fetch gives it: status, final URL, JSON body. */
const answer = (status: number, body: unknown, url = '') => ({ status, url, json: async () => body }) as unknown as Response;

/** The owner: takes the tokens, and says whom they were for. */
function owner(settings: Settings = SETTINGS) {
  const taken: [TokenSet, string][] = [];
  const taker: TokenTaker = {
    settings,
    auth: {
      async signInWithTokens(tokens, via) {
        taken.push([tokens, via]);
        return { kind: 'signed-in', state: { status: 'signed-in', user: { sub: 'u1', email: 'a@b.c', name: 'A', handle: 'a' }, offline: false } };
      },
    },
  };
  return { taker, taken };
}

/** The hosted pages as a user who signs in: answers our redirect URL with a code and the state it was given. */
function signingInUser(): IdentityApi & { calls: { url: string; interactive: boolean }[] } {
  const calls: { url: string; interactive: boolean }[] = [];
  return {
    calls,
    getRedirectURL: () => REDIRECT,
    async launchWebAuthFlow(details) {
      calls.push(details);
      const q = new URL(details.url).searchParams;
      return `${REDIRECT}?code=C1&state=${q.get('state')}`;
    },
  };
}

describe('ManagedLogin.signIn', () => {
  it('runs the window, exchanges the code with its verifier, checks the nonce, and hands the tokens over', async () => {
    const identity = signingInUser();
    const sent: { url: string; init: RequestInit }[] = [];
    // The ID token answers the nonce the authorize URL carried.
    const nonceSent = () => new URL(identity.calls[0]?.url ?? '').searchParams.get('nonce') ?? '';
    const fetch = vi.fn(async (url: string | URL | Request, init?: RequestInit) => {
      sent.push({ url: String(url), init: init ?? {} });
      return answer(200, tokensFor(nonceSent()));
    });
    const { taker, taken } = owner();
    const login = new ManagedLogin({ identity, fetch: fetch as typeof globalThis.fetch });
    await expect(login.signIn(taker, { provider: 'StandIn' })).resolves.toMatchObject({ kind: 'signed-in' });
    const authorize = new URL(identity.calls[0]?.url ?? '');
    expect(nonceSent()).toMatch(/^[\w-]{43}$/);

    expect(identity.calls[0]?.interactive).toBe(true);
    expect(authorize.origin + authorize.pathname).toBe(`${DOMAIN}/oauth2/authorize`);
    expect(authorize.searchParams.get('identity_provider')).toBe('StandIn');
    expect(authorize.searchParams.get('redirect_uri')).toBe(REDIRECT);
    expect(sent).toHaveLength(1);
    expect(sent[0]?.url).toBe(`${DOMAIN}/oauth2/token`);
    expect(sent[0]?.init.method).toBe('POST');
    expect(sent[0]?.init.credentials).toBe('omit');
    const body = new URLSearchParams(String(sent[0]?.init.body));
    expect(body.get('code')).toBe('C1');
    expect(body.get('grant_type')).toBe('authorization_code');
    expect(createHash('sha256').update(body.get('code_verifier') ?? '').digest('base64url')).toBe(authorize.searchParams.get('code_challenge'));
    expect(taken).toHaveLength(1);
    expect(taken[0]?.[1]).toBe('managed-login');
    expect(taken[0]?.[0].refreshToken).toBe('R1');
  });

  it('refuses tokens whose nonce is not ours, and signs no one in', async () => {
    const identity = signingInUser();
    const { taker, taken } = owner();
    const login = new ManagedLogin({ identity, fetch: (async () => answer(200, tokensFor('someone-elses'))) as typeof fetch });
    await expect(login.signIn(taker)).rejects.toMatchObject({ code: 'managed-login-failed' });
    expect(taken).toEqual([]);
  });

  it('a closed window changes nothing and says nothing (one check request, for the sign-in page only)', async () => {
    const checked: string[] = [];
    const identity: IdentityApi = {
      getRedirectURL: () => REDIRECT,
      launchWebAuthFlow: async () => Promise.reject(new Error('The user did not approve access.')),
    };
    const fetch = async (url: string | URL | Request) => {
      checked.push(String(url));
      return answer(200, null, `${DOMAIN}/login?client_id=${SETTINGS.clientId}`);
    };
    const { taker, taken } = owner();
    await expect(new ManagedLogin({ identity, fetch: fetch as typeof globalThis.fetch }).signIn(taker, { provider: 'StandIn' })).resolves.toEqual({ kind: 'cancelled' });
    expect(taken).toEqual([]);
    expect(checked).toHaveLength(1);
    const check = new URL(checked[0] ?? '');
    expect(check.searchParams.get('prompt')).toBe('login');
    expect(check.searchParams.has('identity_provider')).toBe(false);
  });

  it.each([
    ['redirect_mismatch', 'managed-login-redirect-mismatch'],
    ['invalid_client', 'managed-login-unknown-client'],
  ])("names managed login's %s page when the window ends there", async (page, code) => {
    const identity: IdentityApi = { getRedirectURL: () => REDIRECT, launchWebAuthFlow: async () => Promise.reject(new Error('Authorization page could not be loaded.')) };
    const fetch = async () => answer(400, null, `${DOMAIN}/error?error=${page}&client_id=${SETTINGS.clientId}`);
    await expect(new ManagedLogin({ identity, fetch: fetch as typeof globalThis.fetch }).signIn(owner().taker)).rejects.toMatchObject({ code });
  });

  it('says the sign-in page is unreachable when it could not load and the check cannot reach it either', async () => {
    const identity: IdentityApi = { getRedirectURL: () => REDIRECT, launchWebAuthFlow: async () => Promise.reject(new Error('Authorization page could not be loaded.')) };
    const fetch = async () => Promise.reject(new TypeError('Failed to fetch'));
    await expect(new ManagedLogin({ identity, fetch: fetch as typeof globalThis.fetch }).signIn(owner().taker)).rejects.toMatchObject({ code: 'network' });
  });

  it('maps a provider refusal in the redirect to its sentence, without exchanging anything', async () => {
    const fetch = vi.fn();
    const identity: IdentityApi = {
      getRedirectURL: () => REDIRECT,
      launchWebAuthFlow: async ({ url }) => `${REDIRECT}?error=access_denied&state=${new URL(url).searchParams.get('state')}`,
    };
    await expect(new ManagedLogin({ identity, fetch }).signIn(owner().taker, { provider: 'StandIn' })).rejects.toMatchObject({ code: 'managed-login-denied' });
    expect(fetch).not.toHaveBeenCalled();
  });

  it('a second click while the window is open joins the first flow', async () => {
    let release: (url: string) => void = () => {};
    const launches: string[] = [];
    const identity: IdentityApi = {
      getRedirectURL: () => REDIRECT,
      launchWebAuthFlow: ({ url }) => {
        launches.push(url);
        return new Promise((resolve) => (release = resolve));
      },
    };
    let nonce = '';
    const login = new ManagedLogin({ identity, fetch: (async () => answer(200, tokensFor(nonce))) as typeof fetch });
    const { taker, taken } = owner();
    const first = login.signIn(taker);
    const second = login.signIn(taker);
    await vi.waitFor(() => expect(launches).toHaveLength(1));
    const q = new URL(launches[0] ?? '').searchParams;
    nonce = q.get('nonce') ?? '';
    release(`${REDIRECT}?code=C&state=${q.get('state')}`);
    await expect(Promise.all([first, second])).resolves.toHaveLength(2);
    expect(launches).toHaveLength(1);
    expect(taken).toHaveLength(1);
  });

  it('says managed login is not set up when no domain is', async () => {
    const identity = signingInUser();
    await expect(new ManagedLogin({ identity, fetch: vi.fn() }).signIn(owner({ ...SETTINGS, managedLoginDomain: undefined }).taker)).rejects.toMatchObject({
      code: 'managed-login-not-set-up',
    });
    expect(identity.calls).toEqual([]);
  });

  it('keeps the worker alive while the window is open, and stops after', async () => {
    vi.useFakeTimers();
    try {
      let release: (url: string | undefined) => void = () => {};
      const identity: IdentityApi = { getRedirectURL: () => REDIRECT, launchWebAuthFlow: () => new Promise((resolve) => (release = resolve)) };
      const keepAlive = vi.fn(async () => undefined);
      // Hashing off the event loop would race the fake clock: these bytes are ready at once.
      const crypto = { randomBytes: (n: number) => new Uint8Array(n), sha256: async () => new ArrayBuffer(32) };
      const run = new ManagedLogin({ identity, fetch: vi.fn(), keepAlive, keepAliveMs: 1000, crypto }).signIn(owner().taker);
      await vi.advanceTimersByTimeAsync(3500);
      expect(keepAlive).toHaveBeenCalledTimes(3);
      release(undefined);
      await expect(run).resolves.toEqual({ kind: 'cancelled' });
      await vi.advanceTimersByTimeAsync(5000);
      expect(keepAlive).toHaveBeenCalledTimes(3);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('ManagedLogin.endpoints', () => {
  it('refreshes at the token endpoint and passes a rotated refresh token on', async () => {
    const sent: URLSearchParams[] = [];
    const fetch = async (url: string | URL | Request, init?: RequestInit) => {
      expect(String(url)).toBe(`${DOMAIN}/oauth2/token`);
      sent.push(new URLSearchParams(String(init?.body)));
      return answer(200, tokensFor(undefined, { refresh: 'R2' }));
    };
    const tokens = await new ManagedLogin({ identity: signingInUser(), fetch: fetch as typeof globalThis.fetch }).endpoints.refresh(SETTINGS, 'R1');
    expect(tokens.refreshToken).toBe('R2');
    expect(Object.fromEntries(sent[0] ?? [])).toEqual({ grant_type: 'refresh_token', client_id: SETTINGS.clientId, refresh_token: 'R1' });
  });

  it('a refused refresh token ends the session; a network failure does not', async () => {
    const refused = new ManagedLogin({ identity: signingInUser(), fetch: (async () => answer(400, { error: 'invalid_grant' })) as typeof fetch });
    await expect(refused.endpoints.refresh(SETTINGS, 'R1')).rejects.toMatchObject({ code: 'session-expired' });
    const offline = new ManagedLogin({ identity: signingInUser(), fetch: (async () => Promise.reject(new TypeError('Failed to fetch'))) as typeof fetch });
    await expect(offline.endpoints.refresh(SETTINGS, 'R1')).rejects.toMatchObject({ code: 'network', transient: true });
  });

  it('sign-out revokes the refresh token, then ends the hosted session without a window', async () => {
    const order: string[] = [];
    const identity: IdentityApi = {
      getRedirectURL: () => REDIRECT,
      launchWebAuthFlow: async (details) => {
        order.push(`logout ${details.interactive}`);
        const u = new URL(details.url);
        expect(u.origin + u.pathname).toBe(`${DOMAIN}/logout`);
        expect(Object.fromEntries(u.searchParams)).toEqual({ client_id: SETTINGS.clientId, logout_uri: REDIRECT });
        return REDIRECT;
      },
    };
    const fetch = async (url: string | URL | Request, init?: RequestInit) => {
      order.push(`${String(url)} ${String(init?.body)}`);
      return answer(200, {});
    };
    const login = new ManagedLogin({ identity, fetch: fetch as typeof globalThis.fetch });
    await login.endpoints.end(SETTINGS, 'R1', { revoke: true });
    expect(order).toEqual([`${DOMAIN}/oauth2/revoke token=R1&client_id=${SETTINGS.clientId}`, 'logout false']);
    order.length = 0;
    await login.endpoints.end(SETTINGS, 'R1', { revoke: false });
    expect(order).toEqual(['logout false']);
  });

  it('a sign-in waits for a sign-out still ending the hosted session', async () => {
    const order: string[] = [];
    let loggedOut: (url: string) => void = () => {};
    const identity: IdentityApi = {
      getRedirectURL: () => REDIRECT,
      launchWebAuthFlow: (details) => {
        order.push(details.interactive ? 'sign-in window' : 'logout');
        if (!details.interactive) return new Promise((resolve) => (loggedOut = resolve));
        return Promise.resolve(undefined);
      },
    };
    const login = new ManagedLogin({ identity, fetch: (async () => answer(200, {})) as typeof fetch });
    const ending = login.endpoints.end(SETTINGS, 'R1', { revoke: false });
    const signIn = login.signIn(owner().taker);
    await vi.waitFor(() => expect(order).toEqual(['logout']));
    await new Promise((r) => setTimeout(r, 20));
    expect(order).toEqual(['logout']);
    loggedOut(REDIRECT);
    await ending;
    await expect(signIn).resolves.toEqual({ kind: 'cancelled' });
    expect(order).toEqual(['logout', 'sign-in window']);
  });

  it('sign-out is best effort: an unreachable domain does not fail it', async () => {
    const identity: IdentityApi = { getRedirectURL: () => REDIRECT, launchWebAuthFlow: async () => Promise.reject(new Error('User interaction required.')) };
    const fetch = async () => Promise.reject(new TypeError('Failed to fetch'));
    await expect(new ManagedLogin({ identity, fetch: fetch as typeof globalThis.fetch }).endpoints.end(SETTINGS, 'R1', { revoke: true })).resolves.toBeUndefined();
  });
});


describe('ManagedLogin.addPasskey', () => {
  const adding = (answerUrl: (url: string) => Promise<string | undefined>) => {
    const calls: { url: string; interactive: boolean }[] = [];
    const identity: IdentityApi = {
      getRedirectURL: () => REDIRECT,
      launchWebAuthFlow: async (details) => {
        calls.push(details);
        return answerUrl(details.url);
      },
    };
    return { identity, calls };
  };

  it("opens managed login's /passkeys/add for our client and redirect URL, interactively; back at our redirect URL: added", async () => {
    const fetch = vi.fn();
    const { identity, calls } = adding(async () => REDIRECT);
    await expect(new ManagedLogin({ identity, fetch }).addPasskey(SETTINGS)).resolves.toEqual({ added: true });
    expect(calls).toHaveLength(1);
    const url = new URL(calls[0]?.url ?? '');
    expect(url.origin + url.pathname).toBe(`${DOMAIN}/passkeys/add`);
    expect(Object.fromEntries(url.searchParams)).toEqual({ client_id: SETTINGS.clientId, redirect_uri: REDIRECT });
    expect(calls[0]?.interactive).toBe(true);
    expect(fetch).not.toHaveBeenCalled();
  });

  it('a window that ends anywhere but our redirect URL added nothing', async () => {
    const { identity } = adding(async () => 'https://elsewhere.example/');
    await expect(new ManagedLogin({ identity }).addPasskey(SETTINGS)).resolves.toEqual({ added: false });
  });

  it('a closed window adds nothing and says nothing', async () => {
    const { identity } = adding(async () => Promise.reject(new Error('The user did not approve access.')));
    const fetch = async () => answer(200, null, `${DOMAIN}/login?client_id=${SETTINGS.clientId}`);
    await expect(new ManagedLogin({ identity, fetch: fetch as typeof globalThis.fetch }).addPasskey(SETTINGS)).resolves.toEqual({ added: false });
  });

  it("names managed login's error page (a redirect URL the client does not list)", async () => {
    const { identity } = adding(async () => Promise.reject(new Error('Authorization page could not be loaded.')));
    const fetch = async () => answer(400, null, `${DOMAIN}/error?error=redirect_mismatch&client_id=${SETTINGS.clientId}`);
    await expect(new ManagedLogin({ identity, fetch: fetch as typeof globalThis.fetch }).addPasskey(SETTINGS)).rejects.toMatchObject({ code: 'managed-login-redirect-mismatch' });
  });

  it('without a managed-login domain it says managed login is not set up, and opens nothing', async () => {
    const { identity, calls } = adding(async () => REDIRECT);
    await expect(new ManagedLogin({ identity }).addPasskey({ ...SETTINGS, managedLoginDomain: '' })).rejects.toMatchObject({ code: 'managed-login-not-set-up' });
    expect(calls).toEqual([]);
  });
});
