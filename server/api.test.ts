// The real API server (local:true) against a fake Cognito over real HTTP: tokens are signed in
// the test with a fresh RSA key and verified by the server against the fake's JWKS.
import { generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Activity } from './activity.ts';
import type { ApiServer } from './api-server.ts';
import { startFakeCognito, type FakeCognito } from './testing/fake-cognito.ts';
import { ALICE, BOB, call, startTestApi } from './testing/harness.ts';

let fake: FakeCognito;
let api: ApiServer;
const now = () => Math.floor(Date.now() / 1000);

beforeAll(async () => {
  fake = await startFakeCognito();
  fake.addUser(ALICE);
  fake.addUser(BOB);
  api = await startTestApi(fake);
}, 60_000);
afterAll(async () => {
  await api?.close();
  await fake?.close();
});

describe('home feed', () => {
  it('no Authorization header → anonymous public feed of Cruddur mock cruds, no welcome crud', async () => {
    const res = await call<Activity[]>(`${api.url}/api/activities/home`);
    expect(res.status).toBe(200);
    const cloud = res.body.find((a) => a.message === 'Cloud is fun!');
    expect(cloud).toMatchObject({ handle: 'andrewbrown', display_name: 'Andrew Brown', likes_count: 5, replies_count: 1, reposts_count: 0 });
    expect(cloud?.replies?.[0]).toMatchObject({ handle: 'worf', message: 'This post has no honor!' });
    expect(res.body.map((a) => a.handle)).toEqual(expect.arrayContaining(['andrewbrown', 'worf', 'garek']));
    expect(res.body.some((a) => a.handle === 'cruddur')).toBe(false);
    for (const a of res.body) expect(new Date(a.created_at).toISOString()).toBe(a.created_at);
  });

  it('valid access token → personalised feed with a welcome crud from @cruddur addressed to @alice', async () => {
    const res = await call<Activity[]>(`${api.url}/api/activities/home`, { token: fake.accessToken(ALICE) });
    expect(res.status).toBe(200);
    const welcome = res.body.filter((a) => a.handle === 'cruddur');
    expect(welcome).toHaveLength(1);
    expect(welcome[0]?.message).toContain('@alice');
    expect(res.body.some((a) => a.message === 'Cloud is fun!')).toBe(true);
    // Bob does not see Alice's welcome.
    const bob = await call<Activity[]>(`${api.url}/api/activities/home`, { token: fake.accessToken(BOB) });
    expect(bob.body.filter((a) => a.handle === 'cruddur').map((a) => a.message)).toEqual([expect.stringContaining('@bob')]);
  });

  it('the scheme name is case-insensitive (RFC 7235): "bearer <token>" is accepted', async () => {
    const res = await call<Activity[]>(`${api.url}/api/activities/home`, { authorization: `bearer ${fake.accessToken(ALICE)}` });
    expect(res.status).toBe(200);
    expect(res.body.some((a) => a.handle === 'cruddur')).toBe(true);
  });
});

