/**
 * The user-pool API's identity-provider operations, which cognito-local 5.3 lacks:
 * CreateIdentityProvider, DescribeIdentityProvider, UpdateIdentityProvider,
 * DeleteIdentityProvider, ListIdentityProviders and GetIdentityProviderByIdentifier, kept in
 * store.ts. Only OIDC providers are supported here (the local stack's stand-in provider is one);
 * as AWS does, CreateIdentityProvider reads the provider's discovery document and fills in
 * `authorize_url`, `token_url`, `attributes_url` and `jwks_uri`, and maps `username` to `sub`.
 */
import { CognitoError, invalidParameter } from '../errors.ts';
import { params, type Json, type Upstream } from '../srp-sign-in.ts';
import type { IdentityProvider, ManagedLoginStore } from './store.ts';

/** Reads an OIDC issuer's discovery document (`<issuer>/.well-known/openid-configuration`). */
export type DiscoverIssuer = (issuer: string) => Promise<Record<string, unknown>>;

const notNull = (field: string) => invalidParameter(`1 validation error detected: Value null at '${field}' failed to satisfy constraint: Member must not be null`);
const REQUIRED_OIDC_DETAILS = ['client_id', 'authorize_scopes', 'oidc_issuer', 'attributes_request_method'];

const stringMap = (value: unknown): Record<string, string> =>
  Object.fromEntries(Object.entries(params(value)).filter((e): e is [string, string] => typeof e[1] === 'string'));

export function createIdentityProviderOperations(o: { store: ManagedLoginStore; upstream: Upstream; discover: DiscoverIssuer }) {
  const { store } = o;

  const pool = async (req: Json): Promise<string> => {
    if (typeof req.UserPoolId !== 'string') throw notNull('userPoolId');
    await o.upstream('DescribeUserPool', { UserPoolId: req.UserPoolId }); // ResourceNotFoundException for an unknown pool
    return req.UserPoolId;
  };
  const found = (poolId: string, name: unknown): IdentityProvider => {
    const provider = typeof name === 'string' ? store.provider(poolId, name) : undefined;
    if (!provider) throw new CognitoError('ResourceNotFoundException', `Identity provider ${String(name)} does not exist.`);
    return provider;
  };

  /** OIDC details as AWS keeps them: the discovered endpoints filled in. */
  const oidcDetails = async (details: Record<string, string>): Promise<Record<string, string>> => {
    for (const field of REQUIRED_OIDC_DETAILS) if (!details[field]) throw invalidParameter(`${field} is required for an OIDC identity provider.`);
    if (details.attributes_request_method !== 'GET' && details.attributes_request_method !== 'POST') throw invalidParameter('attributes_request_method must be GET or POST.');
    let metadata: Record<string, unknown>;
    try {
      metadata = await o.discover(details.oidc_issuer ?? '');
    } catch (error) {
      throw invalidParameter(`Unable to contact well-known endpoint of ${details.oidc_issuer}: ${(error as Error).message}`);
    }
    const endpoint = (key: string) => (typeof metadata[key] === 'string' ? (metadata[key] as string) : '');
    return {
      authorize_url: endpoint('authorization_endpoint'),
      token_url: endpoint('token_endpoint'),
      attributes_url: endpoint('userinfo_endpoint'),
      jwks_uri: endpoint('jwks_uri'),
      attributes_url_add_attributes: 'false',
      ...details,
    };
  };

  const summary = (p: IdentityProvider) => ({ ProviderName: p.ProviderName, ProviderType: p.ProviderType, CreationDate: p.CreationDate, LastModifiedDate: p.LastModifiedDate });

  return {
    CreateIdentityProvider: async (req: Json) => {
      const poolId = await pool(req);
      const name = req.ProviderName;
      if (typeof name !== 'string' || !/^[^_\s][^\s]{0,31}$/.test(name) || name === 'COGNITO') throw invalidParameter(`Invalid ProviderName: ${String(name)}`);
      if (req.ProviderType !== 'OIDC') throw invalidParameter(`ProviderType ${String(req.ProviderType)} is not supported by the local front (OIDC only).`);
      if (store.provider(poolId, name)) throw new CognitoError('DuplicateProviderException', `A provider with the name ${name} already exists in this user pool.`);
      const now = Math.floor(Date.now() / 1000);
      const provider: IdentityProvider = {
        UserPoolId: poolId,
        ProviderName: name,
        ProviderType: 'OIDC',
        ProviderDetails: await oidcDetails(stringMap(req.ProviderDetails)),
        AttributeMapping: { username: 'sub', ...stringMap(req.AttributeMapping) },
        IdpIdentifiers: Array.isArray(req.IdpIdentifiers) ? req.IdpIdentifiers.filter((i): i is string => typeof i === 'string') : [],
        CreationDate: now,
        LastModifiedDate: now,
      };
      store.setProvider(poolId, name, provider);
      return { IdentityProvider: provider };
    },

    DescribeIdentityProvider: async (req: Json) => ({ IdentityProvider: found(await pool(req), req.ProviderName) }),

    UpdateIdentityProvider: async (req: Json) => {
      const poolId = await pool(req);
      const current = found(poolId, req.ProviderName);
      const next: IdentityProvider = { ...current, LastModifiedDate: Math.floor(Date.now() / 1000) };
      if (req.ProviderDetails !== undefined) next.ProviderDetails = await oidcDetails({ ...current.ProviderDetails, ...stringMap(req.ProviderDetails) });
      if (req.AttributeMapping !== undefined) next.AttributeMapping = { username: 'sub', ...stringMap(req.AttributeMapping) };
      if (Array.isArray(req.IdpIdentifiers)) next.IdpIdentifiers = req.IdpIdentifiers.filter((i): i is string => typeof i === 'string');
      store.setProvider(poolId, current.ProviderName, next);
      return { IdentityProvider: next };
    },

    DeleteIdentityProvider: async (req: Json) => {
      const poolId = await pool(req);
      store.setProvider(poolId, found(poolId, req.ProviderName).ProviderName, undefined);
      return {};
    },

    ListIdentityProviders: async (req: Json) => ({ Providers: store.providers(await pool(req)).map(summary) }),

    GetIdentityProviderByIdentifier: async (req: Json) => {
      const poolId = await pool(req);
      const provider = store.providers(poolId).find((p) => p.IdpIdentifiers.includes(String(req.IdpIdentifier)));
      if (!provider) throw new CognitoError('ResourceNotFoundException', `Identity provider with identifier ${String(req.IdpIdentifier)} does not exist.`);
      return { IdentityProvider: provider };
    },
  };
}
