/**
 * An authorization request (`/oauth2/authorize`, and `/login` and `/passkeys/add`, which carry
 * the same query), checked in AWS's order: an unknown client or a redirect URI the client does
 * not list exactly ends on managed login's own error page (`redirect_mismatch`), since nothing
 * may be sent to an unvetted URL; every later problem is sent back to the redirect URI as
 * `error=<code>` with the client's `state` untouched (RFC 6749 §4.1.2.1).
 */
import type { CognitoDb } from '../cognito-db.ts';
import { CognitoError } from '../errors.ts';
import { oauthClient, type OAuthClient } from './clients.ts';

export interface AuthorizeRequest {
  clientId: string;
  redirectUri: string;
  responseType: 'code' | 'token';
  /** The client's own value, returned untouched: checking it is the client's job. */
  state?: string;
  scopes: string[];
  codeChallenge?: string;
  nonce?: string;
  /** `identity_provider`: COGNITO or a provider's name. */
  identityProvider?: string;
  /** `idp_identifier`: one of a provider's IdpIdentifiers. */
  idpIdentifier?: string;
  prompt?: string;
}

/** The query that carries a request on to `/login` (and back to `/oauth2/authorize`). */
export function requestQuery(r: AuthorizeRequest): URLSearchParams {
  const q = new URLSearchParams({ client_id: r.clientId, redirect_uri: r.redirectUri, response_type: r.responseType, scope: r.scopes.join(' ') });
  if (r.state !== undefined) q.set('state', r.state);
  if (r.codeChallenge) {
    q.set('code_challenge', r.codeChallenge);
    q.set('code_challenge_method', 'S256');
  }
  if (r.nonce) q.set('nonce', r.nonce);
  if (r.prompt) q.set('prompt', r.prompt);
  return q;
}

export type Checked =
  | { ok: true; request: AuthorizeRequest; client: OAuthClient }
  /** Shown on managed login's error page: `/error?error=<code>&client_id=...`. */
  | { ok: false; page: 'invalid_client' | 'redirect_mismatch' }
  /** Sent back to the client's redirect URI. */
  | { ok: false; redirect: string };

/** `redirectUri` with the error (and the client's state) in its query. */
export function errorRedirect(redirectUri: string, error: string, description: string, state: string | undefined): string {
  const url = new URL(redirectUri);
  url.searchParams.set('error_description', description);
  url.searchParams.set('error', error);
  if (state !== undefined) url.searchParams.set('state', state);
  return url.toString();
}

export async function checkAuthorizeRequest(db: CognitoDb, q: URLSearchParams): Promise<Checked> {
  let client: OAuthClient;
  try {
    client = await oauthClient(db, q.get('client_id'));
  } catch (error) {
    if (error instanceof CognitoError) return { ok: false, page: 'invalid_client' };
    throw error;
  }
  const redirectUri = q.get('redirect_uri') ?? '';
  // Exact match, as AWS: no prefix, no extra path, no added query, no trailing slash tolerance.
  if (!(client.CallbackURLs ?? []).includes(redirectUri)) return { ok: false, page: 'redirect_mismatch' };
  const state = q.get('state') ?? undefined;
  const fail = (error: string, description: string): Checked => ({ ok: false, redirect: errorRedirect(redirectUri, error, description, state) });

  const responseType = q.get('response_type');
  if (responseType !== 'code' && responseType !== 'token') return fail('unsupported_response_type', 'response_type must be code or token');
  const flows = client.AllowedOAuthFlowsUserPoolClient ? (client.AllowedOAuthFlows ?? []) : [];
  if (!flows.includes(responseType === 'code' ? 'code' : 'implicit')) return fail('unauthorized_client', `The ${responseType === 'code' ? 'authorization code' : 'implicit'} grant is not allowed for this client`);

  const allowed = client.AllowedOAuthScopes ?? [];
  const asked = (q.get('scope') ?? '').split(/\s+/).filter(Boolean);
  if (asked.some((s) => !allowed.includes(s))) return fail('invalid_scope', 'The requested scope is not allowed for this client');
  const scopes = asked.length ? [...new Set(asked)] : allowed;

  const challenge = q.get('code_challenge') ?? undefined;
  const method = q.get('code_challenge_method');
  if (challenge !== undefined && method !== 'S256') return fail('invalid_request', 'code_challenge_method must be S256');
  if (challenge !== undefined && !/^[A-Za-z0-9._~-]{43,128}$/.test(challenge)) return fail('invalid_request', 'Invalid code_challenge');
  if (challenge === undefined && method !== null) return fail('invalid_request', 'code_challenge is missing');

  const identityProvider = q.get('identity_provider') ?? undefined;
  const supported = client.SupportedIdentityProviders ?? [];
  if (identityProvider && !supported.includes(identityProvider)) return fail('invalid_request', `identity_provider ${identityProvider} is not supported by this client`);

  const request: AuthorizeRequest = { clientId: client.ClientId, redirectUri, responseType, scopes };
  if (state !== undefined) request.state = state;
  if (challenge !== undefined) request.codeChallenge = challenge;
  for (const [field, key] of [['nonce', 'nonce'], ['identityProvider', 'identity_provider'], ['idpIdentifier', 'idp_identifier'], ['prompt', 'prompt']] as const) {
    const value = q.get(key);
    if (value) request[field] = value;
  }
  return { ok: true, request, client };
}
