// Hono middleware around a TokenVerifier: parses `Authorization`, verifies, and puts the
// caller in `c.var.auth`. The rules for each header shape are in verify-token.ts's header.
import type { Context, MiddlewareHandler } from 'hono';
import { TokenError, type TokenVerifier, type VerifiedToken } from './verify-token.ts';

export type AuthEnv = { Variables: { auth: VerifiedToken | null } };

/** Real Cognito access tokens are 1–2 KB (more with many groups); anything larger is refused unread. */
export const MAX_TOKEN_CHARS = 16 * 1024;

const JWT_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

/**
 * What a signed-out client sends in place of a token. Cruddur's web app builds its header as
 * `Bearer ${localStorage.getItem('access_token')}`, so when signed out it sends `Bearer null`
 * (or `Bearer undefined`, or nothing after `Bearer`) and expects the public feed. These exact
 * strings carry no credential at all, so reading them as "no token" cannot let anyone in.
 */
const SIGNED_OUT = new Set(['', 'null', 'undefined']);

/**
 * The token in an Authorization header value, or null when there is none: no header, or
 * Cruddur's signed-out placeholders (`Bearer null`, `Bearer undefined`, `Bearer`).
 * Any other header that is present but unusable is an error, never "anonymous".
 */
export function parseBearer(header: string | undefined): string | null {
  if (header === undefined) return null;
  if (header.length > MAX_TOKEN_CHARS + 7) throw new TokenError('invalid_token', 'token too large');
  const match = /^(\S+)(?: +(.*))?$/.exec(header.trim());
  if (!match) throw new TokenError('invalid_token', 'empty authorization header');
  const [, scheme = '', rest = ''] = match;
  if (scheme.toLowerCase() !== 'bearer') throw new TokenError('invalid_token', 'authorization scheme must be Bearer');
  if (SIGNED_OUT.has(rest)) return null;
  if (/\s/.test(rest)) throw new TokenError('invalid_token', 'authorization header has extra parts');
  if (!JWT_SHAPE.test(rest)) throw new TokenError('invalid_token', 'token is not a JWT');
  return rest;
}

export function tokenErrorResponse(c: Context, err: TokenError): Response {
  if (err.code === 'temporarily_unavailable') {
    c.header('Retry-After', '5');
    return c.json({ error: err.code, error_description: err.description }, 503);
  }
  // RFC 6750 §3: the error code goes in the challenge so clients know to refresh.
  c.header('WWW-Authenticate', 'Bearer error="invalid_token"');
  return c.json({ error: err.code, error_description: err.description }, 401);
}

/** 401 for a route that needs a token and got none: a challenge without an error code (RFC 6750 §3.1). */
export function missingTokenResponse(c: Context): Response {
  c.header('WWW-Authenticate', 'Bearer');
  return c.json({ error: 'missing_token', error_description: 'this route needs an access token' }, 401);
}

/**
 * The caller an Authorization header names: a verified token, null for no token (or Cruddur's
 * signed-out placeholders), or the TokenError to answer. Never throws.
 */
export async function verifyBearer(header: string | undefined, verifier: TokenVerifier): Promise<VerifiedToken | null | TokenError> {
  try {
    const token = parseBearer(header);
    return token === null ? null : await verifier.verify(token);
  } catch (err) {
    return err instanceof TokenError ? err : new TokenError('invalid_token', 'invalid token');
  }
}

/**
 * Middleware for a route with no rate limits of its own (the API's routes use http-guards.ts's
 * `gate`, which also counts requests). `required: false`: no token → anonymous (`auth` is null);
 * `required: true`: no token → 401 without an error code (RFC 6750 §3.1). A bad token → 401.
 */
export function bearerAuth(verifier: TokenVerifier, o: { required: boolean }): MiddlewareHandler<AuthEnv> {
  return async (c, next) => {
    const auth = await verifyBearer(c.req.header('authorization'), verifier);
    if (auth instanceof TokenError) return tokenErrorResponse(c, auth);
    if (auth === null && o.required) return missingTokenResponse(c);
    c.set('auth', auth);
    await next();
  };
}
