/**
 * App clients' OAuth settings. cognito-local 5.3 stores and describes them (AllowedOAuthFlows,
 * AllowedOAuthScopes, CallbackURLs, LogoutURLs, SupportedIdentityProviders,
 * AllowedOAuthFlowsUserPoolClient) but checks nothing; the front validates them on
 * Create/UpdateUserPoolClient as AWS does (CreateUserPoolClient's API reference) before
 * cognito-local stores them, and managed login reads them from cognito-local's database.
 */
import type { CognitoDb, StoredClient } from '../cognito-db.ts';
import { CognitoError, invalidParameter } from '../errors.ts';
import type { Json } from '../srp-sign-in.ts';

export interface OAuthClient extends StoredClient {
  ClientSecret?: string;
  AllowedOAuthFlows?: string[];
  AllowedOAuthScopes?: string[];
  AllowedOAuthFlowsUserPoolClient?: boolean;
  CallbackURLs?: string[];
  LogoutURLs?: string[];
  SupportedIdentityProviders?: string[];
  ExplicitAuthFlows?: string[];
}

/** The scopes a user-pool app client may be allowed (custom resource-server scopes aside). */
export const STANDARD_SCOPES = ['phone', 'email', 'openid', 'profile', 'aws.cognito.signin.user.admin'];
const FLOWS = ['code', 'implicit', 'client_credentials'];

/** The client with its OAuth settings; AWS's ResourceNotFoundException when unknown. */
export async function oauthClient(db: CognitoDb, clientId: unknown): Promise<OAuthClient> {
  return (await db.client(clientId)) as OAuthClient;
}

const strings = (value: unknown): string[] | undefined =>
  Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : undefined;

/**
 * Why `url` cannot be a callback or sign-out URL, per AWS: absolute, no fragment, HTTPS except
 * `http://localhost` (for testing), or an app scheme such as `myapp://`.
 */
export function badRedirectUrl(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'is not an absolute URL';
  }
  if (url.includes('#')) return 'must not contain a fragment';
  if (parsed.protocol === 'http:' && parsed.hostname !== 'localhost') return 'must use HTTPS (http is allowed only for localhost)';
  if (parsed.protocol === 'javascript:' || parsed.protocol === 'data:') return 'is not a redirect URL';
  return undefined;
}

/**
 * Throws AWS's error for OAuth settings it would refuse. `known` are the pool's identity provider
 * names (COGNITO is always known).
 */
export function validateOAuthSettings(req: Json, known: readonly string[]): void {
  const flows = strings(req.AllowedOAuthFlows) ?? [];
  const scopes = strings(req.AllowedOAuthScopes) ?? [];
  const callbacks = strings(req.CallbackURLs) ?? [];
  for (const flow of flows) {
    if (!FLOWS.includes(flow)) {
      throw invalidParameter(`1 validation error detected: Value '[${flows.join(', ')}]' at 'allowedOAuthFlows' failed to satisfy constraint: Member must satisfy enum value set: [${FLOWS.join(', ')}]`);
    }
  }
  for (const scope of scopes) {
    if (!STANDARD_SCOPES.includes(scope)) throw new CognitoError('ScopeDoesNotExistException', `Invalid scope requested: ${scope}`);
  }
  for (const url of [...callbacks, ...(strings(req.LogoutURLs) ?? [])]) {
    const why = badRedirectUrl(url);
    if (why) throw invalidParameter(`${url} ${why}.`);
  }
  for (const provider of strings(req.SupportedIdentityProviders) ?? []) {
    if (provider !== 'COGNITO' && !known.includes(provider)) throw invalidParameter(`The provider ${provider} does not exist for User Pool ${String(req.UserPoolId)}`);
  }
  if (req.AllowedOAuthFlowsUserPoolClient === true) {
    if (flows.length === 0) throw new CognitoError('InvalidOAuthFlowException', 'AllowedOAuthFlows are required when AllowedOAuthFlowsUserPoolClient is true.');
    if (scopes.length === 0) throw new CognitoError('InvalidOAuthFlowException', 'AllowedOAuthScopes are required when AllowedOAuthFlowsUserPoolClient is true.');
    if ((flows.includes('code') || flows.includes('implicit')) && callbacks.length === 0) {
      throw new CognitoError('InvalidOAuthFlowException', 'CallbackURLs are required for the code and implicit flows.');
    }
  }
}
