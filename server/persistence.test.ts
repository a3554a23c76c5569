// Cruds survive a restart when PGlite has a data dir; the stored profile covers a Cognito outage.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Activity } from './activity.ts';
import { startFakeCognito, type FakeCognito } from './testing/fake-cognito.ts';
import { ALICE, call, startTestApi } from './testing/harness.ts';

let fake: FakeCognito;
let dir: string;

beforeAll(async () => {
  fake = await startFakeCognito();
  fake.addUser(ALICE);
  dir = await mkdtemp(join(tmpdir(), 'cruddur-api-test-'));
});
afterAll(async () => {
  await fake?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

it('a posted crud survives a restart on the same PGlite data dir, and seeds are not duplicated', { timeout: 30_000 }, async () => {
  const dataDir = join(dir, 'db');
  const token = fake.accessToken(ALICE);
  const first = await startTestApi(fake, { dataDir });
  const posted = await call<Activity>(`${first.url}/api/activities`, { method: 'POST', token, body: JSON.stringify({ message: 'Still here after a restart', ttl: '1-day' }) });
  expect(posted.status).toBe(200);
  await first.close();

  // Cognito is unreachable now: Alice's stored profile keeps her requests working.
  const second = await startTestApi(fake, { dataDir, cognitoEndpoint: 'http://127.0.0.1:9/' });
  try {
    const home = await call<Activity[]>(`${second.url}/api/activities/home`, { token });
    expect(home.status).toBe(200);
    expect(home.body.find((a) => a.uuid === posted.body.uuid)).toEqual({ ...posted.body, replies: [] });
    expect(home.body.filter((a) => a.message === 'Cloud is fun!')).toHaveLength(1);
    expect(home.body.filter((a) => a.handle === 'cruddur')).toHaveLength(1);
    const me = await call(`${second.url}/api/me`, { token });
    expect(me.body).toEqual({ sub: ALICE.sub, username: ALICE.username, email: ALICE.email, name: ALICE.name, handle: ALICE.handle, requested_handle: ALICE.handle, handle_status: 'claimed' });
  } finally {
    await second.close();
  }
});

it('a first-time user while Cognito is unreachable → 502 profile_unavailable, not 500', { timeout: 30_000 }, async () => {
  const api = await startTestApi(fake, { cognitoEndpoint: 'http://127.0.0.1:9/' });
  try {
    const res = await call(`${api.url}/api/me`, { token: fake.accessToken(ALICE) });
    expect(res.status).toBe(502);
    expect(res.body).toEqual({ error: 'profile_unavailable', error_description: 'cannot read the user profile from Cognito' });
  } finally {
    await api.close();
  }
});
