/**
 * The pool's key set and OpenID discovery document, at the issuer as on AWS:
 * `<iss>/.well-known/jwks.json` and `<iss>/.well-known/openid-configuration`, where
 * `iss = <front URL>/<poolId>` (issue-tokens.ts). The endpoints it names are managed login's, on
 * its own host (AWS: the pool's domain, `https://<prefix>.auth.<region>.amazoncognito.com`).
 * The fields are those AWS's document has, plus `code_challenge_methods_supported`, which AWS
 * supports (PKCE S256) without listing.
 */
import type { ServerResponse } from 'node:http';
import { signingJwk } from '../tokens.ts';
import { sendJson } from './http.ts';

const WELL_KNOWN = /^\/([\w-]+_[0-9A-Za-z]+)\/\.well-known\/(jwks\.json|openid-configuration)$/;

export interface DiscoveryOptions {
  /** `iss` of `poolId`'s tokens. */
  issuer: (poolId: string) => string;
  /** Managed login's origin, e.g. `http://localhost:9230`. */
  managedLoginUrl: string;
  /** Whether the pool exists. */
  poolExists: (poolId: string) => Promise<boolean>;
}

export function openIdConfiguration(issuer: string, base: string) {
  return {
    issuer,
    authorization_endpoint: `${base}/oauth2/authorize`,
    token_endpoint: `${base}/oauth2/token`,
    userinfo_endpoint: `${base}/oauth2/userInfo`,
    revocation_endpoint: `${base}/oauth2/revoke`,
    end_session_endpoint: `${base}/logout`,
    jwks_uri: `${issuer}/.well-known/jwks.json`,
    response_types_supported: ['code', 'token'],
    scopes_supported: ['openid', 'email', 'phone', 'profile'],
    subject_types_supported: ['public'],
    id_token_signing_alg_values_supported: ['RS256'],
    token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
    code_challenge_methods_supported: ['S256'],
  };
}

/** Answers `path` if it is a pool's well-known document; false when the path is not one. */
export async function serveDiscovery(o: DiscoveryOptions, path: string, res: ServerResponse): Promise<boolean> {
  const match = WELL_KNOWN.exec(path);
  if (!match) return false;
  const [, poolId = '', document] = match;
  if (!(await o.poolExists(poolId))) {
    sendJson(res, 404, { message: `User pool ${poolId} does not exist.` });
    return true;
  }
  const body = document === 'jwks.json' ? { keys: [signingJwk()] } : openIdConfiguration(o.issuer(poolId), o.managedLoginUrl);
  // The key set and metadata change rarely; AWS lets clients cache them too.
  sendJson(res, 200, body, { 'cache-control': 'max-age=300' });
  return true;
}
