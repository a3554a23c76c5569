/**
 * Managed login (the pool's hosted pages), as pure logic: the authorization-code grant with PKCE
 * (`S256`), `state` and `nonce`; reading the redirect the browser hands back; checking what the
 * token endpoint answers; the revoke and logout requests. No browser API and no I/O here: the
 * background runs the window (`identity.launchWebAuthFlow`) and the fetches
 * (src/background/managed-login.ts).
 *
 * Everything that comes back is hostile until checked: the redirect must be ours, carry our
 * `state` and a code in its query (never a token, never in a fragment); the ID token must carry
 * our `nonce`, our client as audience and the pool as issuer.
 */
import { decodeJwt, type JwtClaims } from '../shared/jwt.ts';
import { AuthError, type AuthErrorCode } from './errors.ts';
import type { TokenSet } from './token-policy.ts';

/** Where and as whom to sign in. */
export interface ManagedLoginClient {
  /** The managed-login domain as an origin, e.g. `https://x.auth.us-east-1.amazoncognito.com`. */
  domain: string;
  clientId: string;
  /** `identity.getRedirectURL()`: must be one of the app client's callback URLs, exactly. */
  redirectUri: string;
  scopes: string[];
  /** The `iss` of the pool's tokens, e.g. `https://cognito-idp.us-east-1.amazonaws.com/us-east-1_X`. */
  issuer: string;
}

/** What one authorization needs to remember until the redirect comes back. Memory only. */
export interface PendingAuthorization {
  client: ManagedLoginClient;
  state: string;
  nonce: string;
  codeVerifier: string;
  /** The identity provider asked for; absent for the hosted sign-in page itself. */
  provider?: string;
}

/** Randomness and hashing: Web Crypto in the extension, fakes that check their arguments in tests. */
export interface FlowCrypto {
  randomBytes(length: number): Uint8Array;
  sha256(data: Uint8Array): Promise<ArrayBuffer>;
}

export const webCrypto: FlowCrypto = {
  randomBytes: (length) => crypto.getRandomValues(new Uint8Array(length)),
  sha256: (data) => crypto.subtle.digest('SHA-256', data as Uint8Array<ArrayBuffer>),
};

/** RFC 4648 §5, without padding. */
export function base64Url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** 32 random bytes: 43 characters, inside RFC 7636's 43–128 for a verifier. */
const RANDOM_BYTES = 32;

/**
 * The `/oauth2/authorize` URL for a code grant with PKCE S256, a fresh state and nonce, and the
 * provider (`identity_provider`) when one is asked for; and what to remember for the redirect.
 */
export async function beginAuthorization(
  client: ManagedLoginClient,
  o: { provider?: string; prompt?: 'login' } = {},
  random: FlowCrypto = webCrypto,
): Promise<{ url: string; pending: PendingAuthorization }> {
  const codeVerifier = base64Url(random.randomBytes(RANDOM_BYTES));
  const state = base64Url(random.randomBytes(RANDOM_BYTES));
  const nonce = base64Url(random.randomBytes(RANDOM_BYTES));
  const challenge = base64Url(new Uint8Array(await random.sha256(new TextEncoder().encode(codeVerifier))));
  const url = new URL('/oauth2/authorize', client.domain);
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: client.clientId,
    redirect_uri: client.redirectUri,
    scope: client.scopes.join(' '),
    state,
    nonce,
    code_challenge: challenge,
    code_challenge_method: 'S256',
    ...(o.provider ? { identity_provider: o.provider } : {}),
    ...(o.prompt ? { prompt: o.prompt } : {}),
  }).toString();
  return { url: url.toString(), pending: { client, state, nonce, codeVerifier, ...(o.provider ? { provider: o.provider } : {}) } };
}

