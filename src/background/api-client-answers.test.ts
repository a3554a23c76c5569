/**
 * The API client's edges, call by call: what it refuses before asking (so nothing goes out),
 * what it sends at the limits, and how it reads the API's refusals and odd answers into a code,
 * a sentence and the fields a form shows them beside. Complements api-client.test.ts (the
 * request itself, the feed, posting) and api-client-messages.test.ts (both backends' fixtures).
 */
import { describe, expect, it } from 'vitest';
import type { AuthState } from '../shared/auth-state.ts';
import { ApiClient } from './api-client.ts';
import { refreshingTokens } from './testing.ts';

const API = 'https://api.cruddur.com';
const SIGNED_IN: AuthState = { status: 'signed-in', offline: false, user: { sub: 's', email: 'e', name: 'n', handle: 'ben' } };
const SIGNED_OUT: AuthState = { status: 'signed-out' };
const UUID = '68f126b0-1ceb-4a33-88be-d90fa7109eee';

interface Answer {
  status?: number;
  body?: unknown;
  /** A body sent as is, instead of `body` as JSON. */
  raw?: string;
  headers?: Record<string, string>;
}

/**
 * An API answering `routes` ("GET /path?query") in turn, and recording every request: method,
 * path with query, Authorization, Content-Type and JSON body. A request it has no answer for
 * fails as a network error would, so it can never pass for an expected one.
 */
function fakeApi(routes: Record<string, Answer[]>, o: { state?: AuthState; refused?: boolean } = {}) {
  const seen: { method: string; url: string; auth: string | null; type: string | null; body: unknown }[] = [];
  const tokens = refreshingTokens(o.state ?? SIGNED_IN, o);
  const fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(String(input));
    expect(url.origin).toBe(API);
    const method = init?.method ?? 'GET';
    const headers = new Headers(init?.headers);
    const path = `${url.pathname}${url.search}`;
    seen.push({ method, url: path, auth: headers.get('Authorization'), type: headers.get('Content-Type'), body: typeof init?.body === 'string' ? JSON.parse(init.body) : null });
    const answer = routes[`${method} ${path}`]?.shift();
    if (!answer) throw new TypeError(`Failed to fetch (no answer for ${method} ${path})`);
    return new Response(answer.raw ?? JSON.stringify(answer.body ?? null), { status: answer.status ?? 200, headers: answer.headers ?? {} });
  };
  return { api: new ApiClient({ apiUrl: () => API, tokens, fetch }), seen };
}

/** What a caller gets from a refused call: its code, its sentence, and the fields it names (exactly). */
async function refusal(call: Promise<unknown>) {
  const e: unknown = await call.then(
    () => expect.fail('the call was expected to be refused'),
    (error: unknown) => error,
  );
  const { code, message, fields } = e as { code?: string; message?: string; fields?: Record<string, string> };
  return { code, message, fields };
}

const GONE = 'That crud is gone: it expired, or it is not shown to you.';
const UNREACHABLE = { code: 'api-unreachable', message: 'Cruddur is not answering right now. You are still signed in; try again shortly.' };
const INVALID = { code: 'api-invalid', message: 'The Cruddur API sent something unexpected.' };
const UNAUTHORIZED = { code: 'api-unauthorized', message: 'The Cruddur API did not accept your sign-in. Check the API address in Settings.' };
const crud = (extra: Record<string, unknown> = {}) => ({ uuid: UUID, handle: 'worf', message: 'hi', ...extra });

