/**
 * What a finished managed-login sign-in becomes: an authorization code (5 minutes, once; AWS's
 * lifetime) that `/oauth2/token` exchanges with PKCE, or, only for a client allowed the implicit
 * grant, tokens in the redirect's fragment. Tokens come from cognito-local through the front's
 * one issuing path (issue-tokens.ts); this adds what the grant decides: the access token's
 * `scope` (kept for every refresh of the sign-in, store.ts), and the ID token's `nonce` and
 * `at_hash`. Only a grant with `openid` gets an ID token.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { CognitoDb } from '../cognito-db.ts';
import { CognitoError } from '../errors.ts';
import { issueTokens, type IssueContext } from '../issue-tokens.ts';
import { params, type Json, type Upstream } from '../srp-sign-in.ts';
import { decodeJwt, resignJwt } from '../tokens.ts';
import type { AuthorizeRequest } from './authorize-request.ts';
import { Expiring } from './expiring.ts';
import type { ManagedLoginStore } from './store.ts';

/** AWS's authorization-code lifetime. */
const CODE_TTL_MS = 5 * 60_000;

export interface Tokens {
  AccessToken: string;
  IdToken?: string;
  RefreshToken?: string;
}

interface Code {
  request: AuthorizeRequest;
  tokens: Tokens;
  /** Set once redeemed: a second use revokes the sign-in (RFC 6749 §4.1.2). */
  spent?: boolean;
}

/** The token endpoint's answer to a code or refresh grant, as AWS words it. */
export interface TokenResponse {
  access_token: string;
  id_token?: string;
  refresh_token?: string;
  expires_in: number;
  token_type: 'Bearer';
}

export interface GrantOptions {
  db: CognitoDb;
  upstream: Upstream;
  store: ManagedLoginStore;
  issue: IssueContext;
  /** Revokes a whole sign-in (the front's RevokeToken of its refresh token). */
  revoke: (clientId: string, refreshToken: string) => Promise<void>;
}

export class OAuthError extends Error {
  constructor(
    readonly error: string,
    readonly status = 400,
  ) {
    super(error);
  }
}

/** Seconds the access token lives (AWS's expires_in). */
export const lifetime = (accessToken: string) => {
  const claims = decodeJwt(accessToken);
  return (claims?.exp ?? 0) - (claims?.iat ?? 0) || 3600;
};
const s256 = (verifier: string) => createHash('sha256').update(verifier).digest('base64url');
const same = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
/** OIDC's at_hash for RS256: the left half of SHA-256 of the access token. */
const atHash = (accessToken: string) => createHash('sha256').update(accessToken).digest().subarray(0, 16).toString('base64url');

export function createGrants(o: GrantOptions) {
  const codes = new Expiring<Code>(CODE_TTL_MS);

  /**
   * Fresh tokens for a user who proved who they are without the password step of the API (a
   * hosted session, a federated provider, a passkey): cognito-local's USER_PASSWORD_AUTH with
   * the password it keeps, as the front's SRP and MFA answers get theirs.
   */
  const mint = async (poolId: string, username: string, clientId: string): Promise<Tokens> => {
    const user = await o.db.user(poolId, username);
    if (!user?.Password || user.Enabled === false) throw new CognitoError('NotAuthorizedException', 'User is disabled.');
    const minted = await o.upstream('InitiateAuth', { AuthFlow: 'USER_PASSWORD_AUTH', ClientId: clientId, AuthParameters: { USERNAME: user.Username, PASSWORD: user.Password } });
    return tokensOf(await issueTokens(o.issue, minted, clientId));
  };

  /** The tokens a grant hands out: the scope on the access token, nonce and at_hash on the ID token. */
  const shape = (request: AuthorizeRequest, tokens: Tokens): TokenResponse => {
    const access = decodeJwt(tokens.AccessToken);
    const scope = request.scopes.join(' ');
    if (access?.origin_jti) o.store.setGrant(access.origin_jti, { scope });
    const accessToken = resignJwt(tokens.AccessToken, { scope });
    const result: TokenResponse = { access_token: accessToken, expires_in: lifetime(accessToken), token_type: 'Bearer' };
    if (request.scopes.includes('openid') && tokens.IdToken) {
      result.id_token = resignJwt(tokens.IdToken, { at_hash: atHash(accessToken), ...(request.nonce ? { nonce: request.nonce } : {}) });
    }
    if (tokens.RefreshToken) result.refresh_token = tokens.RefreshToken;
    return result;
  };

  return {
    mint,

    /** Where the browser goes once the user is signed in: the redirect URI with a code (or, implicit, tokens in the fragment). */
    redirectFor(request: AuthorizeRequest, tokens: Tokens): string {
      const url = new URL(request.redirectUri);
      if (request.responseType === 'token') {
        // Implicit (only for clients allowed it): no refresh token, as AWS.
        const { refresh_token: _r, ...implicit } = shape(request, { ...tokens, RefreshToken: undefined });
        const fragment = new URLSearchParams({ ...implicit, expires_in: String(implicit.expires_in) });
        if (request.state !== undefined) fragment.set('state', request.state);
        url.hash = fragment.toString();
        return url.toString();
      }
      url.searchParams.set('code', codes.add({ request, tokens }));
      if (request.state !== undefined) url.searchParams.set('state', request.state);
      return url.toString();
    },

    /** `grant_type=authorization_code`. Every mismatch is `invalid_grant`, as RFC 6749 §5.2 says. */
    async redeem(form: URLSearchParams, clientId: string): Promise<TokenResponse> {
      const code = form.get('code');
      if (!code || !form.get('redirect_uri')) throw new OAuthError('invalid_request');
      const found = codes.get(code);
      if (!found || found.request.clientId !== clientId) throw new OAuthError('invalid_grant');
      if (found.spent) {
        // A code used twice was stolen or replayed: end the sign-in it started.
        codes.delete(code);
        if (found.tokens.RefreshToken) await o.revoke(clientId, found.tokens.RefreshToken);
        throw new OAuthError('invalid_grant');
      }
      found.spent = true;
      if (found.request.redirectUri !== form.get('redirect_uri')) throw new OAuthError('invalid_grant');
      const challenge = found.request.codeChallenge;
      const verifier = form.get('code_verifier');
      if (challenge !== undefined && (!verifier || !same(s256(verifier), challenge))) throw new OAuthError('invalid_grant');
      return shape(found.request, found.tokens);
    },
  };
}

export type Grants = ReturnType<typeof createGrants>;

/** The tokens of a Cognito answer (AuthenticationResult). */
export function tokensOf(result: Json): Tokens {
  const auth = params(result.AuthenticationResult);
  if (typeof auth.AccessToken !== 'string') throw new CognitoError('NotAuthorizedException', 'No tokens were issued.');
  return {
    AccessToken: auth.AccessToken,
    IdToken: typeof auth.IdToken === 'string' ? auth.IdToken : undefined,
    RefreshToken: typeof auth.RefreshToken === 'string' ? auth.RefreshToken : undefined,
  };
}