/** An authorize error (RFC 6749 §4.1.2.1, and Cognito's own) as one of our codes. */
export function authorizeErrorCode(error: string, viaProvider: boolean): AuthErrorCode {
  switch (error) {
    case 'access_denied':
      return 'managed-login-denied';
    case 'redirect_mismatch':
      return 'managed-login-redirect-mismatch';
    case 'invalid_client':
      return 'managed-login-unknown-client';
    case 'unauthorized_client':
    case 'invalid_scope':
    case 'unsupported_response_type':
      return 'managed-login-not-allowed';
    case 'server_error':
    case 'temporarily_unavailable':
      return viaProvider ? 'managed-login-provider-error' : 'service-unavailable';
    default:
      // Whatever else a provider's round trip ends with (its own error, an answer refused).
      return viaProvider ? 'managed-login-provider-error' : 'managed-login-failed';
  }
}

/**
 * The code from the URL the browser intercepted. It must be our redirect URL, answer our
 * `state` (a missing or other state is someone else's flow), and carry the code in its query: a
 * fragment (the implicit grant's tokens) is refused whatever it holds.
 */
export function readRedirect(responseUrl: string, pending: PendingAuthorization): { code: string } {
  let url: URL;
  try {
    url = new URL(responseUrl);
  } catch {
    throw new AuthError('managed-login-failed');
  }
  const expected = new URL(pending.client.redirectUri);
  if (url.origin !== expected.origin || url.pathname !== expected.pathname || url.hash !== '') throw new AuthError('managed-login-failed');
  const q = url.searchParams;
  if (q.get('state') !== pending.state) throw new AuthError('managed-login-failed');
  const error = q.get('error');
  if (error !== null) throw new AuthError(authorizeErrorCode(error, pending.provider !== undefined));
  const code = q.get('code');
  if (!code || q.has('access_token') || q.has('id_token')) throw new AuthError('managed-login-failed');
  return { code };
}

/** A form POST to one of the domain's OAuth endpoints. */
export interface FormRequest {
  url: string;
  body: URLSearchParams;
}

/** `/oauth2/token`: the code, with the verifier and the redirect URI it was issued for. */
export function codeRequest(pending: PendingAuthorization, code: string): FormRequest {
  const { client } = pending;
  return {
    url: new URL('/oauth2/token', client.domain).toString(),
    body: new URLSearchParams({ grant_type: 'authorization_code', client_id: client.clientId, code, redirect_uri: client.redirectUri, code_verifier: pending.codeVerifier }),
  };
}

/** `/oauth2/token` with `grant_type=refresh_token`. */
export function refreshRequest(domain: string, clientId: string, refreshToken: string): FormRequest {
  return { url: new URL('/oauth2/token', domain).toString(), body: new URLSearchParams({ grant_type: 'refresh_token', client_id: clientId, refresh_token: refreshToken }) };
}

/** `/oauth2/revoke`: the refresh token, and with it every token issued from it. */
export function revokeRequest(domain: string, clientId: string, refreshToken: string): FormRequest {
  return { url: new URL('/oauth2/revoke', domain).toString(), body: new URLSearchParams({ token: refreshToken, client_id: clientId }) };
}

/** `/logout`: ends the hosted session, then back to `logoutUri` (one of the client's sign-out URLs). */
export function logoutUrl(domain: string, clientId: string, logoutUri: string): string {
  const url = new URL('/logout', domain);
  url.search = new URLSearchParams({ client_id: clientId, logout_uri: logoutUri }).toString();
  return url.toString();
}

/**
 * Managed login's "Add a passkey" page (`/passkeys/add`): it asks for a sign-in first when the
 * hosted session has ended, registers a passkey for the domain's host, and comes back to
 * `redirectUri` (one of the client's callback URLs) with nothing in the URL.
 */
export function passkeyAddUrl(domain: string, clientId: string, redirectUri: string): string {
  const url = new URL('/passkeys/add', domain);
  url.search = new URLSearchParams({ client_id: clientId, redirect_uri: redirectUri }).toString();
  return url.toString();
}

/** Whether the auth window came back to our own redirect URL (and not somewhere a page chose). */
export function backAtRedirect(responseUrl: string, redirectUri: string): boolean {
  try {
    const back = new URL(responseUrl);
    const ours = new URL(redirectUri);
    return back.origin === ours.origin && back.pathname === ours.pathname;
  } catch {
    return false;
  }
}

