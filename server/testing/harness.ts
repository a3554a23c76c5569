// Starts the real API server against a FakeCognito, plus small fetch helpers for tests.
import { afterAll, beforeAll } from 'vitest';
import { startApiServer, type ApiServer, type ApiServerOptions } from '../api-server.ts';
import { startFakeCognito, type FakeCognito, type FakeUser } from './fake-cognito.ts';

export const ALICE: FakeUser = { sub: 'sub-alice', username: 'alice@example.com', email: 'alice@example.com', name: 'Alice Liddell', handle: 'alice' };
export const BOB: FakeUser = { sub: 'sub-bob', username: 'bob@example.com', email: 'bob@example.com', name: 'Bob Builder', handle: 'bob' };

/**
 * Limits high enough that a test file's many requests from 127.0.0.1 are never refused, while
 * every request still goes through the limiter and its store. Tests of the limits pass their own.
 */
export const GENEROUS_LIMITS = {
  writesPerUser: { points: 100_000, seconds: 60 },
  writesPerAddress: { points: 100_000, seconds: 60 },
  readsPerUser: { points: 100_000, seconds: 60 },
  readsPerAddress: { points: 100_000, seconds: 60 },
};

export function startTestApi(fake: FakeCognito, o: Partial<ApiServerOptions> = {}): Promise<ApiServer> {
  return startApiServer({
    host: '127.0.0.1',
    port: 0,
    issuer: fake.issuer,
    jwksUri: fake.jwksUri,
    userPoolId: fake.poolId,
    region: 'us-east-1',
    clientIds: [fake.clientId],
    cognitoEndpoint: fake.url,
    local: true,
    corsOrigins: ['http://localhost:3000'],
    rateLimits: GENEROUS_LIMITS,
    ...o,
  });
}

export interface JsonResponse<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
}

export async function call<T = unknown>(
  url: string,
  o: { method?: string; authorization?: string; token?: string; body?: string; headers?: Record<string, string> } = {},
): Promise<JsonResponse<T>> {
  const headers: Record<string, string> = { ...o.headers };
  if (o.token !== undefined) headers.authorization = `Bearer ${o.token}`;
  if (o.authorization !== undefined) headers.authorization = o.authorization;
  if (o.body !== undefined) headers['content-type'] ??= 'application/json';
  const res = await fetch(url, { method: o.method ?? 'GET', headers, body: o.body });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: (text ? JSON.parse(text) : null) as T };
}

/**
 * A test file's API: a fake Cognito and the real server, started before its tests and closed
 * after them, and `newUser()` for a fresh account the fake knows (`<tag><n>` as its handle).
 */
export function useTestApi(tag: string) {
  let fake: FakeCognito | undefined;
  let api: ApiServer | undefined;
  let n = 0;
  beforeAll(async () => {
    fake = await startFakeCognito();
    api = await startTestApi(fake);
  }, 60_000);
  afterAll(async () => {
    await api?.close();
    await fake?.close();
  });
  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('useTestApi: the API is started in beforeAll; use it inside a test');
    return value;
  };
  return {
    get fake(): FakeCognito {
      return started(fake);
    },
    get api(): ApiServer {
      return started(api);
    },
    newUser(o: Partial<FakeUser> = {}): FakeUser {
      n += 1;
      const name = `${tag[0]?.toUpperCase()}${tag.slice(1)} ${n}`;
      const user = { sub: `sub-${tag}-${n}`, username: `${tag}${n}@example.com`, email: `${tag}${n}@example.com`, name, handle: `${tag}${n}`, ...o };
      started(fake).addUser(user);
      return user;
    },
  };
}
