// The API as it runs behind a load balancer: two API processes (`npm run server`'s entry, as
// separate Node processes) on one real PostgreSQL, with the run's real cognito-local and its
// AWS-faithful front. Whatever one process counts or learns must hold in the other: rate limits
// per user and per address, and a token Cognito reports revoked.
import { spawn, type ChildProcess } from 'node:child_process';
import { GlobalSignOutCommand } from '@aws-sdk/client-cognito-identity-provider';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startTestPostgres, type TestPostgres } from '../../server/testing/postgres.ts';
import { confirm, readyUser, signIn, signUp, stackCognito, uniqueUser } from '../support/users.ts';

const stack = inject('stack');
const MAIN = new URL('../../server/main.ts', import.meta.url).pathname;

interface ApiProcess { url: string; child: ChildProcess; stop(): Promise<void> }

/** Starts server/main.ts and waits for its "listening on <url>" line (20 s at most). */
function startApiProcess(env: NodeJS.ProcessEnv): Promise<ApiProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', MAIN], { env: { PATH: process.env.PATH, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    const exited = new Promise<void>((done) => child.once('exit', () => done()));
    const stop = async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
    };
    let out = '';
    let err = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`API process did not start: ${err.trim() || out.trim()}`));
    }, 20_000);
    child.stderr?.on('data', (c: Buffer) => (err += c.toString()));
    child.stdout?.on('data', (c: Buffer) => {
      out += c.toString();
      const url = /listening on (http:\/\/\S+)/.exec(out)?.[1];
      if (url) {
        clearTimeout(timer);
        resolve({ url, child, stop });
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`API process exited with ${code}: ${err.trim()}`));
    });
  });
}

let postgres: TestPostgres | undefined;
let a: ApiProcess | undefined;
let b: ApiProcess | undefined;
let addressCounter = 0;
/** TRUST_PROXY=1: each scenario names its client address, as a load balancer would. */
const newAddress = () => `192.0.2.${(addressCounter += 1)}`;

beforeAll(async () => {
  postgres = await startTestPostgres();
  const env = {
    COGNITO_LOCAL: '1', COGNITO_ISSUER: stack.issuer, COGNITO_USER_POOL_ID: stack.userPoolId, COGNITO_REGION: stack.region,
    COGNITO_CLIENT_IDS: stack.clientId, COGNITO_ENDPOINT: stack.cognitoUrl, DATABASE_URL: postgres.url,
    HOST: '127.0.0.1', PORT: '0', TRUST_PROXY: '1',
    RATE_LIMIT_WRITES_PER_USER: '4/60', RATE_LIMIT_READS_PER_ADDRESS: '10/60',
  };
  // Started together, as a deployment would: the schema set-up must not race.
  [a, b] = await Promise.all([startApiProcess(env), startApiProcess(env)]);
}, 90_000);
afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop()]);
  await postgres?.stop();
}, 30_000);

function both(): [ApiProcess, ApiProcess] {
  if (!a || !b) throw new Error('the API processes did not start');
  return [a, b];
}

