// The HTTP routes: Cruddur's JSON API (routes and shapes in server/README.md), wired from the
// store, the token verifier, the profile lookup and the request guards. No business logic beyond glue:
// each group of routes lives in routes/.
import { getConnInfo } from '@hono/node-server/conninfo';
import { Hono, type Context } from 'hono';
import { cors } from 'hono/cors';
import { tokenErrorResponse, type AuthEnv } from './bearer-auth.ts';
import { gate, type ThrottleOptions } from './http-guards.ts';
import { InvalidProfileError, ProfileUnavailableError, type Profiles } from './profiles.ts';
import type { RateLimiter } from './rate-limit.ts';
import { activityRoutes } from './routes/activity-routes.ts';
import { messageRoutes } from './routes/message-routes.ts';
import { userRoutes } from './routes/user-routes.ts';
import type { Store } from './store.ts';
import { TokenError, type TokenVerifier } from './verify-token.ts';

export interface AppDeps {
  store: Store;
  verifier: TokenVerifier;
  profiles: Profiles;
  /** Is this token id revoked? Default: the store's table (api-server.ts passes the in-memory mirror). */
  isRevoked?: (jti: string, strict: boolean) => Promise<boolean>;
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
  const throttle: ThrottleOptions | null = d.limiter && { limiter: d.limiter, trustProxy: d.trustProxy ?? 0, peer: d.peer ?? nodePeer };
  const gateOptions = { verifier: d.verifier, throttle, isRevoked: d.isRevoked ?? ((jti: string) => d.store.isRevoked(jti, now())) };

  app.onError((err, c) => {
    if (err instanceof TokenError) return tokenErrorResponse(c, err);
    if (err instanceof ProfileUnavailableError) return c.json({ error: 'profile_unavailable', error_description: err.message }, 502);
    if (err instanceof InvalidProfileError) return c.json({ error: 'invalid_profile', error_description: err.message, fields: err.fields }, 422);
    // Log the error, never the request: its headers may hold a token.
    console.error(`[api] ${c.req.method} ${c.req.path}: ${err instanceof Error ? err.name + ': ' + err.message : 'error'}`);
    return c.json({ error: 'internal_error' }, 500);
  });
  app.notFound((c) => c.json({ error: 'not_found' }, 404));

  if (d.corsOrigins && d.corsOrigins.length > 0) {
    app.use('/api/*', cors({
      origin: d.corsOrigins,
      allowHeaders: ['Authorization', 'Content-Type'],
      allowMethods: ['GET', 'POST', 'PUT', 'OPTIONS'],
      // So a web app can read why it got a 401 and refresh, and how long to wait after a 429.
      exposeHeaders: ['WWW-Authenticate', 'Retry-After'],
      maxAge: 600,
    }));
  }

  app.get('/health', (c) => c.json({ ok: true }));
  const deps = { store: d.store, profiles: d.profiles, now, gate: (rule: Parameters<typeof gate>[1]) => gate(gateOptions, rule) };
  activityRoutes(app, deps);
  userRoutes(app, deps);
  messageRoutes(app, deps);
  return app;
}
