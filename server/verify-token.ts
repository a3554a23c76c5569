/**
 * Cognito access-token verification: the reference for any Cruddur backend.
 *
 * A request is served as user X only when its `Authorization: Bearer <jwt>` header carries an
 * access token that passes every check below (aws-jwt-verify does the cryptography):
 *
 * 1. Signature: RS256 against the user pool's JWKS. The JWKS is cached and fetched again only
 *    for a `kid` it does not hold (key rotation); after a failed lookup a penalty box blocks
 *    new fetches for `penaltySeconds`, so tokens with made-up kids cannot hammer the JWKS.
 *    `alg: none`, HMAC (HS256 signed with the public key) and tokens without `kid` fail here.
 * 2. `iss` is the pool's issuer.
 * 3. `token_use === 'access'`: ID tokens are refused (Cruddur's original backend took them).
 * 4. `client_id` is one of ours: tokens minted for another app client are refused.
 * 5. `exp` is present and in the future.
 *
 * Failures answer 401 with `WWW-Authenticate: Bearer error="invalid_token"` and
 * `{"error":"invalid_token","error_description":"<reason>"}`, never a 500, and never fall
 * back to anonymous: a client that sees 401 refreshes its token and retries. (Cruddur's
 * original served the public feed instead, so expired sessions went silently anonymous.)
 * The only other outcome is 503 when the JWKS itself cannot be fetched: that is not the
 * token's fault, and a client must not sign the user out over it. Tokens are never logged.
 *
 * Against AWS (`local: false`) this is `CognitoJwtVerifier`. Against cognito-local it is the
 * generic `JwtRsaVerifier` with the same checks, because `CognitoJwtVerifier` rejects local
 * pool ids and the library's Node fetcher refuses `http:` JWKS URLs.
 */
import { CognitoJwtVerifier, JwtRsaVerifier } from 'aws-jwt-verify';
import {
  CognitoJwtInvalidClientIdError, CognitoJwtInvalidTokenUseError, FetchError, JwtExpiredError,
  JwtInvalidIssuerError, JwtInvalidSignatureAlgorithmError, JwtInvalidSignatureError, JwtParseError,
  JwtWithoutValidKidError, KidNotFoundInJwksError, ParameterValidationError, WaitPeriodNotYetEndedJwkError,
} from 'aws-jwt-verify/error';
import type { Fetcher } from 'aws-jwt-verify/https';
import { SimpleJwksCache, SimplePenaltyBox } from 'aws-jwt-verify/jwk';
import type { JwtPayload } from 'aws-jwt-verify/jwt-model';

export interface TokenVerifierOptions {
  /** Pool issuer, e.g. `http://127.0.0.1:9229/local_abc` or `https://cognito-idp.<region>.amazonaws.com/<poolId>`. */
  issuer: string;
  /** Default `${issuer}/.well-known/jwks.json`. Only used with `local: true`. */
  jwksUri?: string;
  userPoolId: string;
  /** Accepted `client_id` values; at least one. */
  clientIds: string[];
  /** true: cognito-local (generic RSA verifier); false (default): `CognitoJwtVerifier`. */
  local?: boolean;
  /** Seconds to refuse JWKS fetches after an unknown `kid`. Default 10. */
  penaltySeconds?: number;
  /** JWKS fetch timeout in ms. Default 5000. */
  fetchTimeoutMs?: number;
  /** Seam for tests and other runtimes. Default: global `fetch`. */
  fetch?: typeof fetch;
  /**
   * How many verified tokens to remember (each until its own `exp`), so a client that sends
   * the same token on every request pays the RSA check once. Default 5000; 0 turns it off.
   */
  cacheSize?: number;
  /** Clock for the cache's expiry check. Default `Date.now`. */
  now?: () => number;
}

export interface VerifiedToken {
  sub: string;
  username: string;
  clientId: string;
  /** The raw token, kept only to call Cognito GetUser on the caller's behalf. */
  token: string;
  payload: JwtPayload;
}

export interface TokenVerifier {
  verify(token: string): Promise<VerifiedToken>;
  stats(): { jwksFetches: number };
}

/** A verification outcome the HTTP layer can answer without knowing aws-jwt-verify. */
export class TokenError extends Error {
  override readonly name = 'TokenError';
  constructor(
    readonly code: 'invalid_token' | 'temporarily_unavailable',
    readonly description: string,
  ) {
    super(description);
  }
}

