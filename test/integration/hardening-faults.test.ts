// Faults around the session core: the real TokenManager, CognitoAdapter and ApiClient,
// in-process, against the real local stack (cognito-local behind the AWS-faithful front, the
// real API). A small proxy between the adapter and the front plays the faults: refused
// connections, 5xx, throttling, a refresh cut off when the worker dies. The short-lived client
// (60 s tokens) and a device clock moved forward stand in for waiting: no long real waits.
import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { CognitoAdapter } from '../../src/auth/cognito-adapter.ts';
import { AuthError } from '../../src/auth/errors.ts';
import { MirrorStorage } from '../../src/auth/mirror-storage.ts';
import type { SessionStore } from '../../src/auth/ports.ts';
import { kvSessionStore } from '../../src/auth/session-store.ts';
import { FakeAlarms } from '../../src/auth/testing.ts';
import { TokenManager } from '../../src/auth/token-manager.ts';
import { ApiClient } from '../../src/background/api-client.ts';
import { memoryKV } from '../../src/shared/kv.ts';
import { readyUser, signIn, type TestUser } from '../support/users.ts';

const stack = inject('stack');

/** Between the adapter and the Cognito front: passes requests through, or plays a fault. */
class FaultProxy {
  readonly #target = new URL(stack.cognitoUrl);
  #server: Server | null = null;
  port = 0;
  /** Cognito operations seen (refreshes as `GetTokensFromRefreshToken`, or `InitiateAuth:REFRESH_TOKEN_AUTH`), answered or not. */
  seen: string[] = [];
  #fail: { left: number; status: number; body: string; type?: string } | null = null;
  #held: { req: IncomingMessage; res: ServerResponse; body: Buffer }[] | null = null;

  get url() {
    return `http://127.0.0.1:${this.port}`;
  }

  refreshes() {
    return this.seen.filter((s) => s === 'GetTokensFromRefreshToken' || s === 'InitiateAuth:REFRESH_TOKEN_AUTH').length;
  }

