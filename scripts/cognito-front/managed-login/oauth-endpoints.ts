/**
 * The machine-facing OAuth endpoints, as AWS's reference describes them:
 * - `POST /oauth2/token`: `authorization_code` (PKCE S256) and `refresh_token`, the latter
 *   through the front's GetTokensFromRefreshToken, so the client's rotation setting and every
 *   revocation apply alike by either API;
 * - `GET|POST /oauth2/userInfo`: the user's attributes for an access token with `openid`;
 * - `POST /oauth2/revoke`: revokes a refresh token's whole sign-in (the front's RevokeToken).
 * Errors are RFC 6749 §5.2's JSON (`{"error":"invalid_grant"}`), never a 5xx for bad input.
 */
import type { ServerResponse } from 'node:http';
import type { CognitoDb } from '../cognito-db.ts';
import { CognitoError } from '../errors.ts';
import type { Json } from '../srp-sign-in.ts';
import { decodeJwt, type Claims } from '../tokens.ts';
import { oauthClient, type OAuthClient } from './clients.ts';
import { lifetime, OAuthError, type Grants, type TokenResponse } from './grants.ts';
import { fields, sendJson, type Request } from './http.ts';
import type { ManagedLoginStore } from './store.ts';

/** One of the front's Cognito operations, as a client would call it (errors as CognitoError). */
export type FrontCall = (operation: string, body: Json) => Promise<Json>;

export interface OAuthEndpointOptions {
  db: CognitoDb;
  grants: Grants;
  store: ManagedLoginStore;
  /** Runs one of the front's own operations (GetTokensFromRefreshToken, RevokeToken, GetUser). */
  call: FrontCall;
  /** The front's access-token check (signature, expiry, revocation). */
  checkAccess: (token: unknown) => Claims;
}

/** The attributes each OIDC scope releases at userInfo (AWS: `openid` alone releases all readable ones). */
const SCOPE_ATTRIBUTES: Record<string, string[]> = {
  email: ['email', 'email_verified'],
  phone: ['phone_number', 'phone_number_verified'],
  profile: ['name', 'family_name', 'given_name', 'middle_name', 'nickname', 'preferred_username', 'profile', 'picture', 'website', 'gender', 'birthdate', 'zoneinfo', 'locale', 'updated_at', 'address'],
};

/** The authenticated client: HTTP Basic or the form's client_id (+ client_secret), checked against the pool. */
async function authenticateClient(db: CognitoDb, req: Request, form: URLSearchParams): Promise<OAuthClient> {
  let id = form.get('client_id');
  let secret = form.get('client_secret');
  const basic = /^Basic (.+)$/i.exec(`${req.headers.authorization ?? ''}`)?.[1];
  if (basic) {
    const [user = '', pass = ''] = Buffer.from(basic, 'base64').toString('utf8').split(':');
    id = decodeURIComponent(user);
    secret = decodeURIComponent(pass);
  }
  let client: OAuthClient;
  try {
    client = await oauthClient(db, id);
  } catch (error) {
    if (error instanceof CognitoError) throw new OAuthError('invalid_client');
    throw error;
  }
  if (client.ClientSecret !== undefined && client.ClientSecret !== secret) throw new OAuthError('invalid_client');
  return client;
}

