// The stand-in for the original Cruddur backend (test/support/original-backend.ts) against the
// real local stack's tokens, and the fixture files of both backends (test/support/fixtures/):
// the stand-in answers what the original's services do, and each fixture file is still what
// its backend answers, so tests of the extension's tolerant model read real shapes.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { captureOriginal, captureOurs, FIXTURE_TIME, type Fixtures } from '../support/fixtures/capture.ts';
import { startOriginalBackend, type OriginalBackend } from '../support/original-backend.ts';
import { readyUser, type Tokens } from '../support/users.ts';

const stack = inject('stack');
const FIXTURES = new URL('../support/fixtures/', import.meta.url).pathname;
let backend: OriginalBackend;
let tokens: Tokens;
let otherClient: Tokens;

beforeAll(async () => {
  backend = await startOriginalBackend({ jwksUri: `${stack.issuer}/.well-known/jwks.json`, clientId: stack.clientId, now: () => FIXTURE_TIME.getTime() });
  ({ tokens } = await readyUser(stack, 'original'));
  ({ tokens: otherClient } = await readyUser(stack, 'otherclient', stack.shortLivedClientId));
});
afterAll(async () => {
  await backend?.close();
});

function readFixtures(dir: string): Fixtures {
  return Object.fromEntries(readdirSync(join(FIXTURES, dir)).filter((f) => f.endsWith('.json'))
    .map((f) => [f.slice(0, -5), JSON.parse(readFileSync(join(FIXTURES, dir, f), 'utf8')) as Fixtures[string]]));
}

async function send(path: string, o: { authorization?: string; body?: string; type?: string } = {}) {
  const headers: Record<string, string> = {};
  if (o.authorization) headers.authorization = o.authorization;
  if (o.body !== undefined) headers['content-type'] = o.type ?? 'application/json';
  const res = await fetch(`${backend.url}${path}`, { method: o.body === undefined ? 'GET' : 'POST', headers, body: o.body });
  const text = await res.text();
  return { status: res.status, type: res.headers.get('content-type') ?? '', text, body: res.headers.get('content-type')?.includes('json') ? JSON.parse(text) as unknown : text };
}

const original = readFixtures('original');
const fixture = (name: string) => original[name]?.body;
/** A posted answer with its random uuid replaced by the fixture's. */
const withFixtureUuid = (body: unknown, name: string) => ({ ...(body as object), uuid: (fixture(name) as { uuid: string }).uuid });

describe('the stand-in answers as the original backend does', () => {
  it.each([
    ['no token', undefined, 'home-anonymous'],
    ["Cruddur's signed-out header", 'Bearer null', 'home-anonymous'],
    ['garbage', 'Bearer garbage', 'home-anonymous'],
    ['a valid access token', 'access', 'home-signed-in'],
    ['an ID token (no token_use check)', 'id', 'home-signed-in'],
    ["another app client's token: rejected, yet 200 and the public feed", 'other', 'home-anonymous'],
  ])('GET /api/activities/home with %s → 200 %s', async (_name, kind, name) => {
    const authorization = kind === 'access' ? `Bearer ${tokens.accessToken}` : kind === 'id' ? `Bearer ${tokens.idToken}` : kind === 'other' ? `Bearer ${otherClient.accessToken}` : kind;
    const res = await send('/api/activities/home', { authorization });
    expect({ status: res.status, body: res.body }).toEqual({ status: 200, body: fixture(name) });
  });

  it.each([
    ['/api/activities/@anyone', 'activities-by-handle'],
    ['/api/activities/search?term=cloud', 'search'],
    ['/api/activities/68f126b0-1ceb-4a33-88be-d90fa7109eee', 'activity-show'],
    ['/api/message_groups', 'message-groups'],
    ['/api/messages/@worf', 'messages'],
  ])('GET %s → its fixture', async (path, name) => {
    expect(await send(path)).toMatchObject({ status: 200, body: fixture(name) });
  });

  it('its JSON is Flask\'s: keys sorted, times with microseconds and +00:00, some naive', async () => {
    const res = await send('/api/activities/home');
    expect(res.text.indexOf('"created_at"')).toBeLessThan(res.text.indexOf('"handle"'));
    expect((res.body as { created_at: string }[])[0]?.created_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}\+00:00$/);
    expect((await send('/api/activities/@x')).text).toMatch(/"created_at":"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}"/);
  });

  it('POST /api/activities ignores the token, writes as andrewbrown, accepts a crud of spaces, stores nothing', async () => {
    const posted = await send('/api/activities', { body: JSON.stringify({ message: 'Hello from the extension', ttl: '1-day' }) });
    expect({ status: posted.status, body: withFixtureUuid(posted.body, 'activity-create') }).toEqual({ status: 200, body: fixture('activity-create') });
    expect((await send('/api/activities', { body: JSON.stringify({ message: '   ', ttl: '1-day' }) })).status).toBe(200);
    expect(await send('/api/activities', { body: JSON.stringify({ message: '', ttl: '1-day' }) })).toMatchObject({ status: 422, body: fixture('activity-create-blank') });
    expect(backend.received().map((r) => r.body)).toEqual([{ message: 'Hello from the extension', ttl: '1-day' }, { message: '   ', ttl: '1-day' }]);
    expect(await send('/api/activities/home')).toMatchObject({ body: fixture('home-anonymous') });
  });

  it.each([
    ['a body without ttl (KeyError)', 500, '/api/activities', '{"message":"hi"}', 'application/json'],
    ['a form post', 415, '/api/activities', 'message=hi&ttl=1-day', 'application/x-www-form-urlencoded'],
    ['broken JSON', 400, '/api/activities', '{"message":', 'application/json'],
    ['a blank reply (NameError in create_reply.py)', 500, '/api/activities/x/reply', '{"message":""}', 'application/json'],
    ['a message without user_receiver_handle', 500, '/api/messages', '{"message":"hi"}', 'application/json'],
  ])('%s → %i with an HTML page, as Flask answers', async (_name, status, path, body, type) => {
    const res = await send(path, { body, type });
    expect({ status: res.status, html: res.type.startsWith('text/html') }).toEqual({ status, html: true });
  });

  it('replies and messages answer the original\'s shapes; an unknown route is an HTML 404', async () => {
    const reply = await send('/api/activities/68f126b0-1ceb-4a33-88be-d90fa7109eee/reply', { body: '{"message":"A reply"}' });
    expect(withFixtureUuid(reply.body, 'reply-create')).toEqual(fixture('reply-create'));
    const message = await send('/api/messages', { body: JSON.stringify({ user_receiver_handle: 'worf', message: 'Hello Worf' }) });
    expect(withFixtureUuid(message.body, 'message-create')).toEqual(fixture('message-create'));
    expect(await send('/api/messages', { body: JSON.stringify({ user_receiver_handle: 'worf', message: '' }) })).toMatchObject({ status: 422, body: fixture('message-create-blank') });
    expect((await send('/api/message_groups/unread')).status).toBe(404);
  });
});

describe('the fixture files are what the backends answer', () => {
  it('original/*.json: the original\'s services at the fixtures\' time', () => {
    expect(original).toEqual(captureOriginal());
  });

  it('ours/*.json: our API at the fixtures\' time (regenerate with npx tsx test/support/fixtures/write.ts)', { timeout: 120_000 }, async () => {
    expect(readFixtures('ours')).toEqual(await captureOurs());
  });
});
