// Threads, replies and search over real HTTP: the real server (PGlite) against a fake Cognito.
import { describe, expect, it } from 'vitest';
import type { Activity } from './activity.ts';
import type { ListedActivity } from './store.ts';
import type { FakeUser } from './testing/fake-cognito.ts';
import { call, useTestApi } from './testing/harness.ts';

const CLOUD = '68f126b0-1ceb-4a33-88be-d90fa7109eee';
const t = useTestApi('thread');
const newUser = (): FakeUser => t.newUser();

const reply = (user: FakeUser | null, uuid: string, body: unknown) => call<ListedActivity | string[]>(`${t.api.url}/api/activities/${uuid}/reply`, {
  method: 'POST', token: user ? t.fake.accessToken(user) : undefined, body: JSON.stringify(body),
});

describe('GET /api/activities/<uuid>', () => {
  it('anonymous: the seeded crud with its reply, in the feed\'s Activity shape', async () => {
    const res = await call<ListedActivity>(`${t.api.url}/api/activities/${CLOUD}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ uuid: CLOUD, handle: 'andrewbrown', display_name: 'Andrew Brown', message: 'Cloud is fun!', likes_count: 5 });
    expect(res.body.replies?.[0]).toMatchObject({ handle: 'worf', message: 'This post has no honor!' });
  });

  it.each([
    ['an unknown uuid', '00000000-0000-4000-8000-000000000000', 404],
    ['not a uuid', 'not-a-uuid', 404],
    ['a uuid one character short', CLOUD.slice(0, -1), 404],
  ])('%s → 404 JSON', async (_name, uuid, status) => {
    const res = await call(`${t.api.url}/api/activities/${uuid}`);
    expect(res.status).toBe(status);
    expect(res.body).toMatchObject({ error: 'not_found' });
  });

  it('a bad token is a 401 here too, never the public answer', async () => {
    const res = await call(`${t.api.url}/api/activities/${CLOUD}`, { authorization: 'Bearer aaa.bbb.ccc' });
    expect(res.status).toBe(401);
  });

  it('the welcome crud addressed to a user is visible to that user only', async () => {
    const user = newUser();
    const feed = await call<Activity[]>(`${t.api.url}/api/activities/home`, { token: t.fake.accessToken(user) });
    const welcome = feed.body.find((a) => a.handle === 'cruddur');
    if (!welcome) throw new Error('no welcome crud');
    expect((await call(`${t.api.url}/api/activities/${welcome.uuid}`, { token: t.fake.accessToken(user) })).status).toBe(200);
    expect((await call(`${t.api.url}/api/activities/${welcome.uuid}`)).status).toBe(404);
    expect((await call(`${t.api.url}/api/activities/${welcome.uuid}`, { token: t.fake.accessToken(newUser()) })).status).toBe(404);
  });
});

describe('POST /api/activities/<uuid>/reply', () => {
  it('a reply is stored under the caller\'s handle, counted on the parent, and shown in its thread', async () => {
    const user = newUser();
    const before = await call<ListedActivity>(`${t.api.url}/api/activities/${CLOUD}`);
    const res = await reply(user, CLOUD, { message: '  Honor is overrated  ' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ handle: user.handle, display_name: user.name, message: 'Honor is overrated', reply_to_activity_uuid: CLOUD, replies_count: 0 });
    const after = await call<ListedActivity>(`${t.api.url}/api/activities/${CLOUD}`);
    expect(after.body.replies_count).toBe((before.body.replies_count ?? 0) + 1);
    expect(after.body.replies?.at(-1)).toMatchObject({ handle: user.handle, message: 'Honor is overrated' });
  });

  it.each<[string, unknown, string[]]>([
    ['an empty body', {}, ['message_blank']],
    ['only spaces', { message: '   ' }, ['message_blank']],
    ['only a NUL', { message: '\0' }, ['message_blank']],
    ['a number', { message: 42 }, ['message_blank']],
    ['281 characters', { message: 'x'.repeat(281) }, ['message_exceed_max_chars']],
  ])('%s → 422 with the original\'s codes', async (_name, body, codes) => {
    const res = await reply(newUser(), CLOUD, body);
    expect({ status: res.status, body: res.body }).toEqual({ status: 422, body: codes });
  });

  it.each([
    ['no token', null, CLOUD, 401],
    ['an unknown crud', 'user', '00000000-0000-4000-8000-000000000000', 404],
  ])('%s → %s', async (_name, who, uuid, status) => {
    const res = await reply(who ? newUser() : null, uuid as string, { message: 'hello' });
    expect(res.status).toBe(status);
  });

  it('415 for a form post and 400 for broken JSON, as for cruds', async () => {
    const token = t.fake.accessToken(newUser());
    const form = await call(`${t.api.url}/api/activities/${CLOUD}/reply`, { method: 'POST', token, body: 'message=hi', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    const broken = await call(`${t.api.url}/api/activities/${CLOUD}/reply`, { method: 'POST', token, body: '{"message":' });
    expect([form.status, broken.status]).toEqual([415, 400]);
  });
});

describe('GET /api/activities/search', () => {
  it('finds cruds by text, case-insensitively, newest first, replies marked', async () => {
    const user = newUser();
    const tag = `needle${user.handle}`;
    await call(`${t.api.url}/api/activities`, { method: 'POST', token: t.fake.accessToken(user), body: JSON.stringify({ message: `a ${tag}`, ttl: '1-hour' }) });
    await reply(user, CLOUD, { message: `b ${tag.toUpperCase()}` });
    const res = await call<ListedActivity[]>(`${t.api.url}/api/activities/search?term=${tag}`);
    expect(res.status).toBe(200);
    expect(res.body.map((a) => [a.message, a.reply_to_activity_uuid])).toEqual([[`b ${tag.toUpperCase()}`, CLOUD], [`a ${tag}`, undefined]]);
  });

  it.each<[string, string, string[]]>([
    ['no term', '', ['search_term_blank']],
    ['a blank term', '?term=%20%20', ['search_term_blank']],
    ['101 characters', `?term=${'x'.repeat(101)}`, ['search_term_exceed_max_chars']],
    ['a NUL', '?term=a%00b', ['search_term_invalid']],
    ['a right-to-left override', '?term=a%E2%80%AEb', ['search_term_invalid']],
  ])('%s → 422 %j', async (_name, query, codes) => {
    const res = await call(`${t.api.url}/api/activities/search${query}`);
    expect({ status: res.status, body: res.body }).toEqual({ status: 422, body: codes });
  });

  it('SQL wildcards are literal: "%" alone matches only cruds with a % in them', async () => {
    const res = await call<ListedActivity[]>(`${t.api.url}/api/activities/search?term=%25`);
    expect(res.status).toBe(200);
    expect(res.body.every((a) => a.message.includes('%') || a.handle.includes('%') || a.display_name.includes('%'))).toBe(true);
  });
});