  /** Listens (again, on the same port after `stop`). */
  async start(): Promise<void> {
    const server = createServer((req, res) => void this.#handle(req, res));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.port = (server.address() as AddressInfo).port;
    this.#server = server;
  }

  /** Closes the port: connections are refused, as when Cognito is unreachable. */
  async stop(): Promise<void> {
    const server = this.#server;
    this.#server = null;
    if (!server) return;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }

  /** The next `n` requests get this answer instead of Cognito's. */
  failNext(n: number, status: number, body: unknown, type?: string) {
    this.#fail = { left: n, status, body: typeof body === 'string' ? body : JSON.stringify(body), ...(type ? { type } : {}) };
  }

  heal() {
    this.#fail = null;
  }

  /** Holds every request until `drop()` (connection cut) or `forward()`. */
  hold() {
    this.#held = [];
  }

  heldCount() {
    return this.#held?.length ?? 0;
  }

  /** Cuts the held connections, as when the worker that made them is stopped. */
  drop() {
    for (const { res } of this.#held ?? []) res.socket?.destroy();
    this.#held = null;
  }

  forward() {
    const held = this.#held ?? [];
    this.#held = null;
    for (const { req, res, body } of held) this.#forward(req, res, body);
  }

  async #handle(req: IncomingMessage, res: ServerResponse) {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const op = String(req.headers['x-amz-target'] ?? '').split('.').pop() ?? '';
    let flow = '';
    try {
      flow = op === 'InitiateAuth' ? `:${(JSON.parse(body.toString()) as { AuthFlow?: string }).AuthFlow}` : '';
    } catch {
      // Not JSON: record the operation alone.
    }
    this.seen.push(`${op}${flow}`);
    if (this.#held) return void this.#held.push({ req, res, body });
    if (this.#fail && this.#fail.left > 0) {
      this.#fail.left -= 1;
      const headers: Record<string, string> = { 'content-type': 'application/x-amz-json-1.1' };
      if (this.#fail.type) headers['x-amzn-errortype'] = this.#fail.type;
      return void res.writeHead(this.#fail.status, headers).end(this.#fail.body);
    }
    this.#forward(req, res, body);
  }

  #forward(req: IncomingMessage, res: ServerResponse, body: Buffer) {
    const out = request(new URL(req.url ?? '/', this.#target), { method: req.method, headers: { ...req.headers, host: this.#target.host } }, (up) => {
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
    });
    out.on('error', () => res.socket?.destroy());
    out.end(body);
  }
}

/** Device time = real time + offsetMs: moving it ages the tokens without waiting. */
const clock = { offsetMs: 0, now: () => Date.now() + clock.offsetMs };
const DUE = 50_000; // 60 s tokens, margin min(300, 60/4) = 15 s: 10 s left → refresh due
const EXPIRED = 58_000; // 2 s left, under the 5 s skew → expired

interface Core {
  tokens: TokenManager;
  api: ApiClient;
  alarms: FakeAlarms;
  store: SessionStore;
}

function adapter(endpoint: string) {
  const config = { region: stack.region, userPoolId: stack.userPoolId, clientId: stack.shortLivedClientId, endpoint, authFlow: 'USER_PASSWORD_AUTH' as const };
  return new CognitoAdapter(config, { storage: new MirrorStorage(memoryKV()) });
}

/** The background's session core, over `store`, calling Cognito through `endpoint`. */
function core(o: { endpoint: string; store?: SessionStore; apiUrl?: string }): Core {
  const store = o.store ?? kvSessionStore(memoryKV());
  const alarms = new FakeAlarms();
  const tokens = new TokenManager({ cognito: adapter(o.endpoint), store, clock, alarms, random: () => 0.5 });
  const api = new ApiClient({ apiUrl: () => o.apiUrl ?? stack.apiUrl, tokens });
  return { tokens, api, alarms, store };
}

async function signedIn(o: { endpoint: string; store?: SessionStore; apiUrl?: string }, tag: string): Promise<Core & { user: TestUser }> {
  clock.offsetMs = 0;
  const { user } = await readyUser(stack, tag, stack.shortLivedClientId);
  const c = core(o);
  const direct = adapter(stack.cognitoUrl);
  const result = await direct.signIn(user.email, user.password);
  if (result.kind !== 'signed-in') throw new Error(result.kind);
  await c.tokens.start(result.tokens, await direct.getProfile(result.tokens.accessToken));
  return { ...c, user };
}

const proxy = new FaultProxy();
beforeAll(() => proxy.start());
afterAll(() => proxy.stop());

const signedInUser = (t: TokenManager) => (t.state.status === 'signed-in' ? t.state : null);

describe('Cognito failing during a refresh: the session is kept, retried, and recovers', () => {
  // scenario, how Cognito fails, how it comes back, whether the failing attempts reach Cognito's port
  it.each<[string, () => Promise<void> | void, () => Promise<void> | void, boolean]>([
    ['unreachable (connection refused)', () => proxy.stop(), () => proxy.start(), false],
    ['answering 500 InternalErrorException', () => proxy.failNext(1000, 500, { __type: 'InternalErrorException', message: 'boom' }), () => proxy.heal(), true],
    ['answering 503 with an HTML body', () => proxy.failNext(1000, 503, '<html>Service Unavailable</html>'), () => proxy.heal(), true],
    ['throttling (400 TooManyRequestsException)', () => proxy.failNext(1000, 400, { __type: 'TooManyRequestsException', message: 'Rate exceeded' }, 'TooManyRequestsException'), () => proxy.heal(), true],
  ])('Cognito %s → offline, retried on the alarm, back online when it returns', async (_name, fail, recover, reachable) => {
    const attempts = reachable ? 3 : 0; // due call, alarm, expired call each try
    const c = await signedIn({ endpoint: proxy.url }, 'fault');
    const first = await c.tokens.getAccessToken();
    proxy.seen = [];
    try {
      await fail();
      clock.offsetMs = DUE;
      // Due but not expired: the old token still serves the call.
      expect(await c.tokens.getAccessToken()).toBe(first);
      expect(c.tokens.state).toMatchObject({ status: 'signed-in', offline: true });
      // A retry is scheduled: backoff 2 s base, jitter 0.5 → about 1.5 s.
      expect(Math.abs((c.alarms.pending ?? 0) - clock.now() - 1500)).toBeLessThan(300);

      // The retry alarm fires while Cognito is still failing: still offline, the next retry backs off (≈3 s).
      await c.tokens.onAlarm();
      expect(c.tokens.state).toMatchObject({ status: 'signed-in', offline: true });
      expect(Math.abs((c.alarms.pending ?? 0) - clock.now() - 3000)).toBeLessThan(300);
      // The feed still loads, personalised, on the old token.
      expect((await c.api.homeFeed()).personalised).toBe(true);

      // Expired while still down: calls fail with a transient code; nobody is signed out.
      clock.offsetMs = EXPIRED;
      const error = await c.api.homeFeed().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AuthError);
      expect((error as AuthError).transient).toBe(true);
      expect(signedInUser(c.tokens)?.user.email).toBe(c.user.email);
      expect(await c.tokens.session()).not.toBeNull();
      expect(await c.store.load()).not.toBeNull();
    } finally {
      await recover();
    }
    // Four triggers (due call, alarm, feed load, expired feed load): at most one refresh attempt
    // each, and nothing but refreshes.
    expect(proxy.seen.length - proxy.refreshes()).toBe(0);
    expect(proxy.refreshes()).toBeGreaterThanOrEqual(attempts);
    expect(proxy.refreshes()).toBeLessThanOrEqual(reachable ? 4 : 0);

    await c.tokens.onAlarm();
    expect(c.tokens.state).toMatchObject({ status: 'signed-in', offline: false });
    const fresh = await c.tokens.getAccessToken();
    expect(fresh).not.toBe(first);
    expect((await c.api.homeFeed()).personalised).toBe(true);
  });
});

describe('the refresh token revoked elsewhere', () => {
  // scenario, how another party ends the session
  it.each<[string, (user: TestUser, refreshToken: string) => Promise<void>]>([
    ['GlobalSignOut from another device', async (user) => {
      const other = await signIn(stack, user, stack.shortLivedClientId);
      await adapter(stack.cognitoUrl).globalSignOut(other.accessToken);
    }],
    ['RevokeToken on this refresh token (e.g. by the web app)', (_user, refreshToken) => adapter(stack.cognitoUrl).revoke(refreshToken)],
  ])('%s → clean sign-out with reason session-expired, nothing kept, the feed goes public', async (_name, revoke) => {
    const c = await signedIn({ endpoint: stack.cognitoUrl }, 'revoked');
    const session = await c.tokens.session();
    if (!session) throw new Error('no session');
    await revoke(c.user, session.refreshToken);
    const states: string[] = [];
    c.tokens.subscribe((s) => states.push(s.status === 'signed-out' ? `signed-out:${s.reason}` : s.status));

    clock.offsetMs = EXPIRED;
    const feed = await c.api.homeFeed();
    expect(feed.personalised).toBe(false);
    expect(c.tokens.state).toEqual({ status: 'signed-out', reason: 'session-expired' });
    expect(states).toEqual(['signed-out:session-expired']);
    expect(await c.store.load()).toBeNull();
    expect(c.alarms.pending).toBeNull();
  });
});

describe('the API down', () => {
  it('feed load → error api-unreachable, still signed in, no Cognito call, the session kept', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const deadUrl = `http://127.0.0.1:${(closed.address() as AddressInfo).port}`;
    await new Promise<void>((resolve) => closed.close(() => resolve()));

    const c = await signedIn({ endpoint: proxy.url, apiUrl: deadUrl }, 'apidown');
    proxy.seen = [];
    const error = await c.api.homeFeed().catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'BackgroundError', code: 'api-unreachable' });
    expect(c.tokens.state).toMatchObject({ status: 'signed-in', offline: false });
    expect(await c.store.load()).not.toBeNull();
    expect(proxy.seen).toEqual([]);
  });
});

