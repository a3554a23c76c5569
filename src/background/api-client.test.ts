import { describe, expect, it } from 'vitest';
import type { AuthState } from '../shared/auth-state.ts';
import { AuthError } from '../auth/errors.ts';
import { ApiClient } from './api-client.ts';

const API = 'https://api.cruddur.com';
const SIGNED_IN: AuthState = { status: 'signed-in', offline: false, user: { sub: 's', email: 'e', name: 'n', handle: 'h' } };

function setup(o: { state?: AuthState; statuses?: number[]; tokenError?: unknown; apiUrl?: string } = {}) {
  const seen: { url: string; auth: string | null }[] = [];
  const statuses = [...(o.statuses ?? [200])];
  let refreshes = 0;
  const tokens = {
    state: o.state ?? SIGNED_IN,
    getAccessToken: async () => {
      if (o.tokenError) throw o.tokenError;
      return 'token-1';
    },
    forceRefresh: async () => `token-${(refreshes += 1) + 1}`,
  };
  const fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    seen.push({ url: String(input), auth: new Headers(init?.headers).get('Authorization') });
    return new Response(JSON.stringify([{ uuid: '1' }]), { status: statuses.shift() ?? 200 });
  };
  const api = new ApiClient({ apiUrl: () => o.apiUrl ?? API, tokens, fetch });
  return { api, seen, refreshes: () => refreshes };
}

describe('API client', () => {
  it('attaches the access token to API calls when signed in', async () => {
    const { api, seen } = setup();
    expect(await api.homeFeed()).toEqual({ activities: [{ uuid: '1' }], personalised: true });
    expect(seen).toEqual([{ url: `${API}/api/activities/home`, auth: 'Bearer token-1' }]);
  });

  it('sends no Authorization header at all when signed out (never "Bearer null")', async () => {
    const { api, seen } = setup({ state: { status: 'signed-out' } });
    expect((await api.homeFeed()).personalised).toBe(false);
    expect(seen[0]?.auth).toBeNull();
  });

  it('refreshes once and retries once on a 401', async () => {
    const { api, seen, refreshes } = setup({ statuses: [401, 200] });
    await api.homeFeed();
    expect(seen.map((s) => s.auth)).toEqual(['Bearer token-1', 'Bearer token-2']);
    expect(refreshes()).toBe(1);
  });

  it('gives up after the retry with a plain message', async () => {
    const { api, refreshes } = setup({ statuses: [401, 401] });
    await expect(api.homeFeed()).rejects.toMatchObject({ code: 'api-unauthorized' });
    expect(refreshes()).toBe(1);
  });

  it.each([
    ['another origin', 'https://evil.example/api/activities/home'],
    ['a protocol-relative URL', '//evil.example/x'],
  ])('refuses to send the token to %s', async (_, path) => {
    const { api, seen } = setup();
    await expect(api.request(path)).rejects.toMatchObject({ code: 'forbidden' });
    expect(seen).toEqual([]);
  });

  it.each([
    ['no API address (a fresh install)', ''],
    ['an API address that is not a URL', 'api.cruddur.com'],
  ])('says the extension is not set up yet, with %s', async (_, apiUrl) => {
    const { api, seen } = setup({ apiUrl });
    await expect(api.homeFeed()).rejects.toMatchObject({ code: 'not-configured', message: expect.stringMatching(/Open Settings/) });
    expect(seen).toEqual([]);
  });

  it('falls back to the public feed when the session ended during the call', async () => {
    const { api, seen } = setup({ tokenError: new AuthError('session-expired') });
    expect((await api.homeFeed()).personalised).toBe(false);
    expect(seen[0]?.auth).toBeNull();
  });

  it('keeps a network failure of the token refresh as that error (the session is kept)', async () => {
    const { api } = setup({ tokenError: new AuthError('network') });
    await expect(api.homeFeed()).rejects.toMatchObject({ code: 'network' });
  });

  it('reports an API that is down in plain language', async () => {
    const api = new ApiClient({
      apiUrl: () => API,
      tokens: { state: SIGNED_IN, getAccessToken: async () => 't', forceRefresh: async () => 't' },
      fetch: async () => Promise.reject(new TypeError('Failed to fetch')),
    });
    await expect(api.homeFeed()).rejects.toMatchObject({ code: 'api-unreachable', message: expect.stringMatching(/still signed in/) });
  });
});