export function createTokenVerifier(o: TokenVerifierOptions): TokenVerifier {
  if (o.clientIds.length === 0) throw new Error('clientIds must name at least one app client');
  let jwksFetches = 0;
  const fetchImpl = o.fetch ?? fetch;
  const timeoutMs = o.fetchTimeoutMs ?? 5000;
  const fetcher: Fetcher = {
    async fetch(uri) {
      jwksFetches += 1;
      try {
        const res = await fetchImpl(uri, { signal: AbortSignal.timeout(timeoutMs), redirect: 'error' });
        if (!res.ok) throw new Error(`HTTP ${res.status}`);
        return await res.arrayBuffer();
      } catch (err) {
        throw new FetchError(uri, err instanceof Error ? err.message : String(err));
      }
    },
  };
  const jwksCache = new SimpleJwksCache({
    fetcher,
    penaltyBox: new SimplePenaltyBox({ waitSeconds: o.penaltySeconds ?? 10 }),
  });
  const requireExp = ({ payload }: { payload: JwtPayload }): void => {
    // aws-jwt-verify only checks exp when present; a token that never expires is not ours.
    if (typeof payload.exp !== 'number') throw new JwtParseError('token has no exp claim');
  };

  const verifier = o.local
    ? JwtRsaVerifier.create({
      issuer: o.issuer,
      jwksUri: o.jwksUri ?? `${o.issuer.replace(/\/+$/, '')}/.well-known/jwks.json`,
      audience: null,
      customJwtCheck: ({ payload }) => {
        requireExp({ payload });
        if (payload.token_use !== 'access') {
          throw new CognitoJwtInvalidTokenUseError('not an access token', payload.token_use, 'access');
        }
        if (typeof payload.client_id !== 'string' || !o.clientIds.includes(payload.client_id)) {
          throw new CognitoJwtInvalidClientIdError('token of another client', payload.client_id, o.clientIds);
        }
      },
    }, { jwksCache })
    : CognitoJwtVerifier.create({
      userPoolId: o.userPoolId,
      tokenUse: 'access',
      clientId: o.clientIds,
      customJwtCheck: requireExp,
    }, { jwksCache });

  // Keyed by the whole token string: a token that differs in any character (tampered, another
  // signature) is never a hit. Only successes are kept; revocation is checked per request
  // elsewhere (revocations.ts), so caching the signature check changes nothing about it.
  const cacheSize = o.cacheSize ?? 5000;
  const now = o.now ?? Date.now;
  const verified = new Map<string, VerifiedToken>();

  return {
    async verify(token) {
      const hit = verified.get(token);
      if (hit && typeof hit.payload.exp === 'number' && hit.payload.exp * 1000 > now()) return hit;
      if (hit) verified.delete(token);
      const fresh = await verifyUncached(token);
      if (cacheSize > 0) {
        if (verified.size >= cacheSize) verified.delete(verified.keys().next().value ?? '');
        verified.set(token, fresh);
      }
      return fresh;
    },
    stats: () => ({ jwksFetches }),
  };

  async function verifyUncached(token: string): Promise<VerifiedToken> {
    let payload: JwtPayload;
    try {
      payload = await verifier.verify(token);
    } catch (err) {
      throw toTokenError(err);
    }
    const { sub, username, client_id: clientId } = payload;
    if (typeof sub !== 'string' || typeof clientId !== 'string') {
      throw new TokenError('invalid_token', 'token lacks sub or client_id');
    }
    return { sub, username: typeof username === 'string' ? username : sub, clientId, token, payload };
  }
}

// Short, plain reasons: enough for a developer, nothing an attacker can use, no token echo.
const REASONS: [new (...args: never[]) => Error, string][] = [
  [JwtExpiredError, 'token expired'],
  [JwtInvalidSignatureAlgorithmError, 'unsupported signature algorithm'],
  [JwtInvalidSignatureError, 'bad signature'],
  [JwtInvalidIssuerError, 'wrong issuer'],
  [CognitoJwtInvalidTokenUseError, 'not an access token'],
  [CognitoJwtInvalidClientIdError, 'token of another client'],
  [JwtWithoutValidKidError, 'token has no key id'],
  [KidNotFoundInJwksError, 'unknown signing key'],
  [WaitPeriodNotYetEndedJwkError, 'unknown signing key'],
  [JwtParseError, 'malformed token'],
];

export function toTokenError(err: unknown): TokenError {
  if (err instanceof TokenError) return err;
  if (err instanceof FetchError) {
    return new TokenError('temporarily_unavailable', 'cannot fetch the signing keys, try again');
  }
  // CognitoJwtVerifier looks up its config by the token's iss before any claim check, so a
  // foreign or missing issuer surfaces as "issuer not configured" / "issuer must be provided".
  if (err instanceof ParameterValidationError && err.message.startsWith('issuer')) {
    return new TokenError('invalid_token', 'wrong issuer');
  }
  for (const [type, reason] of REASONS) if (err instanceof type) return new TokenError('invalid_token', reason);
  // Anything else a token can provoke is still the token's fault: 401, never 500.
  return new TokenError('invalid_token', 'invalid token');
}
