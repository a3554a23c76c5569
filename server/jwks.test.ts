// How often the server fetches the JWKS: once, again only for a new kid, and not for junk kids.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ApiServer } from './api-server.ts';
import { startFakeCognito, type FakeCognito } from './testing/fake-cognito.ts';
import { ALICE, call, startTestApi } from './testing/harness.ts';

let fake: FakeCognito;
let api: ApiServer | undefined;

beforeEach(async () => {
  fake = await startFakeCognito();
  fake.addUser(ALICE);
});
afterEach(async () => {
  await api?.close();
  api = undefined;
  await fake.close();
});

const home = (token: string) => call(`${api?.url}/api/activities/home`, { token });

// Each test boots its own server (PGlite ~2 s, more on a loaded CI box).
describe('JWKS caching', { timeout: 30_000 }, () => {
  it('cold cache, 10 concurrent then 40 sequential requests → one JWKS fetch', async () => {
    api = await startTestApi(fake);
    const token = fake.accessToken(ALICE);
    const first = await Promise.all(Array.from({ length: 10 }, () => home(token)));
    expect(first.map((r) => r.status)).toEqual(Array(10).fill(200));
    for (let i = 0; i < 40; i++) expect((await home(token)).status).toBe(200);
    expect(fake.jwksHits()).toBe(1);
    expect(api.stats()).toEqual({ jwksFetches: 1 });
  });

  it('30 tokens with made-up kids → all 401, at most one extra fetch (penalty box)', async () => {
    api = await startTestApi(fake);
    expect((await home(fake.accessToken(ALICE))).status).toBe(200);
    const results = await Promise.all(Array.from({ length: 30 }, (_, i) => home(fake.accessToken(ALICE, {}, { kid: `junk-${i}` }))));
    for (const res of results) {
      expect(res.status).toBe(401);
      expect(res.body).toEqual({ error: 'invalid_token', error_description: 'unknown signing key' });
    }
    expect(fake.jwksHits()).toBeLessThanOrEqual(2);
    expect(api.stats().jwksFetches).toBe(fake.jwksHits());
  });

  it('key rotation: a token with a newly published kid triggers one re-fetch and is accepted', async () => {
    api = await startTestApi(fake);
    expect((await home(fake.accessToken(ALICE))).status).toBe(200);
    const rotated = fake.addKey('test-key-2');
    const token = fake.accessToken(ALICE, {}, rotated);
    expect((await home(token)).status).toBe(200);
    expect((await home(token)).status).toBe(200);
    expect(fake.jwksHits()).toBe(2);
  });

  it('JWKS unreachable → 503 temporarily_unavailable (not 401: the token may be fine), never 500', async () => {
    api = await startTestApi(fake, { jwksUri: 'http://127.0.0.1:9/nowhere/.well-known/jwks.json' });
    const res = await home(fake.accessToken(ALICE));
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('5');
    expect(res.body).toEqual({ error: 'temporarily_unavailable', error_description: 'cannot fetch the signing keys, try again' });
  });
});