describe('API client answers: threads and profiles', () => {
  it.each([
    ['text before a uuid', `x${UUID}`],
    ['a path after a uuid', `${UUID}/../../me`],
    ['a uuid with a query', `${UUID}?x=1`],
  ])('opens no thread for an id with %s: nothing but a uuid goes in a path', async (_, id) => {
    const { api, seen } = fakeApi({});
    expect(await refusal(api.thread(id))).toEqual({ code: 'not-found', message: GONE, fields: undefined });
    expect(seen).toEqual([]);
  });

  it.each([
    ['refused twice', [{ status: 401 }, { status: 401 }], UNAUTHORIZED],
    ['a 429', [{ status: 429, headers: { 'Retry-After': '9' } }], { code: 'rate-limited', message: 'Slow down, try again in 9 s.' }],
    ['a 500', [{ status: 500, body: crud() }], UNREACHABLE],
  ])('reports a thread that is %s in plain language', async (_, answers, error) => {
    const asked = answers.length;
    const { api, seen } = fakeApi({ [`GET /api/activities/${UUID}`]: answers });
    expect(await refusal(api.thread(UUID))).toEqual({ ...error, fields: undefined });
    expect(seen).toHaveLength(asked);
  });

  it('asks for a profile by its handle, trimmed and without the leading @ only', async () => {
    const { api, seen } = fakeApi({ 'GET /api/activities/@worf': [{ body: [crud()] }], 'GET /api/activities/@ann%40home': [{ body: [] }] });
    expect((await api.userActivities('  @worf\n')).map((a) => a.uuid)).toEqual([UUID]);
    expect(await api.userActivities('ann@home')).toEqual([]);
    expect(seen.map((s) => s.url)).toEqual(['/api/activities/@worf', '/api/activities/@ann%40home']);
  });

  it('asks for no profile without a handle', async () => {
    const { api, seen } = fakeApi({});
    expect((await refusal(api.userActivities(' @ '))).code).toBe('not-found');
    expect(seen).toEqual([]);
  });

  it('refuses a profile answer that is not a list', async () => {
    const { api } = fakeApi({ 'GET /api/activities/@worf': [{ body: { activities: [crud()] } }] });
    expect(await refusal(api.userActivities('worf'))).toEqual({ ...INVALID, fields: undefined });
  });
});

describe('API client answers: search', () => {
  it('sends a term of exactly the limit, counted in characters (an emoji is one)', async () => {
    const long = 'x'.repeat(100);
    const emoji = '\u{1F600}'.repeat(100);
    const { api, seen } = fakeApi({
      [`GET /api/activities/search?term=${long}`]: [{ body: [crud()] }],
      [`GET /api/activities/search?term=${encodeURIComponent(emoji)}`]: [{ body: [] }],
    });
    expect(await api.search(long)).toHaveLength(1);
    expect(await api.search(emoji)).toEqual([]);
    expect(seen).toHaveLength(2);
  });

  it.each([
    ['a term too long', ['search_term_exceed_max_chars'], 'Search for at most 100 characters.'],
    ['a blank term', ['search_term_blank'], 'Type what to search for.'],
    ['a term it does not take', ['search_term_invalid'], 'Search for visible text only: that has characters nobody can see.'],
    ['codes that are not a list', { search_term_blank: true }, 'Search for visible text only: that has characters nobody can see.'],
  ])('says why the API refused %s, beside the search field', async (_, codes, sentence) => {
    const { api } = fakeApi({ 'GET /api/activities/search?term=abc': [{ status: 422, body: codes }] });
    expect(await refusal(api.search('abc'))).toEqual({ code: 'invalid-search', message: sentence, fields: { term: sentence } });
  });

  it.each([
    ['a 500', { status: 500, body: [] }, UNREACHABLE],
    ['a 404', { status: 404, body: [] }, { code: 'not-found', message: 'That is not on Cruddur any more.' }],
  ])('reports %s for a search as a failure, not as no results', async (_, answer, error) => {
    const { api } = fakeApi({ 'GET /api/activities/search?term=abc': [answer] });
    expect(await refusal(api.search('abc'))).toMatchObject(error);
  });
});

