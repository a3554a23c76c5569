// Direct messages and the badge's count over real HTTP: the real server (PGlite) against a
// fake Cognito that counts GetUser calls, so "the badge costs Cognito nothing" is measured.
import { describe, expect, it } from 'vitest';
import type { Message, MessageGroup, Unread } from './store.ts';
import type { FakeUser } from './testing/fake-cognito.ts';
import { call, useTestApi } from './testing/harness.ts';

const t = useTestApi('dm');
/** A user the API knows: only accounts that have used the API once can be written to. */
const newUser = async (): Promise<FakeUser> => {
  const user = t.newUser();
  await get(user, '/api/me');
  return user;
};

const send = (from: FakeUser, body: unknown) => call<Message | string[]>(`${t.api.url}/api/messages`, { method: 'POST', token: t.fake.accessToken(from), body: JSON.stringify(body) });
const get = <T>(who: FakeUser | null, path: string) => call<T>(`${t.api.url}${path}`, { token: who ? t.fake.accessToken(who) : undefined });

describe('two users exchange messages', () => {
  it('the original\'s body {user_receiver_handle, message} starts a conversation both can read', async () => {
    const [ann, ben] = [await newUser(), await newUser()];
    const sent = await send(ann, { user_receiver_handle: ben.handle, message: ' hello Ben ' });
    expect(sent.status).toBe(200);
    expect(sent.body).toMatchObject({ handle: ann.handle, display_name: ann.name, message: 'hello Ben' });
    const forBen = await get<MessageGroup[]>(ben, '/api/message_groups');
    expect(forBen.body).toEqual([expect.objectContaining({ handle: ann.handle, display_name: ann.name, message: 'hello Ben', unread_count: 1, last_message_from_me: false })]);
    const thread = await get<Message[]>(ben, `/api/messages/@${ann.handle}`);
    expect(thread.body.map((m) => [m.handle, m.message])).toEqual([[ann.handle, 'hello Ben']]);
    expect((await get<Message[]>(ann, `/api/messages/@${ben.handle.toUpperCase()}`)).body).toEqual(thread.body);
  });

  it('the later shapes: {handle, message} and {message_group_uuid, message}; GET by group uuid', async () => {
    const [ann, ben] = [await newUser(), await newUser()];
    const first = await send(ann, { handle: `@${ben.handle}`, message: 'one' });
    const group = (first.body as Message).message_group_uuid;
    expect((await send(ben, { message_group_uuid: group, message: 'two' })).status).toBe(200);
    expect((await get<Message[]>(ann, `/api/messages/${group}`)).body.map((m) => m.message)).toEqual(['one', 'two']);
  });

  it('the badge: GET /api/message_groups/unread counts conversations with news, clears on reading, and never asks Cognito', async () => {
    const [ann, ben, cat] = [await newUser(), await newUser(), await newUser()];
    expect((await get<Unread>(ben, '/api/message_groups/unread')).body).toEqual({ unread_conversations: 0, newest_unread_at: null, newest_unread_uuid: null });
    await send(ann, { handle: ben.handle, message: 'from ann' });
    const last = await send(cat, { handle: ben.handle, message: 'from cat' });
    const calls = t.fake.getUserHits();
    const badge = await get<Unread>(ben, '/api/message_groups/unread');
    expect(badge.body).toEqual({ unread_conversations: 2, newest_unread_at: (last.body as Message).created_at, newest_unread_uuid: (last.body as Message).uuid });
    for (let i = 0; i < 5; i += 1) await get(ben, '/api/message_groups/unread');
    expect(t.fake.getUserHits()).toBe(calls);
    await get(ben, `/api/messages/@${ann.handle}`);
    expect((await get<Unread>(ben, '/api/message_groups/unread')).body.unread_conversations).toBe(1);
  });

  it('a user who has never used the API gets a zero badge without being looked up', async () => {
    const stranger = { sub: 'sub-dm-stranger', username: 's@example.com', email: 's@example.com', name: 'S', handle: 'stranger' };
    t.fake.addUser(stranger);
    const calls = t.fake.getUserHits();
    expect((await get<Unread>(stranger, '/api/message_groups/unread')).body.unread_conversations).toBe(0);
    expect(t.fake.getUserHits()).toBe(calls);
  });

  it('an account that has never used the API cannot be written to yet (404, as an unknown handle)', async () => {
    const newcomer = { sub: 'sub-dm-newcomer', username: 'nc@example.com', email: 'nc@example.com', name: 'N', handle: 'newcomer' };
    t.fake.addUser(newcomer);
    expect((await send(await newUser(), { handle: 'newcomer', message: 'hi' })).status).toBe(404);
  });
});

describe('a user reads only conversations they are in', () => {
  it('a third user gets 404 for the pair\'s conversation by uuid, and cannot post into it', async () => {
    const [ann, ben, eve] = [await newUser(), await newUser(), await newUser()];
    const group = ((await send(ann, { handle: ben.handle, message: 'private' })).body as Message).message_group_uuid;
    expect((await get(eve, `/api/messages/${group}`)).status).toBe(404);
    expect((await send(eve, { message_group_uuid: group, message: 'let me in' })).status).toBe(404);
    expect((await get<MessageGroup[]>(eve, '/api/message_groups')).body).toEqual([]);
    expect((await get<Message[]>(ann, `/api/messages/${group}`)).body.map((m) => m.message)).toEqual(['private']);
  });

  it.each(['/api/message_groups', '/api/message_groups/unread', '/api/messages/@dm1', '/api/messages/00000000-0000-4000-8000-000000000000'])(
    'GET %s without a token → 401 missing_token', async (path) => {
      const res = await get(null, path);
      expect({ status: res.status, body: res.body }).toEqual({ status: 401, body: { error: 'missing_token', error_description: 'this route needs an access token' } });
    },
  );
});

describe('bad messages', () => {
  it.each<[string, (me: FakeUser, other: FakeUser) => unknown, number, unknown]>([
    ['no recipient', () => ({ message: 'hi' }), 422, ['user_reciever_handle_blank']],
    ['a blank message', (_me, o) => ({ handle: o.handle, message: ' ' }), 422, ['message_blank']],
    ['1,025 characters', (_me, o) => ({ handle: o.handle, message: 'x'.repeat(1025) }), 422, ['message_exceed_max_chars']],
    ['nothing at all', () => ({}), 422, ['message_blank', 'user_reciever_handle_blank']],
    ['to oneself', (me) => ({ handle: me.handle, message: 'hi me' }), 422, ['user_receiver_handle_self']],
    ['to an unknown handle', () => ({ handle: 'nobody-here', message: 'hi' }), 404, { error: 'not_found', error_description: 'no such handle' }],
    ['to a handle with a NUL', () => ({ handle: 'dm\u00001', message: 'hi' }), 404, { error: 'not_found', error_description: 'no such handle' }],
    ['to a malformed group', () => ({ message_group_uuid: 'nope', message: 'hi' }), 404, { error: 'not_found', error_description: 'no such conversation' }],
  ])('%s → %i', async (_name, body, status, answer) => {
    const [me, other] = [await newUser(), await newUser()];
    const res = await send(me, body(me, other));
    expect({ status: res.status, body: res.body }).toEqual({ status, body: answer });
  });

  it('GET a conversation with oneself → 422, with an unknown handle → 404', async () => {
    const me = await newUser();
    expect((await get(me, `/api/messages/@${me.handle}`)).status).toBe(422);
    expect((await get(me, '/api/messages/@nobody-at-all')).status).toBe(404);
  });
});
