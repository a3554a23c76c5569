// The whole of Cruddur's API on the real local stack (cognito-local behind the AWS-faithful
// front, the API on PGlite): real users, real tokens, real GetUser. Threads and replies,
// profiles, search, two users exchanging messages with the badge's count, and issue 20's
// handle and profile rules as a new user meets them.
import { UpdateUserAttributesCommand } from '@aws-sdk/client-cognito-identity-provider';
import { describe, expect, inject, it } from 'vitest';
import { readyUser, signIn, signUp, confirm, stackCognito, uniqueUser, type TestUser, type Tokens } from '../support/users.ts';

const stack = inject('stack');

async function api<T = unknown>(path: string, o: { token?: string; method?: string; body?: unknown } = {}) {
  const headers: Record<string, string> = {};
  if (o.token) headers.authorization = `Bearer ${o.token}`;
  if (o.body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${stack.apiUrl}${path}`, {
    method: o.method ?? (o.body === undefined ? 'GET' : 'POST'), headers,
    body: o.body === undefined ? undefined : JSON.stringify(o.body), signal: AbortSignal.timeout(15_000),
  });
  return { status: res.status, body: (await res.json()) as T };
}

/** A signed-in user the API has seen once (its profile loaded), as after opening the popup. */
async function member(tag: string): Promise<{ user: TestUser; tokens: Tokens }> {
  const ready = await readyUser(stack, tag);
  expect((await api('/api/me', { token: ready.tokens.accessToken })).status).toBe(200);
  return ready;
}

interface Crud { uuid: string; handle: string; message: string; replies_count: number; replies?: Crud[]; reply_to_activity_uuid?: string }

describe('threads, profiles and search', () => {
  it('a user posts, another replies; the thread, the profile and search show both', async () => {
    const [op, fan] = [await member('op'), await member('fan')];
    const posted = await api<Crud>('/api/activities', { token: op.tokens.accessToken, body: { message: `thread by ${op.user.handle}`, ttl: '1-day' } });
    expect(posted.status).toBe(200);
    const reply = await api<Crud>(`/api/activities/${posted.body.uuid}/reply`, { token: fan.tokens.accessToken, body: { message: `reply from ${fan.user.handle}` } });
    expect(reply).toMatchObject({ status: 200, body: { handle: fan.user.handle, reply_to_activity_uuid: posted.body.uuid } });

    const thread = await api<Crud>(`/api/activities/${posted.body.uuid}`);
    expect(thread.body).toMatchObject({ handle: op.user.handle, replies_count: 1 });
    expect(thread.body.replies?.map((r) => r.message)).toEqual([`reply from ${fan.user.handle}`]);

    const profile = await api<Crud[]>(`/api/activities/@${op.user.handle.toUpperCase()}`);
    expect(profile.body.map((a) => a.uuid)).toEqual([posted.body.uuid]);

    const byText = await api<Crud[]>(`/api/activities/search?term=${encodeURIComponent(`THREAD BY ${op.user.handle}`)}`);
    expect(byText.body.map((a) => a.uuid)).toEqual([posted.body.uuid]);
    const byHandle = await api<Crud[]>(`/api/activities/search?term=${encodeURIComponent(fan.user.handle)}`);
    expect(byHandle.body.map((a) => [a.uuid, a.reply_to_activity_uuid])).toEqual([[reply.body.uuid, posted.body.uuid]]);
  });
});

describe('messages and the badge', () => {
  it('two users exchange messages; the badge counts, clears on reading, and the third user sees nothing', async () => {
    const [ann, ben, eve] = [await member('ann'), await member('ben'), await member('eve')];
    const badge = async (t: Tokens) => (await api<{ unread_conversations: number }>('/api/message_groups/unread', { token: t.accessToken })).body.unread_conversations;
    expect(await badge(ben.tokens)).toBe(0);

    const sent = await api<{ message_group_uuid: string }>('/api/messages', { token: ann.tokens.accessToken, body: { user_receiver_handle: ben.user.handle, message: 'hello Ben' } });
    expect(sent.status).toBe(200);
    expect(await badge(ben.tokens)).toBe(1);
    const groups = await api<{ handle: string; unread_count: number }[]>('/api/message_groups', { token: ben.tokens.accessToken });
    expect(groups.body).toEqual([expect.objectContaining({ handle: ann.user.handle, unread_count: 1 })]);

    const read = await api<{ handle: string; message: string }[]>(`/api/messages/@${ann.user.handle}`, { token: ben.tokens.accessToken });
    expect(read.body.map((m) => [m.handle, m.message])).toEqual([[ann.user.handle, 'hello Ben']]);
    expect(await badge(ben.tokens)).toBe(0);

    await api('/api/messages', { token: ben.tokens.accessToken, body: { message_group_uuid: sent.body.message_group_uuid, message: 'hi Ann' } });
    expect(await badge(ann.tokens)).toBe(1);

    expect((await api(`/api/messages/${sent.body.message_group_uuid}`, { token: eve.tokens.accessToken })).status).toBe(404);
    expect((await api('/api/message_groups', { token: eve.tokens.accessToken })).body).toEqual([]);
  });
});

describe('issue 20: one account per handle, and no hidden characters in a profile', () => {
  it('a second account signing up as the same handle in capitals holds none until it picks another', async () => {
    const holder = await member('holder');
    expect((await api(`/api/handles/${holder.user.handle.toUpperCase()}`)).body).toMatchObject({ available: false, reason: 'taken', holder: holder.user.handle });

    const copy = { ...uniqueUser('copy'), name: holder.user.name, handle: holder.user.handle.toUpperCase() };
    await signUp(stack, copy);
    await confirm(stack, copy);
    const tokens = await signIn(stack, copy);
    expect((await api('/api/me', { token: tokens.accessToken })).body).toMatchObject({ handle: null, requested_handle: copy.handle, handle_status: 'taken' });
    const refused = await api('/api/activities', { token: tokens.accessToken, body: { message: 'I am the holder', ttl: '1-hour' } });
    expect(refused).toMatchObject({ status: 409, body: { error: 'handle_taken' } });

    const picked = await api('/api/me/handle', { token: tokens.accessToken, method: 'PUT', body: { handle: `${copy.handle.toLowerCase()}2` } });
    expect(picked).toMatchObject({ status: 200, body: { handle: `${copy.handle.toLowerCase()}2` } });
    const posted = await api<Crud>('/api/activities', { token: tokens.accessToken, body: { message: 'under my own handle', ttl: '1-hour' } });
    expect(posted.body.handle).toBe(`${copy.handle.toLowerCase()}2`);
  });

  it('a name changed in Cognito to hold a right-to-left override: every profile route answers 422, never 500', async () => {
    const { tokens } = await readyUser(stack, 'bidi');
    const cognito = stackCognito(stack);
    try {
      await cognito.send(new UpdateUserAttributesCommand({ AccessToken: tokens.accessToken, UserAttributes: [{ Name: 'name', Value: 'Demo \u202eresU' }] }));
    } finally {
      cognito.destroy();
    }
    for (const path of ['/api/me', '/api/activities/home', '/api/message_groups']) {
      expect(await api(path, { token: tokens.accessToken })).toMatchObject({ status: 422, body: { error: 'invalid_profile', fields: ['name'] } });
    }
    // The badge needs no profile: it still answers, and the public feed is untouched.
    expect((await api('/api/message_groups/unread', { token: tokens.accessToken })).status).toBe(200);
    expect((await api('/api/activities/home')).status).toBe(200);
  });
});
