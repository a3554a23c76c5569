import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { AuthState } from '../shared/auth-state.ts';
import { ApiClient } from './api-client.ts';

const API = 'https://api.cruddur.com';
const SIGNED_IN: AuthState = { status: 'signed-in', offline: false, user: { sub: 's', email: 'e', name: 'n', handle: 'ben' } };
const fixture = (backend: 'original' | 'ours', name: string) =>
  JSON.parse(readFileSync(new URL(`../../test/support/fixtures/${backend}/${name}.json`, import.meta.url), 'utf8')) as { status: number; body: unknown };

type Answer = { status: number; body: unknown; raw?: string };

/** A fetch that answers by path and records what was asked, with which token and body. */
function setup(routes: Record<string, Answer | Answer[]>, state: AuthState = SIGNED_IN) {
  const seen: { method: string; path: string; auth: string | null; body?: unknown }[] = [];
  let refreshes = 0;
  let gets = 0;
  const tokens = {
    state,
    getAccessToken: async () => {
      gets += 1;
      return 'token-1';
    },
    forceRefresh: async () => `token-${(refreshes += 1) + 1}`,
  };
  const fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(String(input));
    const method = init?.method ?? 'GET';
    seen.push({ method, path: url.pathname, auth: new Headers(init?.headers).get('Authorization'), ...(init?.body ? { body: JSON.parse(String(init.body)) as unknown } : {}) });
    const route = routes[`${method} ${url.pathname}`];
    const answer = Array.isArray(route) ? route.shift() : route;
    if (!answer) return new Response('<html>Not Found</html>', { status: 404, headers: { 'Content-Type': 'text/html' } });
    return new Response(answer.raw ?? JSON.stringify(answer.body), { status: answer.status });
  };
  return { api: new ApiClient({ apiUrl: () => API, tokens, fetch }), seen, refreshes: () => refreshes, gets: () => gets };
}

describe('API client: direct messages', () => {
  it.each(['ours', 'original'] as const)('reads %s conversations and a conversation', async (backend) => {
    const { api, seen } = setup({ 'GET /api/message_groups': fixture(backend, 'message-groups'), 'GET /api/messages/@ann': fixture(backend, 'messages') });
    expect((await api.conversations()).length).toBeGreaterThan(0);
    expect((await api.conversation(' @ann ')).length).toBeGreaterThan(0);
    expect(seen.map((s) => `${s.method} ${s.path} ${s.auth}`)).toEqual(['GET /api/message_groups Bearer token-1', 'GET /api/messages/@ann Bearer token-1']);
  });

  it('sends in the week-3 body both backends take, trimmed and without NULs', async () => {
    const { api, seen } = setup({ 'POST /api/messages': fixture('original', 'message-create') });
    expect(await api.sendMessage('@worf', '  Hello\0 Worf \n')).toMatchObject({ handle: 'andrewbrown', message: 'Hello Worf' });
    expect(seen[0]).toMatchObject({ method: 'POST', path: '/api/messages', auth: 'Bearer token-1', body: { message: 'Hello Worf', user_receiver_handle: 'worf' } });
  });

  it('refuses a blank message without asking the API', async () => {
    const { api, seen } = setup({});
    await expect(api.sendMessage('worf', ' \n\t ')).rejects.toMatchObject({ code: 'invalid-crud', fields: { message: 'Write something first.' } });
    await expect(api.sendMessage('', 'hi')).rejects.toMatchObject({ fields: { handle: 'Choose who to write to.' } });
    expect(seen).toEqual([]);
  });

  it.each([
    [{ status: 422, body: ['user_receiver_handle_self'] }, { code: 'invalid-crud', fields: { handle: 'That is your own handle: write to someone else.' } }],
    [fixture('ours', 'message-create-blank'), { code: 'invalid-crud', fields: { message: 'Write something first.' } }],
    [{ status: 422, body: { garbage: true } }, { code: 'invalid-crud', fields: { message: 'Cruddur did not accept this message.' } }],
    [{ status: 404, body: { error: 'not_found' } }, { code: 'not-found', message: 'Nobody on Cruddur has the handle @worf.' }],
    [{ status: 500, body: null }, { code: 'api-unreachable' }],
    [{ status: 200, body: 'text' }, { code: 'api-invalid' }],
  ])('maps a refused send to a plain sentence (%j)', async (answer, error) => {
    const { api } = setup({ 'POST /api/messages': answer });
    await expect(api.sendMessage('worf', 'hi')).rejects.toMatchObject(error);
  });

  it('asks nothing signed out', async () => {
    const { api, seen } = setup({}, { status: 'signed-out' });
    await expect(api.conversations()).rejects.toMatchObject({ code: 'signed-out' });
    await expect(api.sendMessage('worf', 'hi')).rejects.toMatchObject({ code: 'signed-out' });
    expect(seen).toEqual([]);
  });
});