export function createOAuthEndpoints(o: OAuthEndpointOptions) {
  const refresh = async (client: OAuthClient, form: URLSearchParams): Promise<TokenResponse> => {
    const token = form.get('refresh_token');
    if (!token) throw new OAuthError('invalid_request');
    let result;
    try {
      result = await o.call('GetTokensFromRefreshToken', { ClientId: client.ClientId, RefreshToken: token });
    } catch (error) {
      if (error instanceof CognitoError && error.status < 500) throw new OAuthError('invalid_grant');
      throw error;
    }
    const auth = result.AuthenticationResult as { AccessToken: string; IdToken?: string; RefreshToken?: string };
    const scope = o.store.grant(decodeJwt(auth.AccessToken)?.origin_jti ?? '')?.scope;
    const answer: TokenResponse = { access_token: auth.AccessToken, expires_in: lifetime(auth.AccessToken), token_type: 'Bearer' };
    // A sign-in granted without openid gets no ID token (API sign-ins, which have no grant, do).
    if (auth.IdToken && (scope === undefined || scope.split(' ').includes('openid'))) answer.id_token = auth.IdToken;
    if (auth.RefreshToken) answer.refresh_token = auth.RefreshToken;
    return answer;
  };

  const token = async (req: Request, res: ServerResponse) => {
    if (req.method !== 'POST') throw new OAuthError('invalid_request', 405);
    if (!`${req.headers['content-type'] ?? ''}`.startsWith('application/x-www-form-urlencoded')) throw new OAuthError('invalid_request');
    const form = fields(req);
    const client = await authenticateClient(o.db, req, form);
    switch (form.get('grant_type')) {
      case 'authorization_code':
        return sendJson(res, 200, await o.grants.redeem(form, client.ClientId));
      case 'refresh_token':
        return sendJson(res, 200, await refresh(client, form));
      case null:
        throw new OAuthError('invalid_request');
      default:
        throw new OAuthError('unsupported_grant_type');
    }
  };

  const userInfo = async (req: Request, res: ServerResponse) => {
    const bearer = /^Bearer (\S+)$/i.exec(`${req.headers.authorization ?? ''}`)?.[1];
    const refuse = (description: string) =>
      sendJson(res, 401, { error: 'invalid_token', error_description: description }, { 'www-authenticate': `Bearer error="invalid_token", error_description="${description}"` });
    let claims: Claims & { scope?: string };
    try {
      claims = o.checkAccess(bearer);
    } catch (error) {
      if (error instanceof CognitoError) return refuse(error.message);
      throw error;
    }
    const scopes = (claims.scope ?? '').split(' ');
    if (!scopes.includes('openid')) return refuse('Access token does not contain openid scope');
    const user = await o.call('GetUser', { AccessToken: bearer });
    const attributes = (user.UserAttributes ?? []) as { Name: string; Value?: string }[];
    const limited = Object.keys(SCOPE_ATTRIBUTES).some((s) => scopes.includes(s));
    const released = (name: string) => !limited || name === 'sub' || Object.entries(SCOPE_ATTRIBUTES).some(([s, names]) => scopes.includes(s) && names.includes(name));
    const body: Record<string, string> = { username: String(claims.username ?? user.Username) };
    for (const { Name, Value } of attributes) if (Value !== undefined && released(Name)) body[Name] = Value;
    sendJson(res, 200, body);
  };

  const revoke = async (req: Request, res: ServerResponse) => {
    if (req.method !== 'POST') throw new OAuthError('invalid_request', 405);
    const form = fields(req);
    const client = await authenticateClient(o.db, req, form);
    const value = form.get('token');
    if (!value) throw new OAuthError('invalid_request');
    // Only refresh tokens are revocable here (AWS); an access or ID token is a JWT with token_use.
    if (decodeJwt(value)?.token_use) throw new OAuthError('unsupported_token_type');
    try {
      await o.call('RevokeToken', { ClientId: client.ClientId, Token: value });
    } catch (error) {
      if (!(error instanceof CognitoError)) throw error;
      // RFC 7009 §2.2: an unknown or already-revoked token is answered 200 all the same.
      if (error.code === 'UnauthorizedException') throw new OAuthError('unauthorized_client');
    }
    sendJson(res, 200, {});
  };

  /** Runs an endpoint, answering its OAuthError as RFC 6749 §5.2 JSON. */
  const guarded = (endpoint: (req: Request, res: ServerResponse) => Promise<void>) => async (req: Request, res: ServerResponse) => {
    try {
      await endpoint(req, res);
    } catch (error) {
      if (!(error instanceof OAuthError)) throw error;
      sendJson(res, error.status, { error: error.error });
    }
  };

  return { token: guarded(token), userInfo: guarded(userInfo), revoke: guarded(revoke) };
}
