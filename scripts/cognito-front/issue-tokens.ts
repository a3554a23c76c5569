/**
 * The one path every token leaves the front by: InitiateAuth (password and SRP), every
 * RespondToAuthChallenge that ends a sign-in (MFA answers included), REFRESH_TOKEN_AUTH and
 * GetTokensFromRefreshToken. cognito-local mints tokens without some of AWS's claims; this re-signs
 * them (with cognito-local's own key, so cognito-local and the API still accept them) carrying:
 * - both tokens: `iss` = the front's URL + pool id, as AWS names its own endpoint
 *   (`https://cognito-idp.<region>.amazonaws.com/<poolId>`), whose JWKS and discovery document
 *   the front serves (managed-login/discovery.ts);
 * - both tokens: `origin_jti` (one per sign-in, the same across its refreshes, as on AWS; real
 *   Amplify calls RevokeToken on sign-out only when the access token has it) and the sign-in's
 *   `auth_time`;
 * - the ID token: the user's attributes as AWS puts them (`name`, `preferred_username`, ...;
 *   `email_verified` a boolean read from the stored "true"/"false").
 * It hands out an opaque refresh token in place of cognito-local's (a readable JWT carrying the
 * user's email; AWS's are encrypted), recording which client and sign-in it belongs to and the
 * cognito-local token it stands for (front-state.ts), and adds AWS's `ExpiresIn` and
 * `TokenType: "Bearer"` to every result.
 */
import { randomUUID } from 'node:crypto';
import type { CognitoDb, StoredUser } from './cognito-db.ts';
import type { FrontState } from './front-state.ts';
import { params, type Json } from './srp-sign-in.ts';
import { decodeJwt, resignJwt, userKey } from './tokens.ts';

/** One sign-in, as its tokens carry it. */
export interface SignIn {
  originJti: string;
  authTime: number;
}

export interface IssueContext {
  db: CognitoDb;
  state: FrontState;
  /** `iss` of the pool's tokens: `<front URL>/<poolId>`. */
  issuer: (poolId: string) => string;
  /**
   * Claims another part of the front adds to a sign-in's tokens, refreshes included (managed
   * login: the grant's `scope`, a federated user's username and `identities`). `username` is
   * cognito-local's.
   */
  extraClaims?: (s: { poolId: string; username: string; originJti: string }) => ExtraClaims;
}

export interface ExtraClaims {
  access?: Record<string, unknown>;
  id?: Record<string, unknown>;
}

const BOOLEAN_ATTRIBUTES = new Set(['email_verified', 'phone_number_verified']);

/** The ID-token claims AWS derives from the user's attributes (`sub` is cognito-local's already). */
export function attributeClaims(user: StoredUser | undefined): Record<string, unknown> {
  const claims: Record<string, unknown> = {};
  for (const { Name, Value } of user?.Attributes ?? []) {
    if (Name === 'sub' || Value === undefined) continue;
    claims[Name] = BOOLEAN_ATTRIBUTES.has(Name) ? Value === 'true' : Value;
  }
  return claims;
}

/** A fresh sign-in for the access token `accessToken` (its `auth_time` is cognito-local's mint time). */
export function newSignIn(accessToken: unknown, nowMs = Date.now()): SignIn {
  const claims = decodeJwt(accessToken);
  return { originJti: randomUUID(), authTime: claims?.auth_time ?? claims?.iat ?? Math.floor(nowMs / 1000) };
}

/** AWS's ExpiresIn: the access token's lifetime in seconds. */
export const lifetime = (accessToken: unknown): number => {
  const claims = decodeJwt(accessToken);
  return (claims?.exp ?? 0) - (claims?.iat ?? 0) || 3600;
};

/**
 * `result` (a Cognito answer) with its AuthenticationResult's tokens shaped like AWS's. `signIn`:
 * the sign-in a refresh continues; absent, the tokens start a new one. `accessClaims`: more
 * claims for the access token (`device_key` after a remembered device signed in). An answer
 * without tokens (a challenge) comes back unchanged.
 */
export async function issueTokens(ctx: IssueContext, result: Json, clientId: unknown, signIn?: SignIn, accessClaims: Json = {}): Promise<Json> {
  const auth = params(result.AuthenticationResult);
  const { AccessToken, IdToken, RefreshToken } = auth;
  if (typeof AccessToken !== 'string') return result;
  const access = decodeJwt(AccessToken);
  const session = signIn ?? newSignIn(AccessToken);
  const client = await ctx.db.client(access?.client_id ?? clientId);
  const shared = { iss: ctx.issuer(client.UserPoolId), origin_jti: session.originJti, auth_time: session.authTime };
  const user = await ctx.db.user(client.UserPoolId, access?.username);
  const extra = ctx.extraClaims?.({ poolId: client.UserPoolId, username: String(access?.username ?? ''), originJti: session.originJti }) ?? {};
  const shaped: Json = { ...auth, AccessToken: resignJwt(AccessToken, { ...shared, ...extra.access, ...accessClaims }), ExpiresIn: lifetime(AccessToken), TokenType: 'Bearer' };
  if (typeof IdToken === 'string') shaped.IdToken = resignJwt(IdToken, { ...attributeClaims(user), ...shared, ...extra.id });
  if (typeof RefreshToken === 'string' && typeof clientId === 'string') {
    shaped.RefreshToken = ctx.state.mint({ clientId, ...session, user: userKey(access?.iss, access?.username), underlying: RefreshToken });
  }
  return { ...result, AuthenticationResult: shaped };
}