describe('API client: the badge\'s unread check', () => {
  const GROUPS = (created: string[], unread: number[] = created.map(() => 1)) => ({
    status: 200,
    body: created.map((at, i) => ({ uuid: `g${i}`, handle: `u${i}`, created_at: at, unread_count: unread[i], last_message_from_me: false })),
  });

  it('uses the given token only: no token from the manager, no refresh, and a 401 is thrown', async () => {
    const { api, seen, refreshes, gets } = setup({ 'GET /api/message_groups/unread': { status: 401, body: { error: 'invalid_token' } } });
    await expect(api.unreadConversations('peeked', '')).rejects.toMatchObject({ code: 'api-unauthorized' });
    expect(seen).toEqual([{ method: 'GET', path: '/api/message_groups/unread', auth: 'Bearer peeked' }]);
    expect(refreshes()).toBe(0);
    expect(gets()).toBe(0);
  });

  it('this API, never looked: its own read marks count, in one request', async () => {
    const { api, seen } = setup({ 'GET /api/message_groups/unread': fixture('ours', 'message-groups-unread') });
    expect(await api.unreadConversations('t', '')).toEqual({ count: 1, newest: '2026-12-04T21:13:41.532Z' });
    expect(seen).toHaveLength(1);
  });

  it('this API: nothing newer than the mark counts nothing, in one request', async () => {
    const { api, seen } = setup({ 'GET /api/message_groups/unread': fixture('ours', 'message-groups-unread') });
    expect((await api.unreadConversations('t', '2026-12-04T21:13:41.532Z')).count).toBe(0);
    expect(seen).toHaveLength(1);
  });

  it('this API: something newer than the mark: the list says which conversations', async () => {
    const { api, seen } = setup({
      'GET /api/message_groups/unread': { status: 200, body: { unread_conversations: 2, newest_unread_at: '2026-12-05T10:00:00Z' } },
      'GET /api/message_groups': GROUPS(['2026-12-05T10:00:00Z', '2026-12-01T00:00:00Z', '2026-12-05T09:00:00Z'], [1, 1, 0]),
    });
    expect(await api.unreadConversations('t', '2026-12-04T00:00:00.000Z')).toEqual({ count: 1, newest: '2026-12-05T10:00:00.000Z' });
    expect(seen.map((s) => `${s.path} ${s.auth}`)).toEqual(['/api/message_groups/unread Bearer t', '/api/message_groups Bearer t']);
  });

  it('the original backend (no unread route): its list\'s times against the mark; never looked, nothing counts', async () => {
    const groups = fixture('original', 'message-groups');
    const first = setup({ 'GET /api/message_groups': groups });
    expect(await first.api.unreadConversations('t', '')).toEqual({ count: 0, newest: '2026-12-04T21:13:41.532Z' });
    const later = setup({ 'GET /api/message_groups': groups });
    expect((await later.api.unreadConversations('t', '2026-12-04T00:00:00.000Z')).count).toBe(2);
    expect(later.seen.map((s) => s.path)).toEqual(['/api/message_groups/unread', '/api/message_groups']);
  });
});
