// The HTTP routes: Cruddur's JSON API (routes and shapes in server/README.md), wired from the
// store, the token verifier, the profile lookup and the request guards. No business logic beyond glue.
import { randomUUID } from 'node:crypto';
import { getConnInfo } from '@hono/node-server/conninfo';
import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { cors } from 'hono/cors';
import { expiresAt, validateNewActivity } from './activity.ts';
import { bearerAuth, tokenErrorResponse, type AuthEnv } from './bearer-auth.ts';
import { limitByAddress, limitByUser, requireJson, type ThrottleOptions } from './http-guards.ts';
import { ProfileUnavailableError, type Profiles } from './profiles.ts';
import type { RateLimiter } from './rate-limit.ts';
import type { Store } from './store.ts';
import { TokenError, type TokenVerifier } from './verify-token.ts';

export interface AppDeps {
  store: Store;
  verifier: TokenVerifier;
  profiles: Profiles;
  /** Web-app origins allowed by CORS. The extension's background needs none. */
  corsOrigins?: string[];
  now?: () => Date;
  /** Shared-store rate limits; null turns them off (only for tests and benchmarks). */
  limiter: RateLimiter | null;
  /** Proxies in front that append to X-Forwarded-For. Default 0: the TCP peer is the client. */
  trustProxy?: number;
  /** The TCP peer's address. Default: from @hono/node-server's connection info. */
  peer?: ThrottleOptions['peer'];
}

const NO_LIMIT: MiddlewareHandler<AuthEnv> = async (_c, next) => {
  await next();
};

function nodePeer(c: Context): string | undefined {
  try {
    return getConnInfo(c).remote.address;
  } catch {
    return undefined; // not served by @hono/node-server (e.g. app.request in a test)
  }
}

export function createApp(d: AppDeps): Hono<AuthEnv> {
  const now = d.now ?? (() => new Date());
  const app = new Hono<AuthEnv>();
  const optionalAuth = bearerAuth(d.verifier, { required: false });
  const requiredAuth = bearerAuth(d.verifier, { required: true });
  const throttle: ThrottleOptions | null = d.limiter && { limiter: d.limiter, trustProxy: d.trustProxy ?? 0, peer: d.peer ?? nodePeer };
  // Address limits run before authentication (bad-token floods count), user limits after it.
  const readsByAddress = throttle ? limitByAddress(throttle, 'readsPerAddress') : NO_LIMIT;
  const readsByUser = throttle ? limitByUser(throttle, 'readsPerUser') : NO_LIMIT;
  const writesByAddress = throttle ? limitByAddress(throttle, 'writesPerAddress') : NO_LIMIT;
  const writesByUser = throttle ? limitByUser(throttle, 'writesPerUser') : NO_LIMIT;

  app.onError((err, c) => {
    if (err instanceof TokenError) return tokenErrorResponse(c, err);
    if (err instanceof ProfileUnavailableError) return c.json({ error: 'profile_unavailable', error_description: err.message }, 502);
    // Log the error, never the request: its headers may hold a token.
    console.error(`[api] ${c.req.method} ${c.req.path}: ${err instanceof Error ? err.name + ': ' + err.message : 'error'}`);
    return c.json({ error: 'internal_error' }, 500);
  });
  app.notFound((c) => c.json({ error: 'not_found' }, 404));

  if (d.corsOrigins && d.corsOrigins.length > 0) {
    app.use('/api/*', cors({
      origin: d.corsOrigins,
      allowHeaders: ['Authorization', 'Content-Type'],
      allowMethods: ['GET', 'POST', 'OPTIONS'],
      // So a web app can read why it got a 401 and refresh, and how long to wait after a 429.
      exposeHeaders: ['WWW-Authenticate', 'Retry-After'],
      maxAge: 600,
    }));
  }

  app.get('/health', (c) => c.json({ ok: true }));

  app.get('/api/activities/home', readsByAddress, optionalAuth, readsByUser, async (c) => {
    const auth = c.get('auth');
    if (!auth) return c.json(await d.store.homeFeed(null, now()));
    // Loading the profile also creates the user's welcome crud on first sight.
    await d.profiles.forToken(auth);
    return c.json(await d.store.homeFeed(auth.sub, now()));
  });

  app.get('/api/activities/:handle{@[^/]+}', readsByAddress, async (c) => {
    const handle = c.req.param('handle').slice(1);
    // A NUL cannot be in any stored handle (PostgreSQL text refuses it), so it names nobody.
    const activities = handle.includes('\0') ? null : await d.store.userFeed(handle, now());
    // Documented choice: an unknown handle is 404, a known user with no cruds is [].
    if (activities === null) return c.json({ error: 'not_found', error_description: 'no such handle' }, 404);
    return c.json(activities);
  });

  app.get('/api/me', readsByAddress, requiredAuth, readsByUser, async (c) => {
    const auth = c.get('auth');
    if (!auth) throw new Error('requiredAuth let an anonymous request through');
    const { sub, username, email, name, handle } = await d.profiles.forToken(auth);
    return c.json({ sub, username, email, name, handle });
  });

  app.post(
    '/api/activities',
    writesByAddress,
    requiredAuth,
    writesByUser,
    requireJson(),
    bodyLimit({ maxSize: 16 * 1024, onError: (c) => c.json({ error: 'body_too_large' }, 413) }),
    async (c) => {
      const auth = c.get('auth');
      if (!auth) throw new Error('requiredAuth let an anonymous request through');
      let body: unknown;
      try {
        body = JSON.parse(await c.req.text());
      } catch {
        return c.json({ error: 'invalid_json', error_description: 'the body must be a JSON object' }, 400);
      }
      const result = validateNewActivity(body);
      if (!result.ok) return c.json(result.errors, 422);
      const profile = await d.profiles.forToken(auth);
      const createdAt = now();
      const uuid = randomUUID();
      await d.store.putActivity({
        uuid, userSub: profile.sub, message: result.value.message,
        createdAt, expiresAt: expiresAt(result.value.ttl, createdAt),
      });
      const activity = await d.store.getActivity(uuid);
      return c.json(activity, 200);
    },
  );

  return app;
}
