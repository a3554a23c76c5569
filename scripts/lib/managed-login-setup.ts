/**
 * Local stack only: managed login ready to use. Registers the stand-in OpenID provider in the
 * pool (CreateIdentityProvider, or UpdateIdentityProvider with this run's client secret), and
 * gives the app client its OAuth settings (code grant, the scopes, the callback and sign-out URLs,
 * COGNITO and the provider). Update resets what it leaves out (AWS), so the client is described
 * first and sent back whole.
 */
import {
  CreateIdentityProviderCommand,
  DescribeIdentityProviderCommand,
  DescribeUserPoolClientCommand,
  UpdateIdentityProviderCommand,
  UpdateUserPoolClientCommand,
  type CognitoIdentityProviderClient,
  type UpdateUserPoolClientCommandInput,
} from '@aws-sdk/client-cognito-identity-provider';
import { STAND_IN_PROVIDER_NAME, startStandInProvider, type StandInProvider } from '../oidc-provider/stand-in-provider.ts';
import { isPortFree } from './ports.ts';

export const MANAGED_LOGIN_SCOPES = ['openid', 'email', 'profile', 'aws.cognito.signin.user.admin'];

export interface ManagedLoginSetup {
  userPoolId: string;
  clientId: string;
  /** URLs the client may be sent back to (exact match). */
  callbackUrls: string[];
  logoutUrls: string[];
  /** The stand-in provider, when one runs. */
  provider?: { name: string; issuer: string; clientId: string; clientSecret: string };
}

/** The OIDC provider as the pool keeps it: email, name and @handle mapped from its claims. */
async function registerProvider(sdk: CognitoIdentityProviderClient, userPoolId: string, p: NonNullable<ManagedLoginSetup['provider']>) {
  const ProviderDetails = { client_id: p.clientId, client_secret: p.clientSecret, authorize_scopes: 'openid email profile', oidc_issuer: p.issuer, attributes_request_method: 'GET' };
  const AttributeMapping = { email: 'email', email_verified: 'email_verified', name: 'name', preferred_username: 'preferred_username' };
  const known = await sdk.send(new DescribeIdentityProviderCommand({ UserPoolId: userPoolId, ProviderName: p.name })).then(
    () => true,
    (error: { name?: string }) => {
      if (error.name === 'ResourceNotFoundException') return false;
      throw error;
    },
  );
  if (known) await sdk.send(new UpdateIdentityProviderCommand({ UserPoolId: userPoolId, ProviderName: p.name, ProviderDetails, AttributeMapping }));
  else await sdk.send(new CreateIdentityProviderCommand({ UserPoolId: userPoolId, ProviderName: p.name, ProviderType: 'OIDC', ProviderDetails, AttributeMapping }));
}

export async function setUpManagedLogin(sdk: CognitoIdentityProviderClient, o: ManagedLoginSetup): Promise<void> {
  if (o.provider) await registerProvider(sdk, o.userPoolId, o.provider);
  const { UserPoolClient: c } = await sdk.send(new DescribeUserPoolClientCommand({ UserPoolId: o.userPoolId, ClientId: o.clientId }));
  if (!c) throw new Error(`app client ${o.clientId} not found`);
  const union = (kept: string[] | undefined, added: string[]) => [...new Set([...(kept ?? []), ...added])];
  const input: UpdateUserPoolClientCommandInput = {
    UserPoolId: o.userPoolId,
    ClientId: o.clientId,
    ClientName: c.ClientName,
    RefreshTokenValidity: c.RefreshTokenValidity,
    AccessTokenValidity: c.AccessTokenValidity,
    IdTokenValidity: c.IdTokenValidity,
    TokenValidityUnits: c.TokenValidityUnits,
    ReadAttributes: c.ReadAttributes,
    WriteAttributes: c.WriteAttributes,
    ExplicitAuthFlows: c.ExplicitAuthFlows,
    PreventUserExistenceErrors: c.PreventUserExistenceErrors,
    EnableTokenRevocation: c.EnableTokenRevocation,
    AuthSessionValidity: c.AuthSessionValidity,
    RefreshTokenRotation: c.RefreshTokenRotation,
    AllowedOAuthFlowsUserPoolClient: true,
    AllowedOAuthFlows: ['code'],
    AllowedOAuthScopes: MANAGED_LOGIN_SCOPES,
    CallbackURLs: union(c.CallbackURLs, o.callbackUrls),
    LogoutURLs: union(c.LogoutURLs, o.logoutUrls),
    SupportedIdentityProviders: union(c.SupportedIdentityProviders, ['COGNITO', ...(o.provider ? [o.provider.name] : [])]),
  };
  await sdk.send(new UpdateUserPoolClientCommand(input));
}

export interface LocalManagedLogin {
  /** The stand-in provider, or why it did not start (its port was busy). */
  provider: StandInProvider | { notStarted: string };
  close(): Promise<void>;
}

/**
 * `npm start`'s managed login: the stand-in OpenID provider on `port` (optional: a busy port costs
 * the provider, not the stack), registered as `StandIn`, and the app client's OAuth settings
 * with `appUrl` (the stand-in web app's page) as its callback and sign-out URL.
 */
export async function startLocalManagedLogin(o: {
  sdk: CognitoIdentityProviderClient;
  userPoolId: string;
  clientId: string;
  managedLoginUrl: string;
  appUrl: string;
  port: number;
  /** The extension builds' own redirect URLs (extension-redirects.ts), for its managed login. */
  extensionRedirectUrls?: string[];
}): Promise<LocalManagedLogin> {
  let provider: LocalManagedLogin['provider'];
  if (!(await isPortFree(o.port))) provider = { notStarted: `port ${o.port} is busy (set OIDC_PROVIDER_PORT)` };
  else provider = await startStandInProvider({ port: o.port, redirectUris: [`${o.managedLoginUrl}/oauth2/idpresponse`] });
  const registered = 'issuer' in provider ? { name: STAND_IN_PROVIDER_NAME, issuer: provider.issuer, clientId: provider.clientId, clientSecret: provider.clientSecret } : undefined;
  const urls = [o.appUrl, ...(o.extensionRedirectUrls ?? [])];
  await setUpManagedLogin(o.sdk, { userPoolId: o.userPoolId, clientId: o.clientId, callbackUrls: urls, logoutUrls: urls, provider: registered });
  return { provider, close: async () => void ('close' in provider && (await provider.close())) };
}