// Each row: scenario, Authorization header value (built once the fake pool exists), reason.
const bad: [string, () => string, string][] = [
  ['expired token', () => `Bearer ${fake.accessToken(ALICE, { iat: now() - 7200, exp: now() - 60 })}`, 'token expired'],
  ['payload tampered after signing', () => {
    const [h, , s] = fake.accessToken(ALICE).split('.');
    const forged = Buffer.from(JSON.stringify({ sub: BOB.sub, token_use: 'access', client_id: fake.clientId, iss: fake.issuer, exp: now() + 600 })).toString('base64url');
    return `Bearer ${h}.${forged}.${s}`;
  }, 'bad signature'],
  ['signed by a key not in the JWKS (same kid)', () => `Bearer ${fake.accessToken(ALICE, {}, { privateKey: generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey })}`, 'bad signature'],
  ['ID token (token_use "id")', () => `Bearer ${fake.accessToken(ALICE, { token_use: 'id', aud: fake.clientId, client_id: undefined })}`, 'not an access token'],
  ['token of another app client', () => `Bearer ${fake.accessToken(ALICE, { client_id: 'someone-elses-client' })}`, 'token of another client'],
  ['wrong issuer', () => `Bearer ${fake.accessToken(ALICE, { iss: 'http://127.0.0.1:1/local_other' })}`, 'wrong issuer'],
  // An unsigned token fails at parsing (no signature part); one with junk appended fails the alg check.
  ['alg none, unsigned', () => `Bearer ${fake.accessToken(ALICE, {}, { alg: 'none' })}`, 'malformed token'],
  ['alg none with a signature part', () => `Bearer ${fake.accessToken(ALICE, {}, { alg: 'none' })}c2ln`, 'unsupported signature algorithm'],
  ['HS256 signed with the public key', () => `Bearer ${fake.accessToken(ALICE, {}, { alg: 'HS256' })}`, 'unsupported signature algorithm'],
  ['no exp claim', () => `Bearer ${fake.accessToken(ALICE, { exp: undefined })}`, 'malformed token'],
  ['no kid in the header', () => `Bearer ${fake.accessToken(ALICE, {}, { kid: null })}`, 'token has no key id'],
  ['unknown kid', () => `Bearer ${fake.accessToken(ALICE, {}, { kid: 'made-up' })}`, 'unknown signing key'],
  ['garbage token', () => 'Bearer garbage', 'token is not a JWT'],
  ['three garbage segments', () => 'Bearer aaa.bbb.ccc', 'malformed token'],
  ['empty header value', () => '', 'empty authorization header'],
  ['Bearer NULL (only the exact strings mean signed out)', () => 'Bearer NULL', 'token is not a JWT'],
  ['Bearer "null" in quotes', () => 'Bearer "null"', 'token is not a JWT'],
  ['Bearer null plus an extra part', () => 'Bearer null x', 'authorization header has extra parts'],
  ['Basic null', () => 'Basic null', 'authorization scheme must be Bearer'],
  ['extra parts', () => 'Bearer a b', 'authorization header has extra parts'],
  ['valid token plus extra part', () => `Bearer ${fake.accessToken(ALICE)} extra`, 'authorization header has extra parts'],
  ['Basic scheme', () => 'Basic YWxpY2U6c2VjcmV0', 'authorization scheme must be Bearer'],
  ['token without scheme', () => fake.accessToken(ALICE), 'authorization scheme must be Bearer'],
  ['oversized token (100 KB)', () => `Bearer ${'a'.repeat(50_000)}.${'b'.repeat(50_000)}.c`, 'token too large'],
  ['oversized token (20 KB)', () => `Bearer ${'a'.repeat(20_000)}.b.c`, 'token too large'],
];

// Cruddur's web app sends `Bearer ${localStorage.getItem('access_token')}`, so when signed out
// its header is one of these; it must get the public feed, as with no header at all.
const signedOut: [string, string][] = [
  ['Bearer null', 'Bearer null'],
  ['Bearer undefined', 'Bearer undefined'],
  ['bearer null (scheme in lower case)', 'bearer null'],
  ['Bearer with nothing after it', 'Bearer'],
  ['Bearer and a trailing space', 'Bearer '],
];

describe("Cruddur's signed-out header (Bearer null) → anonymous, as if there were no header", () => {
  it.each(signedOut)('GET home with %s → 200, the public feed without anyone\'s welcome crud', async (_name, header) => {
    const anonymous = await call<Activity[]>(`${api.url}/api/activities/home`);
    const res = await call<Activity[]>(`${api.url}/api/activities/home`, { authorization: header });
    expect(res.status).toBe(200);
    expect(res.body.map((a) => a.uuid)).toEqual(anonymous.body.map((a) => a.uuid));
    expect(res.body.some((a) => a.handle === 'cruddur')).toBe(false);
  });

  it.each(signedOut)('GET /api/me and POST with %s → 401 missing_token: writes still need a real token', async (_name, header) => {
    const me = await call(`${api.url}/api/me`, { authorization: header });
    const post = await call(`${api.url}/api/activities`, { method: 'POST', authorization: header, body: '{"message":"as nobody","ttl":"1-hour"}' });
    for (const res of [me, post]) {
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toBe('Bearer');
      expect(res.body).toEqual({ error: 'missing_token', error_description: 'this route needs an access token' });
    }
    const feed = await call<Activity[]>(`${api.url}/api/activities/home`);
    expect(feed.body.some((a) => a.message === 'as nobody')).toBe(false);
  });
});

describe('invalid credentials → 401 invalid_token, never anonymous, never 500', () => {
  it.each(bad)('GET home with %s → 401', async (_name, header, reason) => {
    const res = await call(`${api.url}/api/activities/home`, { authorization: header() });
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe('Bearer error="invalid_token"');
    expect(res.body).toEqual({ error: 'invalid_token', error_description: reason });
  });

  it.each(bad)('GET /api/me and POST with %s → 401', async (_name, header, reason) => {
    const me = await call(`${api.url}/api/me`, { authorization: header() });
    const post = await call(`${api.url}/api/activities`, { method: 'POST', authorization: header(), body: '{"message":"hi","ttl":"1-hour"}' });
    for (const res of [me, post]) {
      expect(res.status).toBe(401);
      expect(res.body).toEqual({ error: 'invalid_token', error_description: reason });
    }
  });

  it('a header beyond the server limit (200 KB) is refused by Node with 431, still not a 500', async () => {
    const res = await fetch(`${api.url}/api/activities/home`, { headers: { authorization: `Bearer ${'a'.repeat(200_000)}` } });
    expect(res.status).toBe(431);
  });
});

