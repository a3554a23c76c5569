// Token confinement: the helper the browser suites use (test/support/token-confinement.ts),
// checked on a table of observed requests, then on the real in-process traffic of a session
// (sign-in, GetUser, feed loads, a refresh, a 401 retry) against the local stack.
import { describe, expect, inject, it } from 'vitest';
import { CognitoAdapter } from '../../src/auth/cognito-adapter.ts';
import { MirrorStorage } from '../../src/auth/mirror-storage.ts';
import { kvSessionStore } from '../../src/auth/session-store.ts';
import { TokenManager } from '../../src/auth/token-manager.ts';
import { ApiClient } from '../../src/background/api-client.ts';
import { memoryKV } from '../../src/shared/kv.ts';
import { assertTokenConfined, TokenLeakError, type ObservedRequest } from '../support/token-confinement.ts';
import { readyUser } from '../support/users.ts';

const stack = inject('stack');

const API = 'http://127.0.0.1:4567';
const TOKEN = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhIn0.c2lnbmF0dXJlLXNpZ25hdHVyZQ';
const bearer = { authorization: `Bearer ${TOKEN}` };

describe('assertTokenConfined', () => {
  // scenario, observed requests, offences expected (substrings), or null when confined
  it.each<[string, ObservedRequest[], string[] | null]>([
    ['the token only to the API → confined', [{ url: `${API}/api/activities/home`, headers: bearer }, { url: 'https://cdn.example/x.js', headers: {} }], null],
    ['no requests at all → confined', [], null],
    ['fetch Headers objects are read too → confined', [{ url: `${API}/api/me`, headers: new Headers(bearer) }], null],
    ['Authorization to the web app → leak', [{ url: 'http://localhost:3000/feed', headers: bearer }], ['Authorization header sent to http://localhost:3000']],
    ['Authorization to the API host on another port → leak', [{ url: 'http://127.0.0.1:9229/', headers: { Authorization: `Bearer ${TOKEN}` } }], ['sent to http://127.0.0.1:9229']],
    ['Bearer null to the API → flaw', [{ url: `${API}/api/activities/home`, headers: { authorization: 'Bearer null' } }], ['"Bearer null"']],
    ['Bearer undefined to the API → flaw', [{ url: `${API}/api/activities/home`, headers: { authorization: 'Bearer undefined' } }], ['"Bearer undefined"']],
    ['the token in a query string → leak', [{ url: `https://tracker.example/p?t=${TOKEN}`, headers: {} }], ['a token in the URL https://tracker.example/p?t=<token>']],
    ['the token in another header to a third party → leak', [{ url: 'https://x.example/', headers: { 'x-auth': TOKEN } }], ['a token in header x-auth']],
    ['two offenders → both listed', [{ url: 'https://a.example/', headers: bearer }, { url: 'https://b.example/', headers: bearer }], ['https://a.example', 'https://b.example']],
  ])('%s', (_name, requests, expected) => {
    const run = () => assertTokenConfined(requests, { api: `${API}/`, tokens: [TOKEN] });
    if (expected === null) {
      expect(run()).toMatchObject({ checked: requests.length });
      return;
    }
    let error: unknown;
    try {
      run();
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(TokenLeakError);
    const offences = (error as TokenLeakError).offences;
    expect(offences).toHaveLength(expected.length);
    expected.forEach((part, i) => expect(offences[i]).toContain(part));
    expect((error as Error).message).not.toContain(TOKEN);
  });
});

describe('the session core keeps the token to the API', () => {
  it('sign-in, profile, feed loads, a refresh and a 401 retry: Authorization only ever goes to the API', async () => {
    const observed: ObservedRequest[] = [];
    const original = globalThis.fetch;
    const recording: typeof fetch = (input, init) => {
      const url = input instanceof Request ? input.url : String(input);
      observed.push({ url, headers: new Headers(init?.headers) });
      return original(input, init);
    };
    globalThis.fetch = recording; // the Cognito library calls the global fetch
    try {
      const { user } = await readyUser(stack, 'confined', stack.shortLivedClientId);
      const config = { region: stack.region, userPoolId: stack.userPoolId, clientId: stack.shortLivedClientId, endpoint: stack.cognitoUrl, authFlow: 'USER_SRP_AUTH' as const };
      const cognito = new CognitoAdapter(config, { storage: new MirrorStorage(memoryKV()) });
      const tokens = new TokenManager({ cognito, store: kvSessionStore(memoryKV()) });
      const signIn = await cognito.signIn(user.email, user.password);
      if (signIn.kind !== 'signed-in') throw new Error(signIn.kind);
      await tokens.start(signIn.tokens, await cognito.getProfile(signIn.tokens.accessToken));
      const api = new ApiClient({ apiUrl: () => stack.apiUrl, tokens, fetch: recording });
      expect((await api.homeFeed()).personalised).toBe(true);
      const refreshed = await tokens.forceRefresh();
      // A 401 (here: a request the API refuses as an ID token) makes one refresh and one retry.
      const retried = new ApiClient({ apiUrl: () => stack.apiUrl, tokens: { state: tokens.state, getAccessToken: async () => signIn.tokens.idToken, forceRefresh: () => tokens.getAccessToken() }, fetch: recording });
      expect((await retried.homeFeed()).personalised).toBe(true);
      // Not the API: refused before anything is sent.
      await expect(api.request('http://localhost:3000/steal')).rejects.toMatchObject({ code: 'forbidden' });

      const report = assertTokenConfined(observed, {
        api: stack.apiUrl,
        tokens: [signIn.tokens.accessToken, signIn.tokens.idToken, signIn.tokens.refreshToken, refreshed],
      });
      expect(report.withAuthorization).toBe(3);
      expect(observed.some((r) => r.url.startsWith(stack.cognitoUrl))).toBe(true);
    } finally {
      globalThis.fetch = original;
    }
  });
});