describe('API client answers: replies', () => {
  it('sends the reply as the API stores it: NULs out, trimmed', async () => {
    const { api, seen } = fakeApi({ [`POST /api/activities/${UUID}/reply`]: [{ status: 201, body: crud({ uuid: 'r1', message: 'yes' }) }] });
    await api.reply(UUID, ' \n ye\0s \t');
    expect(seen).toEqual([{ method: 'POST', url: `/api/activities/${UUID}/reply`, auth: 'Bearer token-1', type: 'application/json', body: { message: 'yes' } }]);
  });

  it('refuses a blank reply without asking', async () => {
    const { api, seen } = fakeApi({});
    expect(await refusal(api.reply(UUID, ' \0\n '))).toEqual({ code: 'invalid-crud', message: 'Cruddur did not accept this crud.', fields: { message: 'Write something first.' } });
    expect(seen).toEqual([]);
  });

  it.each(['../me', `${UUID}/../../me`])('replies to no thread %j: nothing but a uuid goes in a path', async (id) => {
    const { api, seen } = fakeApi({});
    expect(await refusal(api.reply(id, 'yes'))).toEqual({ code: 'not-found', message: GONE, fields: undefined });
    expect(seen).toEqual([]);
  });

  it('reports a reply refused twice as a sign-in the API did not accept, after one refresh', async () => {
    const { api, seen } = fakeApi({ [`POST /api/activities/${UUID}/reply`]: [{ status: 401 }, { status: 401 }] });
    expect(await refusal(api.reply(UUID, 'yes'))).toEqual({ ...UNAUTHORIZED, fields: undefined });
    expect(seen.map((s) => s.auth)).toEqual(['Bearer token-1', 'Bearer token-2']);
  });

  it('never counts a reply that went out without a token as sent (refresh refused)', async () => {
    const { api, seen } = fakeApi({ [`POST /api/activities/${UUID}/reply`]: [{ status: 401 }, { status: 201, body: crud({ uuid: 'anonymous' }) }] }, { refused: true });
    expect(await refusal(api.reply(UUID, 'yes'))).toEqual({ ...UNAUTHORIZED, fields: undefined });
    expect(seen.map((s) => s.auth)).toEqual(['Bearer token-1', null]);
  });

  it.each([
    ['a 429', { status: 429, headers: { 'Retry-After': '3' } }, { code: 'rate-limited', message: 'Slow down, try again in 3 s.' }],
    ['a 500', { status: 500, body: crud() }, UNREACHABLE],
    ['a body that is not JSON', { status: 201, raw: '<html>' }, INVALID],
    ['null', { status: 201, body: null }, INVALID],
    ['a reply without a uuid', { status: 201, body: { message: 'yes' } }, INVALID],
    ['a uuid that is not text', { status: 201, body: { uuid: 7, message: 'yes' } }, INVALID],
  ])('refuses %s as the answer to a reply', async (_, answer, error) => {
    const { api } = fakeApi({ [`POST /api/activities/${UUID}/reply`]: [answer] });
    expect(await refusal(api.reply(UUID, 'yes'))).toEqual({ ...error, fields: undefined });
  });
});