describe('/api/me', () => {
  it('valid token → who Cognito GetUser says the caller is', async () => {
    const res = await call(`${api.url}/api/me`, { token: fake.accessToken(ALICE) });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ sub: ALICE.sub, username: ALICE.username, email: ALICE.email, name: ALICE.name, handle: 'alice', requested_handle: 'alice', handle_status: 'claimed' });
  });

  it('no token → 401 with a bare Bearer challenge and missing_token', async () => {
    const res = await call(`${api.url}/api/me`);
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe('Bearer');
    expect(res.body).toEqual({ error: 'missing_token', error_description: 'this route needs an access token' });
  });

  it('profile is read from GetUser once, then cached across requests', async () => {
    const carol = { sub: 'sub-carol', username: 'carol@example.com', email: 'carol@example.com', name: 'Carol', handle: 'carol' };
    fake.addUser(carol);
    const before = fake.getUserHits();
    const token = fake.accessToken(carol);
    const results = await Promise.all(Array.from({ length: 5 }, () => call(`${api.url}/api/me`, { token })));
    expect(results.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    expect(fake.getUserHits() - before).toBe(1);
  });

  it('a signed token that Cognito reports revoked on first sight → 401 token revoked', async () => {
    const dave = { sub: 'sub-dave', username: 'dave@example.com', email: 'dave@example.com', name: 'Dave', handle: 'dave' };
    fake.addUser(dave);
    const token = fake.accessToken(dave);
    fake.revoke(token);
    const res = await call(`${api.url}/api/me`, { token });
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ error: 'invalid_token', error_description: 'token revoked' });
    // Recorded in the shared store: the next request is refused without asking Cognito again.
    const hits = fake.getUserHits();
    const again = await call(`${api.url}/api/activities/home`, { token });
    expect({ status: again.status, body: again.body, getUserCalls: fake.getUserHits() - hits })
      .toEqual({ status: 401, body: { error: 'invalid_token', error_description: 'token revoked' }, getUserCalls: 0 });
  });
});

