// Hono middleware that refuses requests before a route does any work: the gate every `/api/*`
// route passes (authentication, revocation, rate limits) and request bodies that are not JSON.
// Every refusal is JSON, never a 5xx.
import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { missingTokenResponse, tokenErrorResponse, verifyBearer, type AuthEnv } from './bearer-auth.ts';
import { clientAddress } from './client-address.ts';
import type { LimitName, RateLimiter, Verdict } from './rate-limit.ts';
import { TokenError, type TokenVerifier, type VerifiedToken } from './verify-token.ts';

export interface ThrottleOptions {
  limiter: RateLimiter;
  /** Proxies in front of us that append to X-Forwarded-For; 0 (default) trusts none. */
  trustProxy: number;
  /** The TCP peer's address. */
  peer: (c: Context) => string | undefined;
}

export interface GateOptions {
  verifier: TokenVerifier;
  /** Null: no rate limits (tests and benchmarks only). */
  throttle: ThrottleOptions | null;
  /**
   * The shared revocation list (revocations.ts). `strict` (writes): ask the shared store itself,
   * so a token one process learned is revoked never writes through another, even before its
   * notification arrives. Reads use the in-memory mirror and cost no round trip.
   */
  isRevoked: (jti: string, strict: boolean) => Promise<boolean>;
}

export interface GateRule {
  /** `reads` (GET) or `writes` (POST, PUT): which pair of limits counts the request. */
  kind: 'reads' | 'writes';
  /** `optional`: no token → anonymous; `required`: no token → 401 missing_token. */
  auth: 'optional' | 'required' | 'none';
}

function tooMany(c: Context, verdict: Extract<Verdict, { ok: false }>): Response {
  c.header('Retry-After', String(verdict.retryAfterSeconds));
  return c.json({
    error: 'rate_limited',
    error_description: `too many requests, try again in ${verdict.retryAfterSeconds} s`,
    retry_after: verdict.retryAfterSeconds,
  }, 429);
}

function storeDown(c: Context, err: unknown): Response {
  // The shared store is down: no process can count, and the routes need the store anyway.
  console.error(`[api] rate limiter: ${err instanceof Error ? `${err.name}: ${err.message}` : 'error'}`);
  c.header('Retry-After', '5');
  return c.json({ error: 'temporarily_unavailable', error_description: 'try again shortly' }, 503);
}

/** Verifies a bearer token without answering: the outcome, for the gate to answer in its order. */
async function authenticate(c: Context, o: GateOptions, strict: boolean): Promise<VerifiedToken | null | TokenError> {
  const outcome = await verifyBearer(c.req.header('authorization'), o.verifier);
  if (!(outcome instanceof TokenError) && outcome) {
    const { jti } = outcome.payload;
    if (typeof jti === 'string' && await o.isRevoked(jti, strict)) return new TokenError('invalid_token', 'token revoked');
  }
  return outcome;
}

/**
 * One middleware per route, in one order: verify the token (CPU only: the JWKS is cached), then
 * count the request against the address and, for a verified token, the user, in ONE database
 * statement, then answer 429, or 401 for a bad or missing token, or run the route. Counting
 * after verification keeps an authenticated request at one round trip, and a flood of bad
 * tokens still counts against its address (a bad token is counted, then refused).
 */
export function gate(o: GateOptions, rule: GateRule): MiddlewareHandler<AuthEnv> {
  return async (c, next) => {
    const outcome = rule.auth === 'none' ? null : await authenticate(c, o, rule.kind === 'writes');
    const auth = outcome instanceof TokenError ? null : outcome;
    if (o.throttle) {
      const address = clientAddress(o.throttle.peer(c), c.req.header('x-forwarded-for'), o.throttle.trustProxy);
      const keys: [LimitName, string][] = [[`${rule.kind}PerAddress`, address]];
      if (auth) keys.push([`${rule.kind}PerUser`, auth.sub]);
      let verdict: Verdict;
      try {
        verdict = await o.throttle.limiter.consume(keys);
      } catch (err) {
        return storeDown(c, err);
      }
      if (!verdict.ok) return tooMany(c, verdict);
    }
    if (outcome instanceof TokenError) return tokenErrorResponse(c, outcome);
    if (auth === null && rule.auth === 'required') return missingTokenResponse(c);
    c.set('auth', auth);
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

/** Bodies of writes: 16 KB at most (413), read before any JSON parsing. */
export const smallBody = (): MiddlewareHandler<AuthEnv> =>
  bodyLimit({ maxSize: 16 * 1024, onError: (c) => c.json({ error: 'body_too_large' }, 413) });

/** The JSON body, or a 400 response when it is not JSON. */
export async function jsonBody(c: Context): Promise<{ body: unknown } | Response> {
  try {
    return { body: JSON.parse(await c.req.text()) as unknown };
  } catch {
    return c.json({ error: 'invalid_json', error_description: 'the body must be a JSON object' }, 400);
  }
}

/** The verified caller of a route behind `gate(…, { auth: 'required' })`. */
export function caller(c: Context<AuthEnv>): VerifiedToken {
  const auth = c.get('auth');
  if (!auth) throw new Error('the gate let an anonymous request through');
  return auth;
}
