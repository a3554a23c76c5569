// Starts the real API server against a FakeCognito, plus small fetch helpers for tests.
import { startApiServer, type ApiServer, type ApiServerOptions } from '../api-server.ts';
import type { FakeCognito, FakeUser } from './fake-cognito.ts';

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