describe('POST /api/activities', () => {
  it.each<[string, unknown, string[]]>([
    ['empty body object', {}, ['message_blank', 'ttl_blank']],
    ['blank message', { message: '   ', ttl: '7-days' }, ['message_blank']],
    ['281-character message', { message: 'x'.repeat(281), ttl: '1-day' }, ['message_exceed_max_chars']],
    ['missing ttl', { message: 'hello' }, ['ttl_blank']],
    ['ttl not in Cruddur list', { message: 'hello', ttl: '2-weeks' }, ['ttl_invalid']],
    ['JSON null', null, ['message_blank', 'ttl_blank']],
    ['a message of NULs only (PostgreSQL cannot store NUL)', { message: '\u0000\u0000', ttl: '1-day' }, ['message_blank']],
  ])('%s → 422 %j', async (_name, body, codes) => {
    const res = await call(`${api.url}/api/activities`, { method: 'POST', token: fake.accessToken(ALICE), body: JSON.stringify(body) });
    expect(res.status).toBe(422);
    expect(res.body).toEqual(codes);
  });

  it.each([['truncated JSON', '{"message": "hi"'], ['not JSON at all', 'message=hi'], ['empty body', '']])(
    '%s → 400 invalid_json', async (_name, body) => {
      const res = await call(`${api.url}/api/activities`, { method: 'POST', token: fake.accessToken(ALICE), body });
      expect(res.status).toBe(400);
      expect(res.body).toEqual({ error: 'invalid_json', error_description: 'the body must be a JSON object' });
    });

  it.each<[string, string]>([
    ['text/plain (what fetch sends for a string body, and HTML forms)', 'text/plain;charset=UTF-8'],
    ['a form post', 'application/x-www-form-urlencoded'],
    ['multipart', 'multipart/form-data; boundary=x'],
    ['a look-alike type', 'application/jsonx'],
    ['text/json', 'text/json'],
    ['JSON in another charset', 'application/json; charset=latin1'],
  ])('Content-Type %s → 415 JSON, nothing stored', async (_name, type) => {
    const message = `typed ${type}`;
    const res = await call(`${api.url}/api/activities`, {
      method: 'POST', token: fake.accessToken(ALICE), body: JSON.stringify({ message, ttl: '1-hour' }), headers: { 'content-type': type },
    });
    expect(res.status).toBe(415);
    expect(res.body).toEqual({ error: 'unsupported_media_type', error_description: 'the body must be sent as application/json' });
    const feed = await call<Activity[]>(`${api.url}/api/activities/home`);
    expect(feed.body.some((a) => a.message === message)).toBe(false);
  });

  it('no Content-Type at all → 415', async () => {
    const res = await fetch(`${api.url}/api/activities`, {
      method: 'POST',
      headers: { authorization: `Bearer ${fake.accessToken(ALICE)}` },
      body: new TextEncoder().encode('{"message":"untyped","ttl":"1-hour"}'),
    });
    expect({ status: res.status, body: await res.json() }).toEqual({ status: 415, body: { error: 'unsupported_media_type', error_description: 'the body must be sent as application/json' } });
  });

  it.each([['application/json'], ['Application/JSON; charset=UTF-8'], ['application/json;charset="utf-8"']])(
    'Content-Type %s is accepted → 200', async (type) => {
      const res = await call<Activity>(`${api.url}/api/activities`, {
        method: 'POST', token: fake.accessToken(ALICE), body: JSON.stringify({ message: `as ${type}`, ttl: '1-hour' }), headers: { 'content-type': type },
      });
      expect(res.status).toBe(200);
      expect(res.body.message).toBe(`as ${type}`);
    });

  it('no token → 401 missing_token, nothing stored', async () => {
    const res = await call(`${api.url}/api/activities`, { method: 'POST', body: '{"message":"anon","ttl":"1-hour"}' });
    expect(res.status).toBe(401);
    expect(res.body).toMatchObject({ error: 'missing_token' });
    const feed = await call<Activity[]>(`${api.url}/api/activities/home`);
    expect(feed.body.some((a) => a.message === 'anon')).toBe(false);
  });

  it('a posted crud is returned as an Activity and shows first in the author\'s feed and @handle list', async () => {
    const token = fake.accessToken(BOB);
    const res = await call<Activity>(`${api.url}/api/activities`, { method: 'POST', token, body: JSON.stringify({ message: 'Building in the cloud', ttl: '7-days' }) });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ display_name: 'Bob Builder', handle: 'bob', message: 'Building in the cloud', likes_count: 0, replies_count: 0, reposts_count: 0 });
    expect(res.body.uuid).toMatch(/^[0-9a-f-]{36}$/);
    expect(Date.parse(res.body.expires_at) - Date.parse(res.body.created_at)).toBe(7 * 24 * 3_600_000);

    const home = await call<Activity[]>(`${api.url}/api/activities/home`, { token });
    expect(home.body[0]).toMatchObject({ uuid: res.body.uuid, message: 'Building in the cloud' });
    const mine = await call<Activity[]>(`${api.url}/api/activities/@bob`);
    expect(mine.status).toBe(200);
    expect(mine.body.map((a) => a.message)).toEqual(['Building in the cloud']);
  });

  it('a NUL inside a message is dropped, not a 500', async () => {
    const res = await call<Activity>(`${api.url}/api/activities`, { method: 'POST', token: fake.accessToken(ALICE), body: JSON.stringify({ message: 'nu\u0000ll', ttl: '1-day' }) });
    expect(res.status).toBe(200);
    expect(res.body.message).toBe('null');
  });

  it('a body over 16 KB → 413 JSON', async () => {
    const res = await call(`${api.url}/api/activities`, { method: 'POST', token: fake.accessToken(ALICE), body: JSON.stringify({ message: 'x'.repeat(20_000), ttl: '1-hour' }) });
    expect(res.status).toBe(413);
    expect(res.body).toEqual({ error: 'body_too_large' });
  });
});

describe('other routes', () => {
  it('GET /api/activities/@worf → only Worf\'s top-level cruds', async () => {
    const res = await call<Activity[]>(`${api.url}/api/activities/@worf`);
    expect(res.status).toBe(200);
    expect(res.body.map((a) => [a.handle, a.message])).toEqual([['worf', 'I am out of prune juice']]);
  });

  it.each([['@nobody'], ['@wo%00rf']])('GET /api/activities/%s → 404 JSON', async (handle) => {
    const res = await call(`${api.url}/api/activities/${handle}`);
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ error: 'not_found', error_description: 'no such handle' });
  });

  it('GET /health → {ok:true}; unknown route → 404 JSON', async () => {
    expect((await call(`${api.url}/health`)).body).toEqual({ ok: true });
    const res = await call(`${api.url}/api/nope`);
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ error: 'not_found' });
  });

  it('CORS preflight from the web-app origin allows Authorization; other origins get no CORS headers', async () => {
    const preflight = (origin: string) => fetch(`${api.url}/api/activities/home`, {
      method: 'OPTIONS',
      headers: { origin, 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' },
    });
    const ok = await preflight('http://localhost:3000');
    expect(ok.status).toBe(204);
    expect(ok.headers.get('access-control-allow-origin')).toBe('http://localhost:3000');
    expect(ok.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('authorization');
    const other = await preflight('https://evil.example');
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });
});
