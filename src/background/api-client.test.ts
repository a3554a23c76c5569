import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AuthState } from '../shared/auth-state.ts';
import { AuthError } from '../auth/errors.ts';
import { API_TIMEOUT_MS, ApiClient, retryAfterSeconds } from './api-client.ts';
import { refreshingTokens } from './testing.ts';

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
    expect(await api.homeFeed()).toEqual({ activities: [expect.objectContaining({ uuid: '1' })], personalised: true });
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
    await expect(api.homeFeed()).rejects.toMatchObject({
      code: 'api-unauthorized',
      message: 'The Cruddur API did not accept your sign-in. Check the API address in Settings.',
    });
    expect(refreshes()).toBe(1);
  });

  it.each([
    ['another origin', 'https://evil.example/api/activities/home'],
    ['a protocol-relative URL', '//evil.example/x'],
  ])('refuses to send the token to %s', async (_, path) => {
    const { api, seen } = setup();
    await expect(api.request(path)).rejects.toMatchObject({ code: 'forbidden', message: 'That address is not the Cruddur API.' });
    expect(seen).toEqual([]);
  });

  it.each([
    ['no API address (a fresh install)', ''],
    ['an API address that is not a URL', 'api.cruddur.com'],
    ['an API address that is not http(s)', 'ftp://api.cruddur.com'],
  ])('says the extension is not set up yet, with %s', async (_, apiUrl) => {
    const { api, seen } = setup({ apiUrl });
    await expect(api.homeFeed()).rejects.toMatchObject({ code: 'not-configured', message: expect.stringMatching(/Open Settings/) });
    expect(seen).toEqual([]);
  });

  it.each(['session-expired', 'signed-out'] as const)('falls back to the public feed when the session ended during the call (%s)', async (code) => {
    const { api, seen } = setup({ tokenError: new AuthError(code) });
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

/** An API answering `answers` in turn; records each request's method, headers, body and init. */
function scripted(answers: (() => Response | Promise<Response>)[], o: { state?: AuthState; refused?: boolean } = {}) {
  const seen: { method: string; auth: string | null; type: string | null; body: unknown; cache: RequestCache | undefined; signal: boolean }[] = [];
  /** What every request carried besides: the address, Accept and credentials mode. */
  const sent: { url: string; accept: string | null; credentials: RequestCredentials | undefined }[] = [];
  const tokens = refreshingTokens(o.state ?? SIGNED_IN, o);
  const fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    const headers = new Headers(init?.headers);
    sent.push({ url: String(input), accept: headers.get('Accept'), credentials: init?.credentials });
    seen.push({
      method: init?.method ?? 'GET',
      auth: headers.get('Authorization'),
      type: headers.get('Content-Type'),
      body: typeof init?.body === 'string' ? JSON.parse(init.body) : null,
      cache: init?.cache,
      signal: init?.signal instanceof AbortSignal,
    });
    const next = answers.shift();
    if (!next) throw new Error('unexpected request');
    return next();
  };
  return { api: new ApiClient({ apiUrl: () => API, tokens, fetch }), seen, sent };
}

const json = (body: unknown, status = 200, headers: Record<string, string> = {}) => () => new Response(JSON.stringify(body), { status, headers });

describe('API client: deadlines, cache and posting', () => {
  afterEach(() => vi.useRealTimers());

  it('bypasses the HTTP cache and gives every request a deadline', async () => {
    const { api, seen } = scripted([json([])]);
    await api.homeFeed();
    expect(seen[0]).toMatchObject({ cache: 'no-store', signal: true });
  });

  it('gives up on a hanging API after API_TIMEOUT_MS with "Cruddur is not answering"', async () => {
    vi.useFakeTimers();
    const api = new ApiClient({
      apiUrl: () => API,
      tokens: { state: SIGNED_IN, getAccessToken: async () => 't', forceRefresh: async () => 't' },
      fetch: (_, init) =>
        new Promise((_ok, fail) => init?.signal?.addEventListener('abort', () => fail(new DOMException('timed out', 'TimeoutError')))),
    });
    const feed = api.homeFeed();
    const outcome = expect(feed).rejects.toMatchObject({ code: 'api-timeout', message: 'Cruddur is not answering. Try again in a moment.' });
    await vi.advanceTimersByTimeAsync(API_TIMEOUT_MS);
    await outcome;
  });

  it('never labels personal an answer to a retry that went out without a token (refresh refused)', async () => {
    const { api, seen } = scripted([json([], 401), json([{ uuid: 'p' }])], { refused: true });
    expect(await api.homeFeed()).toEqual({ activities: [expect.objectContaining({ uuid: 'p' })], personalised: false });
    expect(seen.map((s) => s.auth)).toEqual(['Bearer token-1', null]);
  });

  it('posts {message, ttl} as JSON with the token and returns the API\'s crud', async () => {
    const crud = { uuid: 'u-1', message: 'hello', handle: 'h' };
    const { api, seen } = scripted([json(crud)]);
    expect(await api.postActivity({ message: 'hello', ttl: '1-day' })).toMatchObject({ ...crud, display_name: 'h', likes_count: 0 });
    expect(seen).toEqual([
      { method: 'POST', auth: 'Bearer token-1', type: 'application/json', body: { message: 'hello', ttl: '1-day' }, cache: 'no-store', signal: true },
    ]);
  });

  it.each([
    [['message_blank'], { message: 'Write something first.' }],
    [['message_exceed_max_chars'], { message: 'A crud can be at most 280 characters.' }],
    [['message_blank', 'ttl_blank'], { message: 'Write something first.', ttl: 'Choose when the crud expires.' }],
    [['ttl_invalid'], { ttl: 'Choose one of the listed expiry times.' }],
    [['something_new'], { message: 'Cruddur did not accept this crud.' }],
    [['constructor', 'toString'], { message: 'Cruddur did not accept this crud.' }],
    [[['message_blank']], { message: 'Cruddur did not accept this crud.' }],
    [{ message_blank: true }, { message: 'Cruddur did not accept this crud.' }],
  ])('maps the API\'s 422 %j to plain messages beside the fields', async (codes, fields) => {
    const { api } = scripted([json(codes, 422)]);
    await expect(api.postActivity({ message: ' ', ttl: '1-day' })).rejects.toMatchObject({ code: 'invalid-crud', message: 'Cruddur did not accept this crud.', fields });
  });

  it.each([
    ['seconds', '42', 'Slow down, try again in 42 s.'],
    ['no header', null, 'Slow down, try again in 1 s.'],
  ])('shows a 429 with Retry-After in %s as "Slow down"', async (_, retryAfter, message) => {
    const { api } = scripted([json({ error: 'rate_limited' }, 429, retryAfter ? { 'Retry-After': retryAfter } : {})]);
    await expect(api.postActivity({ message: 'hi', ttl: '1-hour' })).rejects.toMatchObject({ code: 'rate-limited', message });
  });

  it('reads Retry-After as an HTTP date too, rounding up', () => {
    expect(retryAfterSeconds('Sat, 28 Nov 2026 06:00:10 GMT', Date.parse('2026-11-28T06:00:00.500Z'))).toBe(10);
    expect(retryAfterSeconds('soon')).toBe(1);
  });

  it.each([
    ['delay-seconds with spaces around', ' 42 ', 42],
    ['an exponent is not delay-seconds', '1e3', 1],
    ['a date already past', 'Sat, 28 Nov 2026 05:59:00 GMT', 1],
  ])('reads Retry-After: %s', (_, header, seconds) => {
    expect(retryAfterSeconds(header, Date.parse('2026-11-28T06:00:00Z'))).toBe(seconds);
  });

  it('refuses to post when signed out, without sending anything', async () => {
    const { api, seen } = scripted([], { state: { status: 'signed-out' } });
    await expect(api.postActivity({ message: 'hi', ttl: '1-hour' })).rejects.toMatchObject({ code: 'signed-out', message: 'Sign in to post a crud.' });
    expect(seen).toEqual([]);
  });
});

describe('API client: what goes out and what comes back', () => {
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  it('asks for JSON at the API address, never with cookies', async () => {
    const { api, sent } = scripted([json([]), json({ uuid: 'u' })]);
    await api.homeFeed();
    await api.postActivity({ message: 'hi', ttl: '1-hour' });
    expect(sent).toEqual([
      { url: `${API}/api/activities/home`, accept: 'application/json', credentials: 'omit' },
      { url: `${API}/api/activities`, accept: 'application/json', credentials: 'omit' },
    ]);
  });

  it('talks to a plain-http API too (a local server)', async () => {
    const seen: string[] = [];
    const api = new ApiClient({
      apiUrl: () => 'http://127.0.0.1:4567',
      tokens: { state: SIGNED_IN, getAccessToken: async () => 't', forceRefresh: async () => 't' },
      fetch: async (input) => {
        seen.push(String(input));
        return new Response('[]');
      },
    });
    expect(await api.homeFeed()).toEqual({ activities: [], personalised: true });
    expect(seen).toEqual(['http://127.0.0.1:4567/api/activities/home']);
  });

  it('uses the global fetch when none is given', async () => {
    const fetch = vi.fn(async (input: RequestInfo | URL) => {
      expect(String(input)).toBe(`${API}/api/activities/home`);
      return new Response('[]');
    });
    vi.stubGlobal('fetch', fetch);
    const api = new ApiClient({ apiUrl: () => API, tokens: { state: { status: 'signed-out' }, getAccessToken: async () => 't', forceRefresh: async () => 't' } });
    expect(await api.homeFeed()).toEqual({ activities: [], personalised: false });
    expect(fetch).toHaveBeenCalledTimes(1);
  });

  it.each([
    ['a 429', () => new Response('{}', { status: 429, headers: { 'Retry-After': '7' } }), { code: 'rate-limited', message: 'Slow down, try again in 7 s.' }],
    ['a 500', () => new Response('[]', { status: 500 }), { code: 'api-unreachable', message: 'Cruddur is not answering right now. You are still signed in; try again shortly.' }],
    ['a body that is not JSON', () => new Response('<html>'), { code: 'api-invalid', message: 'The Cruddur API sent something unexpected.' }],
    ['JSON that is not a list', () => new Response('{"activities":[]}'), { code: 'api-invalid', message: 'The Cruddur API sent something unexpected.' }],
  ])('reports %s for the home feed in plain language', async (_, answer, error) => {
    const { api } = scripted([answer]);
    await expect(api.homeFeed()).rejects.toMatchObject(error);
  });

  const INVALID = { code: 'api-invalid', message: 'The Cruddur API sent something unexpected.' };
  it.each([
    ['a 500', () => new Response('{}', { status: 500 }), { code: 'api-unreachable', message: 'Cruddur is not answering right now. You are still signed in; try again shortly.' }],
    ['a body that is not JSON', () => new Response('<html>', { status: 201 }), INVALID],
    ['null', json(null, 201), INVALID],
    ['a list', json([{ uuid: 'u' }], 201), INVALID],
    ['a crud without a uuid', json({ message: 'hi' }, 201), INVALID],
    ['a uuid that is not text', json({ uuid: 7 }, 201), INVALID],
  ])('refuses %s as the answer to a post', async (_, answer, error) => {
    const { api } = scripted([answer]);
    await expect(api.postActivity({ message: 'hi', ttl: '1-hour' })).rejects.toMatchObject(error);
  });

  it('reports a post refused twice as a sign-in the API did not accept', async () => {
    const { api, seen } = scripted([json({}, 401), json({}, 401)]);
    await expect(api.postActivity({ message: 'hi', ttl: '1-hour' })).rejects.toMatchObject({ code: 'api-unauthorized' });
    expect(seen.map((s) => s.auth)).toEqual(['Bearer token-1', 'Bearer token-2']);
  });

  it('never counts a post that went out without a token as posted (refresh refused)', async () => {
    const { api, seen } = scripted([json({}, 401), json({ uuid: 'anonymous' }, 201)], { refused: true });
    await expect(api.postActivity({ message: 'hi', ttl: '1-hour' })).rejects.toMatchObject({ code: 'api-unauthorized' });
    expect(seen.map((s) => s.auth)).toEqual(['Bearer token-1', null]);
  });

  it.each([
    ['the default deadline', undefined, API_TIMEOUT_MS],
    ['a deadline of 2 s', 2000, 2000],
  ])('waits for a slow API until %s, and not a moment longer', async (_, timeoutMs, deadline) => {
    vi.useFakeTimers();
    const slow = (delay: number) =>
      new ApiClient({
        apiUrl: () => API,
        tokens: { state: SIGNED_IN, getAccessToken: async () => 't', forceRefresh: async () => 't' },
        ...(timeoutMs === undefined ? {} : { timeoutMs }),
        fetch: (_, init) =>
          new Promise((ok, fail) => {
            const answer = setTimeout(() => ok(new Response('[]')), delay);
            init?.signal?.addEventListener('abort', () => {
              clearTimeout(answer);
              fail(init.signal?.reason);
            });
          }),
      });
    const inTime = slow(deadline - 1).homeFeed();
    await vi.advanceTimersByTimeAsync(deadline - 1);
    expect(await inTime).toEqual({ activities: [], personalised: true });
    const late = slow(deadline + 1).homeFeed();
    const outcome = expect(late).rejects.toMatchObject({ code: 'api-timeout' });
    await vi.advanceTimersByTimeAsync(deadline);
    await outcome;
  });
});

describe('API client: threads, profiles, search and replies', () => {
  const UUID = '68f126b0-1ceb-4a33-88be-d90fa7109eee';
  const crud = (extra: Record<string, unknown> = {}) => ({ uuid: UUID, handle: 'worf', message: 'hi', ...extra });

  it('opens a thread with the token, in this API\'s shape and the original\'s', async () => {
    const ours = scripted([json({ ...crud(), replies: [crud({ uuid: 'r1', message: 'a reply' })] })]);
    const thread = await ours.api.thread(UUID);
    expect(thread.activity.message).toBe('hi');
    expect(thread.replies.map((r) => r.message)).toEqual(['a reply']);
    expect(ours.sent[0]?.url).toBe(`${API}/api/activities/${UUID}`);
    expect(ours.seen[0]?.auth).toBe('Bearer token-1');
    const original = scripted([json([{ ...crud(), replies: crud({ uuid: 'r1', message: 'one reply object' }) }])]);
    expect((await original.api.thread(UUID)).replies.map((r) => r.message)).toEqual(['one reply object']);
  });

  it('a thread that is gone, or an id that is not one, says so; nothing is put in a path but a uuid', async () => {
    const gone = scripted([json({ error: 'not_found' }, 404)]);
    await expect(gone.api.thread(UUID)).rejects.toMatchObject({ code: 'not-found', message: 'That crud is gone: it expired, or it is not shown to you.' });
    const none = scripted([]);
    await expect(none.api.thread('../me')).rejects.toMatchObject({ code: 'not-found' });
    await expect(none.api.thread('missing-1')).rejects.toMatchObject({ code: 'not-found' });
    expect(none.sent).toEqual([]);
    const garbage = scripted([json('nonsense')]);
    await expect(garbage.api.thread(UUID)).rejects.toMatchObject({ code: 'api-invalid' });
  });

  it('a profile: the handle is encoded into the path, an unknown one named in the sentence', async () => {
    const found = scripted([json([crud()])]);
    expect((await found.api.userActivities('@Andrew Brown')).map((a) => a.display_name)).toEqual(['worf']);
    expect(found.sent[0]?.url).toBe(`${API}/api/activities/@Andrew%20Brown`);
    const unknown = scripted([json({ error: 'not_found' }, 404)]);
    await expect(unknown.api.userActivities('nobody')).rejects.toMatchObject({ code: 'not-found', message: 'Nobody on Cruddur has the handle @nobody.' });
    const slash = scripted([json([])]);
    await slash.api.userActivities('a/../me');
    expect(slash.sent[0]?.url).toBe(`${API}/api/activities/@a%2F..%2Fme`);
  });

  it('search: trimmed and encoded; a blank or long term is refused before asking', async () => {
    const { api, sent } = scripted([json([crud()])]);
    expect(await api.search('  cloud & fun ')).toHaveLength(1);
    expect(sent[0]?.url).toBe(`${API}/api/activities/search?term=cloud%20%26%20fun`);
    const none = scripted([]);
    await expect(none.api.search('   ')).rejects.toMatchObject({ code: 'invalid-search', fields: { term: 'Type what to search for.' } });
    await expect(none.api.search('x'.repeat(101))).rejects.toMatchObject({ code: 'invalid-search', message: 'Search for at most 100 characters.' });
    expect(none.sent).toEqual([]);
    const refused = scripted([json(['search_term_invalid'], 422)]);
    await expect(refused.api.search('a\u200bb')).rejects.toMatchObject({ code: 'invalid-search', message: 'Search for visible text only: that has characters nobody can see.' });
  });

  it('replies as the signed-in user with {message}; the API\'s reply comes back', async () => {
    const { api, seen, sent } = scripted([json(crud({ uuid: 'r2', message: 'yes', reply_to_activity_uuid: UUID }))]);
    const reply = await api.reply(UUID, 'yes');
    expect(reply).toMatchObject({ uuid: 'r2', message: 'yes', reply_to_activity_uuid: UUID, display_name: 'worf' });
    expect(sent[0]?.url).toBe(`${API}/api/activities/${UUID}/reply`);
    expect(seen[0]).toMatchObject({ method: 'POST', auth: 'Bearer token-1', type: 'application/json', body: { message: 'yes' } });
  });

  it('a reply\'s refusals: signed out, gone, blank, handle held, garbage', async () => {
    const signedOut = scripted([], { state: { status: 'signed-out' } as AuthState });
    await expect(signedOut.api.reply(UUID, 'x')).rejects.toMatchObject({ code: 'signed-out', message: 'Sign in to reply.' });
    expect(signedOut.sent).toEqual([]);
    await expect(scripted([json({ error: 'not_found' }, 404)]).api.reply(UUID, 'x')).rejects.toMatchObject({ code: 'not-found' });
    await expect(scripted([json(['message_blank'], 422)]).api.reply(UUID, 'x')).rejects.toMatchObject({ code: 'invalid-crud', fields: { message: 'Write something first.' } });
    await expect(scripted([json({ error: 'handle_taken' }, 409)]).api.reply(UUID, 'x')).rejects.toMatchObject({ code: 'invalid-crud', fields: { message: expect.stringContaining('Another account holds your handle') } });
    await expect(scripted([json([1, 2])]).api.reply(UUID, 'x')).rejects.toMatchObject({ code: 'api-invalid' });
  });
});
