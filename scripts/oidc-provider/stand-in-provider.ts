/**
 * The local stack's stand-in for Google: a real OpenID Connect provider (the certified
 * `oidc-provider` package, not a mock) on its own port, with one demo account, one client (the
 * user pool's managed login) and its own sign-in page. `npm start` registers it in the pool with
 * CreateIdentityProvider (OIDC) as `StandIn`, so "Continue with StandIn" on managed login runs the
 * whole federation round trip locally.
 *
 * Deliberate choices: only the authorization-code grant with PKCE (S256) and a client secret,
 * the client is first-party (no consent screen: its grant is made at sign-in, through
 * `loadExistingGrant`, the documented way), and a short session (default 60 s), so that after
 * signing out of the pool "Continue with StandIn" asks for the password again instead of
 * silently reusing the provider's session. DEVELOPMENT AID ONLY: the demo password is public.
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';
import { handleInteraction } from './interactions.ts';

export interface StandInAccount {
  /** The provider's subject identifier (`<ProviderName>_<sub>` becomes the pool's username). */
  sub: string;
  email: string;
  password: string;
  name: string;
  /** preferred_username: the @handle. */
  handle: string;
}

/** The stand-in provider's demo account. Its password is public: a local aid only. */
export const STAND_IN_ACCOUNT: StandInAccount = {
  sub: 'casey-0001',
  email: 'casey@stand-in-idp.local',
  password: 'StandIn!2026',
  name: 'Casey Federated',
  handle: 'casey',
};

/** The name `npm start` registers it under (CreateIdentityProvider's ProviderName). */
export const STAND_IN_PROVIDER_NAME = 'StandIn';

export interface StandInOptions {
  /** Default 0: a free port. The issuer is `http://localhost:<port>`. */
  port?: number;
  /** Where the provider may send users back: the pool's `<managed login>/oauth2/idpresponse`. */
  redirectUris: string[];
  account?: StandInAccount;
  /** The provider's own session (seconds). Default 60. */
  sessionSeconds?: number;
}

export interface StandInProvider {
  issuer: string;
  clientId: string;
  clientSecret: string;
  account: StandInAccount;
  close(): Promise<void>;
}

export async function startStandInProvider(o: StandInOptions): Promise<StandInProvider> {
  const account = o.account ?? STAND_IN_ACCOUNT;
  const clientId = 'cruddur-user-pool';
  const clientSecret = randomBytes(24).toString('base64url');
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const issuer = `http://localhost:${port}`;
  const signingKey = { ...generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' }), kid: 'stand-in-1', use: 'sig', alg: 'RS256' };

  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: o.redirectUris,
        response_types: ['code'],
        grant_types: ['authorization_code'],
        token_endpoint_auth_method: 'client_secret_post',
      },
    ],
    jwks: { keys: [signingKey] },
    cookies: { keys: [randomBytes(32).toString('base64url')] },
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name', 'preferred_username'] },
    findAccount: (_ctx, id) =>
      id === account.sub
        ? { accountId: id, claims: () => ({ sub: id, email: account.email, email_verified: true, name: account.name, preferred_username: account.handle }) }
        : undefined,
    features: { devInteractions: { enabled: false } },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    pkce: { required: () => true },
    ttl: { Session: o.sessionSeconds ?? 60 },
    // A first-party client: the grant is made at sign-in, so no consent screen is shown.
    loadExistingGrant: async (ctx) => {
      const { session, client } = ctx.oidc;
      if (!session?.accountId || !client) return undefined;
      const grantId = session.grantIdFor(client.clientId);
      const existing = grantId ? await ctx.oidc.provider.Grant.find(grantId) : undefined;
      if (existing) return existing;
      const grant = new ctx.oidc.provider.Grant({ clientId: client.clientId, accountId: session.accountId });
      grant.addOIDCScope('openid email profile');
      await grant.save();
      session.grantIdFor(client.clientId, grant.jti);
      return grant;
    },
  });

  const callback = provider.callback();
  server.on('request', (req, res) => {
    handleInteraction(provider, account, req, res).then(
      (handled) => {
        if (!handled) callback(req, res);
      },
      () => {
        if (!res.headersSent) res.writeHead(400, { 'content-type': 'text/plain' }).end('This sign-in has expired. Start again from the app.');
      },
    );
  });

  return {
    issuer,
    clientId,
    clientSecret,
    account,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
