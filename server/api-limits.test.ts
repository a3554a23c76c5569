// Rate limits over real HTTP: the real server (PGlite) against a fake Cognito, with small limits.
// Every request comes from 127.0.0.1, so the server trusts one proxy and the tests pick the
// client address with X-Forwarded-For; the last describe shows it ignores that header by default.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Activity } from './activity.ts';
import type { ApiServer } from './api-server.ts';
import type { RateLimits } from './rate-limit.ts';
import { startFakeCognito, type FakeCognito, type FakeUser } from './testing/fake-cognito.ts';
import { call, startTestApi } from './testing/harness.ts';

const LIMITS: RateLimits = {
  writesPerUser: { points: 3, seconds: 60 },
  writesPerAddress: { points: 5, seconds: 60 },
  readsPerUser: { points: 8, seconds: 60 },
  readsPerAddress: { points: 6, seconds: 60 },
};

let fake: FakeCognito;
let api: ApiServer;
let n = 0;
/** A user and an address nobody else in this file uses. */
const newUser = (): FakeUser => {
  n += 1;
  const user = { sub: `sub-limits-${n}`, username: `u${n}@example.com`, email: `u${n}@example.com`, name: `User ${n}`, handle: `limits${n}` };
  fake.addUser(user);
  return user;
};
const newAddress = () => `198.51.100.${(n += 1)}`;

beforeAll(async () => {
  fake = await startFakeCognito();
  api = await startTestApi(fake, { rateLimits: LIMITS, trustProxy: 1 });
}, 60_000);
afterAll(async () => {
  await api?.close();
  await fake?.close();
});

const post = (user: FakeUser, address: string, message: string) => call<Activity>(`${api.url}/api/activities`, {
  method: 'POST', token: fake.accessToken(user), headers: { 'x-forwarded-for': address }, body: JSON.stringify({ message, ttl: '1-hour' }),
});
const read = (address: string, o: { token?: string; authorization?: string } = {}) =>
  call(`${api.url}/api/activities/home`, { ...o, headers: { 'x-forwarded-for': address } });

function expectRateLimited(res: Awaited<ReturnType<typeof call>>, windowSeconds: number): void {
  expect(res.status).toBe(429);
  const retryAfter = Number(res.headers.get('retry-after'));
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  expect(retryAfter).toBeLessThanOrEqual(windowSeconds);
  expect(res.body).toEqual({ error: 'rate_limited', error_description: `too many requests, try again in ${retryAfter} s`, retry_after: retryAfter });
}

describe('writes: per user and per address', () => {
  it('the 4th post of a user in a minute → 429 with Retry-After and a JSON body; it is not stored', async () => {
    const user = newUser();
    const address = newAddress();
    const statuses = [];
    for (let i = 1; i <= 3; i += 1) statuses.push((await post(user, address, `limited ${user.sub} #${i}`)).status);
    expect(statuses).toEqual([200, 200, 200]);
    const fourth = await post(user, address, `limited ${user.sub} #4`);
    expectRateLimited(fourth, 60);
    const feed = await call<Activity[]>(`${api.url}/api/activities/@${user.handle}`, { headers: { 'x-forwarded-for': newAddress() } });
    expect(feed.body.map((a) => a.message).sort()).toEqual([1, 2, 3].map((i) => `limited ${user.sub} #${i}`));
  });

  it('the per-user limit follows the user (token sub) across addresses', async () => {
    const user = newUser();
    const statuses = [];
    for (let i = 1; i <= 4; i += 1) statuses.push((await post(user, newAddress(), `roaming #${i}`)).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
  });

  it('the per-address limit holds many users on one address: the 6th post → 429', async () => {
    const address = newAddress();
    const statuses = [];
    for (let i = 1; i <= 6; i += 1) statuses.push((await post(newUser(), address, `crowd #${i}`)).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
  });

  it('posts without a valid token count against the address too (401, 401, …, then 429)', async () => {
    const address = newAddress();
    const statuses = [];
    for (let i = 1; i <= 6; i += 1) {
      const res = await call(`${api.url}/api/activities`, {
        method: 'POST', authorization: 'Bearer not-a-jwt', headers: { 'x-forwarded-for': address }, body: '{}',
      });
      statuses.push(res.status);
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
  });
});

describe('reads: per address and per user', () => {
  it('the 7th anonymous read from one address → 429; another address is still served', async () => {
    const address = newAddress();
    const statuses = [];
    for (let i = 1; i <= 7; i += 1) statuses.push((await read(address)).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 200, 429]);
    expectRateLimited(await read(address), 60);
    expect((await read(newAddress())).status).toBe(200);
  });

  it('Bearer null reads are anonymous and limited by address like any other', async () => {
    const address = newAddress();
    const statuses = [];
    for (let i = 1; i <= 7; i += 1) statuses.push((await read(address, { authorization: 'Bearer null' })).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 200, 429]);
  });

  it('a signed-in user spreading reads over addresses meets the per-user limit at the 9th', async () => {
    const user = newUser();
    const token = fake.accessToken(user);
    const statuses = [];
    for (let i = 1; i <= 9; i += 1) statuses.push((await read(newAddress(), { token })).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 200, 200, 200, 429]);
  });

  it('GET /health is never limited (load balancers poll it)', async () => {
    const statuses = new Set<number>();
    for (let i = 1; i <= 10; i += 1) statuses.add((await call(`${api.url}/health`)).status);
    expect([...statuses]).toEqual([200]);
  });

  it('a web app on a CORS origin can read Retry-After', async () => {
    const res = await fetch(`${api.url}/api/activities/home`, { headers: { origin: 'http://localhost:3000', 'x-forwarded-for': newAddress() } });
    await res.arrayBuffer();
    expect(res.headers.get('access-control-expose-headers')?.toLowerCase().split(',').map((s) => s.trim())).toContain('retry-after');
  });
});

describe('X-Forwarded-For without TRUST_PROXY', () => {
  let plain: ApiServer;
  beforeAll(async () => {
    plain = await startTestApi(fake, { rateLimits: LIMITS });
  }, 60_000);
  afterAll(async () => {
    await plain?.close();
  });

  it('is ignored: a client forging a new address on every read is still one address (127.0.0.1)', async () => {
    const statuses = [];
    for (let i = 1; i <= 7; i += 1) {
      statuses.push((await call(`${plain.url}/api/activities/home`, { headers: { 'x-forwarded-for': newAddress() } })).status);
    }
    expect(statuses).toEqual([200, 200, 200, 200, 200, 200, 429]);
  });
});