async function send(api: ApiProcess, path: string, o: { token?: string; address: string; body?: unknown }) {
  const headers: Record<string, string> = { 'x-forwarded-for': o.address };
  if (o.token) headers.authorization = `Bearer ${o.token}`;
  if (o.body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${api.url}${path}`, {
    method: o.body === undefined ? 'GET' : 'POST', headers, body: o.body === undefined ? undefined : JSON.stringify(o.body),
    signal: AbortSignal.timeout(15_000),
  });
  return { status: res.status, retryAfter: res.headers.get('retry-after'), body: (await res.json()) as unknown };
}

describe('two API processes on one PostgreSQL share what matters', () => {
  it('they are two processes on two ports, serving the same data', async () => {
    const [one, two] = both();
    expect(one.child.pid).not.toBe(two.child.pid);
    expect(one.url).not.toBe(two.url);
    const { tokens } = await readyUser(stack, 'twoproc');
    const posted = await send(one, '/api/activities', { token: tokens.accessToken, address: newAddress(), body: { message: 'posted through A', ttl: '1-hour' } });
    expect(posted.status).toBe(200);
    const feed = await send(two, '/api/activities/home', { address: newAddress() });
    expect((feed.body as { message: string }[]).map((x) => x.message)).toContain('posted through A');
  });

  it('posts of one user spread over both processes meet one limit: 4 accepted, then 429 on either', async () => {
    const [one, two] = both();
    const { tokens } = await readyUser(stack, 'spread');
    const results = [];
    for (let i = 1; i <= 6; i += 1) {
      const api = i % 2 ? one : two;
      results.push(await send(api, '/api/activities', { token: tokens.accessToken, address: newAddress(), body: { message: `spread #${i}`, ttl: '1-hour' } }));
    }
    expect(results.map((r) => r.status)).toEqual([200, 200, 200, 200, 429, 429]);
    for (const refused of results.slice(4)) {
      expect(Number(refused.retryAfter)).toBeGreaterThanOrEqual(1);
      expect(refused.body).toMatchObject({ error: 'rate_limited', retry_after: Number(refused.retryAfter) });
    }
  });

  it('20 posts of one user fired at once at both processes: exactly 4 accepted (no lost count)', async () => {
    const [one, two] = both();
    const { tokens } = await readyUser(stack, 'burst');
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) =>
      send(i % 2 ? one : two, '/api/activities', { token: tokens.accessToken, address: newAddress(), body: { message: `burst #${i}`, ttl: '1-hour' } })));
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(4);
    expect(statuses.filter((s) => s === 429)).toHaveLength(16);
  });

  it('reads from one address spread over both processes meet one limit: 10 served, then 429 on either', async () => {
    const [one, two] = both();
    const address = newAddress();
    const statuses = [];
    for (let i = 1; i <= 12; i += 1) statuses.push((await send(i % 2 ? one : two, '/api/activities/home', { address })).status);
    expect(statuses).toEqual([...Array<number>(10).fill(200), 429, 429]);
  });

  it('a token one process learns is revoked is refused by the other, which had its profile cached', async () => {
    const [one, two] = both();
    const { tokens } = await readyUser(stack, 'revoked');
    // A reads the profile (GetUser) and caches it for minutes.
    expect((await send(one, '/api/me', { token: tokens.accessToken, address: newAddress() })).status).toBe(200);
    const cognito = stackCognito(stack);
    try {
      await cognito.send(new GlobalSignOutCommand({ AccessToken: tokens.accessToken }));
    } finally {
      cognito.destroy();
    }
    // B has never seen the user: it asks Cognito, which refuses the token, and records that.
    const onB = await send(two, '/api/me', { token: tokens.accessToken, address: newAddress() });
    expect(onB).toMatchObject({ status: 401, body: { error: 'invalid_token', error_description: 'token revoked' } });
    // A's cache still holds the profile, but the shared list refuses the token.
    const onA = await send(one, '/api/activities', { token: tokens.accessToken, address: newAddress(), body: { message: 'after sign-out', ttl: '1-hour' } });
    expect(onA).toMatchObject({ status: 401, body: { error: 'invalid_token', error_description: 'token revoked' } });
  });

  it('a handle claimed through one process is taken through the other; a message sent through one is unread on the other', async () => {
    const [one, two] = both();
    const holder = await readyUser(stack, 'twohandle');
    expect((await send(one, '/api/me', { token: holder.tokens.accessToken, address: newAddress() })).body).toMatchObject({ handle: holder.user.handle });
    const copy = { ...uniqueUser('twocopy'), handle: holder.user.handle.toUpperCase() };
    await signUp(stack, copy);
    await confirm(stack, copy);
    const copyTokens = await signIn(stack, copy);
    expect((await send(two, '/api/me', { token: copyTokens.accessToken, address: newAddress() })).body).toMatchObject({ handle: null, handle_status: 'taken' });

    const reader = await readyUser(stack, 'tworeader');
    await send(two, '/api/me', { token: reader.tokens.accessToken, address: newAddress() });
    const sent = await send(one, '/api/messages', { token: holder.tokens.accessToken, address: newAddress(), body: { handle: reader.user.handle, message: 'across processes' } });
    expect(sent.status).toBe(200);
    expect((await send(two, '/api/message_groups/unread', { token: reader.tokens.accessToken, address: newAddress() })).body).toMatchObject({ unread_conversations: 1 });
  });
});