describe('the worker stopped in the middle of a refresh', () => {
  // scenario, what happens to the first worker's request
  it.each<[string, () => void]>([
    ['its connection cut', () => proxy.drop()],
    ['its answer arriving after the new worker refreshed', () => proxy.forward()],
  ])('%s → the new worker refreshes from the stored session; nothing is lost', async (_name, endFirst) => {
    const store = kvSessionStore(memoryKV());
    const a = await signedIn({ endpoint: proxy.url, store }, 'restart');
    clock.offsetMs = EXPIRED;
    proxy.hold();
    const aRefresh = a.tokens.getAccessToken().then(
      (t) => ({ ok: true as const, t }),
      (e: unknown) => ({ ok: false as const, e }),
    );
    await expect.poll(() => proxy.heldCount(), { timeout: 5000 }).toBe(1);

    // The worker is stopped; a new one starts over the same storage.
    const b = core({ endpoint: proxy.url, store });
    await b.tokens.init();
    expect(signedInUser(b.tokens)?.user.email).toBe(a.user.email);
    endFirst();
    const feed = await b.api.homeFeed();
    expect(feed.personalised).toBe(true);
    const first = await aRefresh;
    // Cut off, the old worker saw a passing network error, never a reason to sign out.
    if (!first.ok) expect(first.e).toMatchObject({ code: 'network' });

    // Whatever the old worker did last, the stored session is signed in and its token works.
    const record = await store.load();
    expect(record?.user.email).toBe(a.user.email);
    const res = await fetch(`${stack.apiUrl}/api/me`, { headers: { authorization: `Bearer ${record?.session.accessToken}` } });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ email: a.user.email });
  });
});
