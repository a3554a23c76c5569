/**
 * Access-token checks cognito-local skips (signature, expiry, `token_use`), the re-signing that
 * gives its tokens AWS's claims, and the memory behind RevokeToken and GlobalSignOut. Uses
 * cognito-local's signing key, which ships publicly (both halves) in its npm package: a
 * development aid only, never a verifier or minter of real tokens.
 */
import { createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { CognitoError } from './errors.ts';
import type { FrontState, RefreshRecord } from './front-state.ts';

export interface Claims {
  iss?: string;
  sub?: string;
  username?: string;
  'cognito:username'?: string;
  client_id?: string;
  token_use?: string;
  jti?: string;
  /** AWS: the same for every token of one sign-in, refreshes included; what RevokeToken revokes. */
  origin_jti?: string;
  auth_time?: number;
  /** Space-separated OAuth scopes (cognito-local: always `aws.cognito.signin.user.admin`). */
  scope?: string;
  event_id?: string;
  iat?: number;
  exp?: number;
}

let key: KeyObject | undefined;
let privateKey: KeyObject | undefined;
const keyFile = (half: 'public' | 'private') => {
  const path = createRequire(import.meta.url).resolve(`cognito-local/lib/keys/cognitoLocal.${half}.json`);
  return JSON.parse(readFileSync(path, 'utf8')) as { pem: string; jwk: Record<string, string> };
};
const keyPem = (half: 'public' | 'private') => keyFile(half).pem;
/** The signing key's public half as a JWK (RS256, kid CognitoLocal): the pool's JWKS lists it. */
export const signingJwk = (): Record<string, string> => keyFile('public').jwk;
/** cognito-local's public key (node_modules/cognito-local/lib/keys/cognitoLocal.public.json). */
function cognitoLocalKey(): KeyObject {
  key ??= createPublicKey(keyPem('public'));
  return key;
}

/**
 * `token` with `claims` merged into its payload, signed again with cognito-local's private key and
 * header (RS256, kid CognitoLocal), so cognito-local and any verifier of its JWKS still accept it.
 * `iat` and `exp` stay cognito-local's; `iss` too unless `claims` names another.
 */
export function resignJwt(token: string, claims: Record<string, unknown>): string {
  const payload = decodeJwt(token);
  if (!payload) throw new Error('not a JWT');
  privateKey ??= createPrivateKey(keyPem('private'));
  const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const signed = `${b64({ alg: 'RS256', typ: 'JWT', kid: 'CognitoLocal' })}.${b64({ ...payload, ...claims })}`;
  return `${signed}.${sign('sha256', Buffer.from(signed), privateKey).toString('base64url')}`;
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

/**
 * A user as revocation names it: `<poolId>|<username>`. The pool id is the last part of `iss`, so
 * access tokens (`username`), refresh tokens (`cognito:username`) and admin calls agree.
 */
export const userKey = (issOrPoolId: string | undefined, username: string | undefined) =>
  `${(issOrPoolId ?? '').split('/').pop() ?? ''}|${username ?? ''}`;

/**
 * What RevokeToken and GlobalSignOut revoked, kept in the front's state file (front-state.ts).
 * Exact for tokens the front handed out: each carries its sign-in's `origin_jti`, and revoking
 * a sign-in revokes every refresh and access token of it. For tokens minted directly at
 * cognito-local (no `origin_jti`), GlobalSignOut falls back to "issued in an earlier second than
 * the sign-out" (JWT `iat` has one-second resolution).
 */
export class Revocations {
  constructor(private readonly state: FrontState) {}

  /** RevokeToken: the sign-in `originJti` and all its tokens. */
  revokeSignIn(originJti: string): void {
    this.state.revoke([originJti]);
  }

  /** GlobalSignOut: every sign-in of the user (`poolIdOrIss`, `username`) before now. */
  signOut(poolIdOrIss: string | undefined, username: string | undefined, nowMs = Date.now()): void {
    const key = userKey(poolIdOrIss, username);
    this.state.revoke(this.state.signInsOf(key), { key, second: Math.floor(nowMs / 1000) });
  }

  isAccessRevoked(claims: Claims): boolean {
    if (claims.origin_jti && this.state.isSignInRevoked(claims.origin_jti)) return true;
    return (claims.iat ?? 0) < (this.state.signedOutAt(userKey(claims.iss, claims.username)) ?? 0);
  }

  /** `underlying`: the cognito-local refresh token; `record`: the front's record of the token used. */
  isRefreshRevoked(underlying: string, record: RefreshRecord | undefined): boolean {
    if (record?.originJti && this.state.isSignInRevoked(record.originJti)) return true;
    const claims = decodeJwt(underlying);
    const at = this.state.signedOutAt(userKey(claims?.iss, claims?.['cognito:username']));
    return at !== undefined && (claims?.iat ?? 0) < at;
  }
}