/** What the checks of a token answer need: whose tokens, and the nonce for a code grant's ID token. */
export interface TokenExpectations {
  clientId: string;
  issuer: string;
  /** The code grant's nonce; a refresh's ID token carries none to compare. */
  nonce?: string;
}

function claimsOf(token: unknown): JwtClaims | null {
  if (typeof token !== 'string') return null;
  try {
    return decodeJwt(token);
  } catch {
    return null;
  }
}

const audienceIncludes = (aud: unknown, clientId: string) => aud === clientId || (Array.isArray(aud) && aud.includes(clientId));

/**
 * The token endpoint's answer as tokens, or the AuthError it means. A 200 is used only when
 * the ID token is for our client from our pool (and, for a code grant, answers our nonce) and the
 * access token is our client's: anything else is refused, not half-used.
 */
export function readTokenResponse(status: number, body: unknown, expect: TokenExpectations, grant: 'code' | 'refresh'): TokenSet {
  if (status !== 200) throw tokenEndpointError(status, body, grant);
  const b = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  const id = claimsOf(b.id_token);
  const access = claimsOf(b.access_token);
  const fail = () => new AuthError(grant === 'code' ? 'managed-login-failed' : 'unknown');
  if (!id || !access || typeof b.id_token !== 'string' || typeof b.access_token !== 'string') throw fail();
  if (id.iss !== expect.issuer || !audienceIncludes(id.aud, expect.clientId) || id.token_use !== 'id') throw fail();
  if (grant === 'code' && (expect.nonce === undefined || id.nonce !== expect.nonce)) throw fail();
  if (access.iss !== expect.issuer || access.client_id !== expect.clientId || access.token_use !== 'access' || access.sub !== id.sub) throw fail();
  const refresh = typeof b.refresh_token === 'string' && b.refresh_token !== '' ? b.refresh_token : undefined;
  if (grant === 'code' && refresh === undefined) throw fail();
  return { accessToken: b.access_token, idToken: b.id_token, ...(refresh !== undefined ? { refreshToken: refresh } : {}) };
}

/**
 * A token endpoint refusal (RFC 6749 §5.2) as an AuthError. Only `invalid_grant` says the
 * refresh token is dead (signed out); a 5xx or 429 is passing; any other 4xx is not understood
 * and ends nothing.
 */
export function tokenEndpointError(status: number, body: unknown, grant: 'code' | 'refresh'): AuthError {
  if (status === 429) return new AuthError('too-many-requests');
  if (status >= 500) return new AuthError('service-unavailable');
  const error = typeof body === 'object' && body !== null ? (body as { error?: unknown }).error : undefined;
  if (grant === 'refresh') return new AuthError(error === 'invalid_grant' ? 'session-expired' : 'unknown');
  switch (error) {
    case 'invalid_client':
      return new AuthError('managed-login-unknown-client');
    case 'unauthorized_client':
    case 'unsupported_grant_type':
      return new AuthError('managed-login-not-allowed');
    default:
      return new AuthError('managed-login-failed');
  }
}

/**
 * Where a window the user closed had got to, from the page managed login shows for a check
 * request: its own error page names a redirect mismatch or an unknown client; anything else
 * (its sign-in page, a provider's) means the user just closed it. `finalUrl`: the URL the check
 * request ended at.
 */
export function closedWindowCause(finalUrl: string, domain: string): AuthErrorCode | null {
  let url: URL;
  try {
    url = new URL(finalUrl);
  } catch {
    return null;
  }
  if (url.origin !== new URL(domain).origin || url.pathname !== '/error') return null;
  const error = url.searchParams.get('error');
  if (error === 'redirect_mismatch') return 'managed-login-redirect-mismatch';
  if (error === 'invalid_client') return 'managed-login-unknown-client';
  return null;
}

/** The pool's issuer, as its tokens carry it: the endpoint (AWS's regional one by default) and the pool id. */
export function poolIssuer(endpoint: string, userPoolId: string): string {
  return `${endpoint.replace(/\/+$/, '')}/${userPoolId}`;
}
