/**
 * Sign-in through an OIDC identity provider, as managed login does it: `/oauth2/authorize` with
 * `identity_provider` (or `idp_identifier`) sends the browser to the provider with managed
 * login's own `state`, `nonce` and PKCE; `/oauth2/idpresponse` takes the provider's code, which
 * openid-client (a certified relying party) exchanges and checks (ID token signature, issuer,
 * audience, nonce). The user is then created or updated as AWS does it:
 * - username `<ProviderName>_<sub>`, attributes from the provider's claims through the
 *   provider's AttributeMapping (updated at every sign-in);
 * - the `identities` claim in the ID token;
 * - membership of the group `<poolId>_<ProviderName>` (the `cognito:groups` entry).
 * cognito-local cannot hold such a username in an email-username pool (it names every user by a
 * new uuid), so the federated name is an alias kept in store.ts and written into the tokens.
 */
import { randomBytes } from 'node:crypto';
import * as oidc from 'openid-client';
import { CognitoError } from '../errors.ts';
import { params, type Upstream } from '../srp-sign-in.ts';
import type { AuthorizeRequest } from './authorize-request.ts';
import { Expiring } from './expiring.ts';
import type { FederatedLink, IdentityProvider, ManagedLoginStore } from './store.ts';

/** How long a user may spend at the provider. */
const ROUND_TRIP_MS = 10 * 60_000;

interface RoundTrip {
  request: AuthorizeRequest;
  poolId: string;
  provider: string;
  verifier: string;
  nonce: string;
  /** The redirect_uri sent to the provider (managed login's `/oauth2/idpresponse`). */
  callback: string;
}

/** A local OIDC provider serves plain HTTP; openid-client allows it only when told. */
const discover = (provider: IdentityProvider) => {
  const d = provider.ProviderDetails;
  const auth = d.client_secret ? oidc.ClientSecretPost(d.client_secret) : oidc.None();
  const issuer = new URL(d.oidc_issuer ?? '');
  return oidc.discovery(issuer, d.client_id ?? '', undefined, auth, issuer.protocol === 'http:' ? { execute: [oidc.allowInsecureRequests] } : undefined);
};

/** The provider's discovery document (for CreateIdentityProvider). */
export async function discoverIssuer(issuer: string): Promise<Record<string, unknown>> {
  const url = new URL(issuer);
  const config = await oidc.discovery(url, 'discovery', undefined, oidc.None(), url.protocol === 'http:' ? { execute: [oidc.allowInsecureRequests] } : undefined);
  return { ...config.serverMetadata() };
}

export function createFederation(o: { store: ManagedLoginStore; upstream: Upstream }) {
  const trips = new Expiring<RoundTrip>(ROUND_TRIP_MS);
  const configs = new Map<string, Promise<oidc.Configuration>>();
  const configOf = (provider: IdentityProvider) => {
    const key = `${provider.UserPoolId}/${provider.ProviderName}/${provider.LastModifiedDate}`;
    let config = configs.get(key);
    if (!config) configs.set(key, (config = discover(provider)));
    config.catch(() => configs.delete(key));
    return config;
  };

  /** Creates or updates the user `<Provider>_<sub>` from the provider's claims; answers cognito-local's username. */
  const link = async (provider: IdentityProvider, claims: Record<string, unknown>): Promise<string> => {
    const poolId = provider.UserPoolId;
    const sub = String(claims.sub);
    const username = `${provider.ProviderName}_${sub}`;
    const attributes = Object.entries(provider.AttributeMapping)
      .filter(([attribute, claim]) => attribute !== 'username' && claims[claim] !== undefined && claims[claim] !== null)
      .map(([attribute, claim]) => ({ Name: attribute, Value: String(claims[claim]) }));
    const existing = o.store.federated(poolId, username);
    if (existing) {
      if (attributes.length) await o.upstream('AdminUpdateUserAttributes', { UserPoolId: poolId, Username: existing.localUsername, UserAttributes: attributes });
      return existing.localUsername;
    }
    // cognito-local wants an email as the username of an email-username pool; this one only
    // names the request (the user gets a uuid), so it cannot meet a real user's email.
    const created = await o.upstream('AdminCreateUser', { UserPoolId: poolId, Username: `${username.toLowerCase()}@federated.invalid`, MessageAction: 'SUPPRESS', UserAttributes: attributes });
    const localUsername = String(params(created.User).Username);
    // Federated users never sign in with a password; cognito-local needs one to mint tokens.
    await o.upstream('AdminSetUserPassword', { UserPoolId: poolId, Username: localUsername, Password: `${randomBytes(24).toString('base64url')}aA1!`, Permanent: true });
    const group = `${poolId}_${provider.ProviderName}`;
    await o.upstream('CreateGroup', { UserPoolId: poolId, GroupName: group }).catch((error: unknown) => {
      if (!(error instanceof CognitoError && error.code === 'GroupExistsException')) throw error;
    });
    await o.upstream('AdminAddUserToGroup', { UserPoolId: poolId, Username: localUsername, GroupName: group });
    const identity: FederatedLink['identities'][number] = { userId: sub, providerName: provider.ProviderName, providerType: provider.ProviderType, issuer: null, primary: 'true', dateCreated: String(Date.now()) };
    o.store.setFederated(poolId, username, { localUsername, identities: [identity] });
    return localUsername;
  };

  return {
    /** The provider's authorization URL for this request (managed login's own state, nonce and PKCE). */
    async start(provider: IdentityProvider, request: AuthorizeRequest, base: string): Promise<string> {
      const config = await configOf(provider);
      const verifier = oidc.randomPKCECodeVerifier();
      const nonce = oidc.randomNonce();
      const callback = `${base}/oauth2/idpresponse`;
      const state = trips.add({ request, poolId: provider.UserPoolId, provider: provider.ProviderName, verifier, nonce, callback });
      const scope = (provider.ProviderDetails.authorize_scopes ?? 'openid').replace(/,/g, ' ');
      const url = oidc.buildAuthorizationUrl(config, { redirect_uri: callback, scope, state, nonce, code_challenge: await oidc.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256' });
      return url.toString();
    },

    /** The round trip `state` names, ended (a second use finds nothing). */
    take: (state: string | null) => trips.take(state),

    /** Exchanges the provider's answer (the full `/oauth2/idpresponse` URL) and links the user. */
    async finish(trip: RoundTrip, answered: URL): Promise<string> {
      const provider = o.store.provider(trip.poolId, trip.provider);
      if (!provider) throw new CognitoError('ResourceNotFoundException', `Identity provider ${trip.provider} does not exist.`);
      const config = await configOf(provider);
      const current = new URL(trip.callback);
      current.search = answered.search;
      const tokens = await oidc.authorizationCodeGrant(config, current, { pkceCodeVerifier: trip.verifier, expectedState: answered.searchParams.get('state') ?? '', expectedNonce: trip.nonce, idTokenExpected: true });
      const idClaims: Record<string, unknown> = tokens.claims() ?? {};
      const info = await oidc.fetchUserInfo(config, tokens.access_token, String(idClaims.sub));
      return link(provider, { ...info, ...idClaims });
    },
  };
}

export type Federation = ReturnType<typeof createFederation>;