describe('API client answers: direct messages', () => {
  it('sends a message with its JSON type, to the handle as given (at most 200 characters, only a leading @ dropped)', async () => {
    const answer = () => [{ status: 201, body: { uuid: 'm1', handle: 'ben', message: 'hi' } }];
    const { api, seen } = fakeApi({ 'POST /api/messages': [...answer(), ...answer()] });
    await api.sendMessage('ann@home', 'hi');
    await api.sendMessage(`@${'a'.repeat(250)}`, 'hi');
    expect(seen).toEqual([
      { method: 'POST', url: '/api/messages', auth: 'Bearer token-1', type: 'application/json', body: { message: 'hi', user_receiver_handle: 'ann@home' } },
      { method: 'POST', url: '/api/messages', auth: 'Bearer token-1', type: 'application/json', body: { message: 'hi', user_receiver_handle: 'a'.repeat(200) } },
    ]);
  });

  it('sends a message of exactly the limit, counted in characters; one more is refused without asking', async () => {
    const { api, seen } = fakeApi({ 'POST /api/messages': [{ status: 201, body: { uuid: 'm1', handle: 'ben', message: 'long' } }] });
    const atLimit = '\u{1F600}'.repeat(1024);
    expect(await api.sendMessage('worf', atLimit)).toMatchObject({ uuid: 'm1' });
    expect(seen.map((s) => s.body)).toEqual([{ message: atLimit, user_receiver_handle: 'worf' }]);
    expect(await refusal(api.sendMessage('worf', `${atLimit}x`))).toEqual({
      code: 'invalid-crud',
      message: 'A message can be at most 1,024 characters.',
      fields: { message: 'A message can be at most 1,024 characters.' },
    });
    expect(seen).toHaveLength(1);
  });

  const HANDLE_SELF = 'That is your own handle: write to someone else.';
  it.each([
    [['message_exceed_max_chars'], 'A message can be at most 1,024 characters.', { message: 'A message can be at most 1,024 characters.' }],
    [['user_receiver_handle_blank'], 'Choose who to write to.', { handle: 'Choose who to write to.' }],
    [['user_reciever_handle_blank'], 'Choose who to write to.', { handle: 'Choose who to write to.' }],
    [['message_blank', 'message_exceed_max_chars'], 'Write something first.', { message: 'Write something first.' }],
    [['user_receiver_handle_self', 'user_receiver_handle_blank'], HANDLE_SELF, { handle: HANDLE_SELF }],
    [['user_receiver_handle_self', 'message_blank'], 'Write something first.', { message: 'Write something first.', handle: HANDLE_SELF }],
    [['something_new'], 'Cruddur did not accept this message.', { message: 'Cruddur did not accept this message.' }],
    [['something_new', 'user_receiver_handle_self'], HANDLE_SELF, { handle: HANDLE_SELF }],
  ])('maps a send\'s 422 %j to the first message per field, the message field\'s first', async (codes, message, fields) => {
    const { api } = fakeApi({ 'POST /api/messages': [{ status: 422, body: codes }] });
    expect(await refusal(api.sendMessage('worf', 'hi'))).toEqual({ code: 'invalid-crud', message, fields });
  });

  it.each([
    ['refused twice', [{ status: 401 }, { status: 401 }], UNAUTHORIZED, ['Bearer token-1', 'Bearer token-2']],
    ['a 429', [{ status: 429, headers: { 'Retry-After': '4' } }], { code: 'rate-limited', message: 'Slow down, try again in 4 s.' }, ['Bearer token-1']],
    [
      'a 409 (another account holds the handle)',
      [{ status: 409, body: { error: 'handle_taken' } }],
      {
        code: 'invalid-crud',
        message: 'Another account holds your handle, so Cruddur will not send your message. Choose another handle on Cruddur.',
        fields: { message: 'Another account holds your handle, so Cruddur will not send your message. Choose another handle on Cruddur.' },
      },
      ['Bearer token-1'],
    ],
  ])('reports a send that met %s in plain language', async (_, answers, error, auth) => {
    const { api, seen } = fakeApi({ 'POST /api/messages': answers });
    expect(await refusal(api.sendMessage('worf', 'hi'))).toEqual({ fields: undefined, ...error });
    expect(seen.map((s) => s.auth)).toEqual(auth);
  });

  it('never counts a message that went out without a token as sent (refresh refused)', async () => {
    const { api, seen } = fakeApi({ 'POST /api/messages': [{ status: 401 }, { status: 201, body: { uuid: 'm1', handle: 'ben', message: 'hi' } }] }, { refused: true });
    expect((await refusal(api.sendMessage('worf', 'hi'))).code).toBe('api-unauthorized');
    expect(seen.map((s) => s.auth)).toEqual(['Bearer token-1', null]);
  });

  it('reads no conversation signed out, or without a handle, without asking', async () => {
    const signedOut = fakeApi({}, { state: SIGNED_OUT });
    expect(await refusal(signedOut.api.conversation('ann'))).toEqual({ code: 'signed-out', message: 'Sign in to read and send messages.', fields: undefined });
    expect(signedOut.seen).toEqual([]);
    const noHandle = fakeApi({});
    expect((await refusal(noHandle.api.conversation(' @ '))).code).toBe('not-found');
    expect(noHandle.seen).toEqual([]);
  });

  it.each([
    ['a 422', { status: 422, body: ['user_receiver_handle_self'] }, { code: 'invalid-crud', message: HANDLE_SELF, fields: { handle: HANDLE_SELF } }],
    ['a 404', { status: 404, body: { error: 'not_found' } }, { code: 'not-found', message: 'Nobody on Cruddur has the handle @ann.', fields: undefined }],
    ['a 500', { status: 500, body: [] }, { ...UNREACHABLE, fields: undefined }],
    ['an answer that is not a list', { body: { messages: [] } }, { ...INVALID, fields: undefined }],
  ])('reports %s for a conversation', async (_, answer, error) => {
    const { api } = fakeApi({ 'GET /api/messages/@ann': [answer] });
    expect(await refusal(api.conversation('@ann'))).toEqual(error);
  });

  it('refuses a conversation list that is not a list', async () => {
    const { api } = fakeApi({ 'GET /api/message_groups': [{ body: { message_groups: [] } }] });
    expect(await refusal(api.conversations())).toEqual({ ...INVALID, fields: undefined });
  });
});

