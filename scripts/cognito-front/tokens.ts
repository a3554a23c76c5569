/**
 * Access-token checks cognito-local skips (signature, expiry, `token_use`) and the memory behind
 * GlobalSignOut. Trusts cognito-local's signing key, which ships publicly in its npm package:
 * a development aid only, never a verifier for real tokens.
 */
import { createPublicKey, verify, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { CognitoError } from './errors.ts';

export interface Claims {
  iss?: string;
  sub?: string;
  username?: string;
  'cognito:username'?: string;
  client_id?: string;
  token_use?: string;
  jti?: string;
  iat?: number;
  exp?: number;
}

let key: KeyObject | undefined;
/** cognito-local's public key (node_modules/cognito-local/lib/keys/cognitoLocal.public.json). */
function cognitoLocalKey(): KeyObject {
  const path = createRequire(import.meta.url).resolve('cognito-local/lib/keys/cognitoLocal.public.json');
  key ??= createPublicKey((JSON.parse(readFileSync(path, 'utf8')) as { pem: string }).pem);
  return key;
}

/** The payload, without any check. Undefined for anything that is not a JWT. */
export function decodeJwt(token: unknown): Claims | undefined {
  if (typeof token !== 'string') return undefined;
  const payload = token.split('.')[1];
  try {
    return payload ? (JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Claims) : undefined;
  } catch {
    return undefined;
  }
}

/** An access token's claims once its RS256 signature, `token_use` and expiry hold; AWS's messages otherwise. */
export function verifyAccessToken(token: unknown, nowMs = Date.now()): Claims {
  const invalid = new CognitoError('NotAuthorizedException', 'Invalid Access Token');
  const parts = typeof token === 'string' ? token.split('.') : [];
  const [header, payload, signature] = parts;
  if (parts.length !== 3 || !header || !payload || !signature) throw invalid;
  const signed = verify('sha256', Buffer.from(`${header}.${payload}`), cognitoLocalKey(), Buffer.from(signature, 'base64url'));
  const claims = decodeJwt(token);
  if (!signed || claims?.token_use !== 'access') throw invalid;
  if (typeof claims.exp !== 'number' || claims.exp * 1000 <= nowMs) {
    throw new CognitoError('NotAuthorizedException', 'Access Token has expired');
  }
  return claims;
}

const userKey = (iss: string | undefined, username: string | undefined) => `${iss ?? ''}|${username ?? ''}`;

/**
 * What GlobalSignOut revoked. Refresh tokens: every one the user held at sign-out (exact).
 * Access tokens: the ones the front handed out before sign-out (exact), plus any other issued in
 * an earlier second than the sign-out (JWT `iat` has one-second resolution, so a token minted
 * directly at cognito-local in the same second as the sign-out is missed). In memory only.
 */
export class Revocations {
  private readonly signedOutAt = new Map<string, number>();
  private readonly issuedJtis = new Map<string, Set<string>>();
  private readonly revokedJtis = new Set<string>();
  private readonly revokedRefreshTokens = new Set<string>();

  /** Remembers an access token the front passes to a client, so a later sign-out can name it. */
  noteIssued(accessToken: unknown): void {
    const claims = decodeJwt(accessToken);
    if (!claims?.jti) return;
    const key = userKey(claims.iss, claims.username);
    const jtis = this.issuedJtis.get(key) ?? new Set<string>();
    this.issuedJtis.set(key, jtis.add(claims.jti));
  }

  signOut(access: Claims, refreshTokens: readonly string[], nowMs = Date.now()): void {
    const key = userKey(access.iss, access.username);
    this.signedOutAt.set(key, Math.floor(nowMs / 1000));
    for (const jti of this.issuedJtis.get(key) ?? []) this.revokedJtis.add(jti);
    this.issuedJtis.delete(key);
    if (access.jti) this.revokedJtis.add(access.jti);
    for (const token of refreshTokens) this.revokedRefreshTokens.add(token);
  }

  isAccessRevoked(claims: Claims): boolean {
    if (claims.jti && this.revokedJtis.has(claims.jti)) return true;
    return (claims.iat ?? 0) < (this.signedOutAt.get(userKey(claims.iss, claims.username)) ?? 0);
  }

  isRefreshRevoked(refreshToken: string): boolean {
    if (this.revokedRefreshTokens.has(refreshToken)) return true;
    const claims = decodeJwt(refreshToken);
    const at = this.signedOutAt.get(userKey(claims?.iss, claims?.['cognito:username']));
    return at !== undefined && (claims?.iat ?? 0) < at;
  }
}
