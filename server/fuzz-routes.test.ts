// Fuzzing the routes of issue 25 (threads, replies, search, messages, handles): hostile paths,
// queries and bodies, with and without a token, from a seeded PRNG. Every answer is JSON and
// none is a 5xx.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiServer } from './api-server.ts';
import { startFakeCognito, type FakeCognito } from './testing/fake-cognito.ts';
import { bodyCase, prng, segment } from './testing/fuzz-inputs.ts';
import { ALICE, startTestApi } from './testing/harness.ts';

let fake: FakeCognito;
let api: ApiServer;

beforeAll(async () => {
  fake = await startFakeCognito();
  fake.addUser(ALICE);
  api = await startTestApi(fake);
}, 60_000);
afterAll(async () => {
  await api?.close();
  await fake?.close();
});

describe('route fuzzing: every route of issue 25 answers hostile paths, queries and bodies with JSON 4xx, never a 5xx', { timeout: 120_000 }, () => {
  const ROUTES: ((s: string) => string)[] = [
    (s) => `/api/activities/${s}`,
    (s) => `/api/activities/@${s}`,
    (s) => `/api/activities/search?term=${s}`,
    (s) => `/api/messages/@${s}`,
    (s) => `/api/messages/${s}`,
    (s) => `/api/handles/${s}`,
    (s) => `/api/activities/${s}/reply`,
  ];
  const WRITES = ['/api/messages', '/api/activities/68f126b0-1ceb-4a33-88be-d90fa7109eee/reply', '/api/me/handle'];

  it('350 hostile paths and queries, with and without a token → no 5xx, JSON bodies', async () => {
    const r = prng(9);
    const token = fake.accessToken(ALICE);
    const statuses = new Map<number, number>();
    for (let i = 0; i < 350; i += 1) {
      const path = (ROUTES[i % ROUTES.length] as (s: string) => string)(segment(r));
      const method = path.endsWith('/reply') ? 'POST' : 'GET';
      const headers: Record<string, string> = i % 2 ? { authorization: `Bearer ${token}` } : {};
      if (method === 'POST') headers['content-type'] = 'application/json';
      const res = await fetch(`${api.url}${path}`, { method, headers, body: method === 'POST' ? '{"message":"x"}' : undefined, signal: AbortSignal.timeout(10_000) });
      const text = await res.text();
      expect(() => JSON.parse(text) as unknown, `${method} ${path.slice(0, 80)} → ${res.status} must carry JSON`).not.toThrow();
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
    }
    expect([...statuses.keys()].filter((s) => s >= 500)).toEqual([]);
  });

  it('300 hostile bodies to the new writes (replies, messages, handle changes) → 2xx or 4xx, never a 5xx', async () => {
    const r = prng(10);
    const token = fake.accessToken(ALICE);
    const statuses = new Map<number, number>();
    for (let i = 0; i < 300; i += 1) {
      const { type, body } = bodyCase(r, i);
      const path = WRITES[i % WRITES.length] as string;
      const headers: Record<string, string> = { authorization: `Bearer ${token}` };
      if (type !== null) headers['content-type'] = type;
      const res = await fetch(`${api.url}${path}`, { method: path.endsWith('handle') ? 'PUT' : 'POST', headers, body: new Uint8Array(body), signal: AbortSignal.timeout(10_000) });
      await res.text();
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
    }
    expect([...statuses.keys()].filter((s) => s >= 500)).toEqual([]);
    expect([...statuses.keys()].filter((s) => s >= 400).length).toBeGreaterThanOrEqual(3);
  });
});