describe('API client answers: the badge\'s unread check', () => {
  const T = '2026-12-05T10:00:00.000Z';
  const EARLIER = '2026-12-04T00:00:00.000Z';
  const NO_ROUTE = { status: 404, raw: '<html>Not Found</html>' };
  const groups = (list: { at: string; unread?: number; mine?: boolean }[]) => ({
    body: list.map((g, i) => ({ uuid: `g${i}`, handle: `u${i}`, created_at: g.at, unread_count: g.unread ?? 0, last_message_from_me: g.mine ?? false })),
  });

  it.each([
    ['a 500', { status: 500, body: { unread_conversations: 1, newest_unread_at: T } }, UNREACHABLE],
    ['a 429', { status: 429, headers: { 'Retry-After': '30' } }, { code: 'rate-limited', message: 'Slow down, try again in 30 s.' }],
  ])('reports %s from the unread route, asking nothing more', async (_, answer, error) => {
    const { api, seen } = fakeApi({ 'GET /api/message_groups/unread': [answer] });
    expect(await refusal(api.unreadConversations('t', EARLIER))).toEqual({ ...error, fields: undefined });
    expect(seen).toHaveLength(1);
  });

  it.each([
    ['a body that is not JSON', { raw: '<html>' }, ''],
    ['null', { body: null }, ''],
    ['a count that is text', { body: { unread_conversations: '2', newest_unread_at: T } }, T],
    ['a negative count', { body: { unread_conversations: -1, newest_unread_at: T } }, T],
    ['a count without a time', { body: { unread_conversations: 2 } }, ''],
    ['a count with a time that is not text', { body: { unread_conversations: 2, newest_unread_at: 1764928800000 } }, ''],
  ])('counts nothing for %s from the unread route, in one request', async (_, answer, newest) => {
    const { api, seen } = fakeApi({ 'GET /api/message_groups/unread': [answer] });
    expect(await api.unreadConversations('t', '')).toEqual({ count: 0, newest });
    expect(seen).toHaveLength(1);
  });

  it('this API with no unread conversation: nothing counts, even past the mark, in one request', async () => {
    const { api, seen } = fakeApi({ 'GET /api/message_groups/unread': [{ body: { unread_conversations: 0, newest_unread_at: T } }] });
    expect(await api.unreadConversations('t', EARLIER)).toEqual({ count: 0, newest: T });
    expect(seen).toHaveLength(1);
  });

  it('this API past the mark: only conversations it says are unread count, not one the user wrote last', async () => {
    const { api } = fakeApi({
      'GET /api/message_groups/unread': [{ body: { unread_conversations: 3, newest_unread_at: T } }],
      'GET /api/message_groups': [groups([{ at: T, unread: 2 }, { at: '2026-12-05T09:00:00Z', unread: 1 }, { at: '2026-12-05T08:00:00Z' }, { at: '2026-12-05T07:00:00Z', unread: 1, mine: true }])],
    });
    expect(await api.unreadConversations('t', EARLIER)).toEqual({ count: 2, newest: T });
  });

  it('the original backend: a conversation exactly at the mark is not new', async () => {
    const { api } = fakeApi({ 'GET /api/message_groups/unread': [NO_ROUTE], 'GET /api/message_groups': [groups([{ at: T }, { at: EARLIER }])] });
    expect(await api.unreadConversations('t', EARLIER)).toEqual({ count: 1, newest: T });
  });

  it('the original backend with no conversations: nothing, and no newest time', async () => {
    const { api } = fakeApi({ 'GET /api/message_groups/unread': [NO_ROUTE], 'GET /api/message_groups': [{ body: [] }] });
    expect(await api.unreadConversations('t', '')).toEqual({ count: 0, newest: '' });
  });

  it.each([
    ['a 500', { status: 500, body: [] }, UNREACHABLE],
    ['a 429', { status: 429, headers: { 'Retry-After': '2' } }, { code: 'rate-limited', message: 'Slow down, try again in 2 s.' }],
    ['a list that is not one', { body: { message_groups: [] } }, INVALID],
  ])('the original backend: reports %s for its list', async (_, answer, error) => {
    const { api, seen } = fakeApi({ 'GET /api/message_groups/unread': [NO_ROUTE], 'GET /api/message_groups': [answer] });
    expect(await refusal(api.unreadConversations('t', EARLIER))).toEqual({ ...error, fields: undefined });
    expect(seen.map((s) => `${s.url} ${s.auth}`)).toEqual(['/api/message_groups/unread Bearer t', '/api/message_groups Bearer t']);
  });
});
