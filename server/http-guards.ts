// Hono middleware that refuses requests before a route does any work: rate limits (429) and
// request bodies that are not JSON (415). Every refusal is JSON, never a 5xx.
import type { Context, MiddlewareHandler } from 'hono';
import type { AuthEnv } from './bearer-auth.ts';
import { clientAddress } from './client-address.ts';
import type { LimitName, RateLimiter, Verdict } from './rate-limit.ts';

export interface ThrottleOptions {
  limiter: RateLimiter;
  /** Proxies in front of us that append to X-Forwarded-For; 0 (default) trusts none. */
  trustProxy: number;
  /** The TCP peer's address. */
  peer: (c: Context) => string | undefined;
}

function tooMany(c: Context, verdict: Extract<Verdict, { ok: false }>): Response {
  c.header('Retry-After', String(verdict.retryAfterSeconds));
  return c.json({
    error: 'rate_limited',
    error_description: `too many requests, try again in ${verdict.retryAfterSeconds} s`,
    retry_after: verdict.retryAfterSeconds,
  }, 429);
}

async function check(c: Context, o: ThrottleOptions, keys: [LimitName, string][]): Promise<Response | null> {
  let verdict: Verdict;
  try {
    verdict = await o.limiter.consume(keys);
  } catch (err) {
    // The shared store is down: no process can count, and the routes need the store anyway.
    console.error(`[api] rate limiter: ${err instanceof Error ? `${err.name}: ${err.message}` : 'error'}`);
    c.header('Retry-After', '5');
    return c.json({ error: 'temporarily_unavailable', error_description: 'try again shortly' }, 503);
  }
  return verdict.ok ? null : tooMany(c, verdict);
}

/** Counts the request against the caller's address. Runs before authentication, so floods of bad tokens are counted too. */
export function limitByAddress(o: ThrottleOptions, limit: LimitName): MiddlewareHandler<AuthEnv> {
  return async (c, next) => {
    const address = clientAddress(o.peer(c), c.req.header('x-forwarded-for'), o.trustProxy);
    const refused = await check(c, o, [[limit, address]]);
    if (refused) return refused;
    await next();
  };
}

/** Counts the request against the verified user (`sub`); anonymous requests pass (the address limit holds them). */
export function limitByUser(o: ThrottleOptions, limit: LimitName): MiddlewareHandler<AuthEnv> {
  return async (c, next) => {
    const auth = c.get('auth');
    if (auth) {
      const refused = await check(c, o, [[limit, auth.sub]]);
      if (refused) return refused;
    }
    await next();
  };
}

/**
 * 415 unless `Content-Type` is `application/json` (parameters allowed, but a charset must be
 * UTF-8, the only one JSON has, RFC 8259 §8.1). Stops HTML forms (`text/plain`,
 * `application/x-www-form-urlencoded`), which a browser sends cross-site without a preflight.
 */
export function requireJson(): MiddlewareHandler<AuthEnv> {
  return async (c, next) => {
    const [type = '', ...params] = (c.req.header('content-type') ?? '').split(';');
    const charset = params.map((p) => p.trim().toLowerCase()).find((p) => p.startsWith('charset='));
    const utf8 = charset === undefined || /^charset="?utf-8"?$/.test(charset);
    if (type.trim().toLowerCase() !== 'application/json' || !utf8) {
      return c.json({ error: 'unsupported_media_type', error_description: 'the body must be sent as application/json' }, 415);
    }
    await next();
  };
}
