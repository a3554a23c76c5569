/**
 * Conformance: `openid-client` (a certified OpenID relying party we did not write) judges the
 * front's managed login as an independent client: discovery at the issuer, the authorization
 * code grant with PKCE, userinfo, refresh (rotation on and off) and revocation; then the same for
 * a user who signs in through a real OpenID provider (`oidc-provider`, the stand-in for Google).
 * A cookie-keeping user agent without scripts walks the hosted pages. One stack for the file.
 */
import { CreateIdentityProviderCommand, DescribeUserPoolClientCommand, GetUserCommand, ListIdentityProvidersCommand } from '@aws-sdk/client-cognito-identity-provider';
import * as oidc from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STAND_IN_PROVIDER_NAME, startStandInProvider, type StandInProvider } from '../../scripts/oidc-provider/stand-in-provider.ts';
import { ALL_SCOPES, CALLBACK, oauthClient, UserAgent } from '../support/managed-login.ts';
import { startLocalStack, type LocalStack } from '../support/stack.ts';
import { readyUser, stackCognito } from '../support/users.ts';

let stack: LocalStack;
let idp: StandInProvider;
beforeAll(async () => {
  stack = await startLocalStack();
  idp = await startStandInProvider({ redirectUris: [`${stack.managedLoginUrl}/oauth2/idpresponse`] });
  const sdk = stackCognito(stack);
  await sdk.send(
    new CreateIdentityProviderCommand({
      UserPoolId: stack.userPoolId,
      ProviderName: STAND_IN_PROVIDER_NAME,
      ProviderType: 'OIDC',
      ProviderDetails: { client_id: idp.clientId, client_secret: idp.clientSecret, authorize_scopes: 'openid email profile', oidc_issuer: idp.issuer, attributes_request_method: 'GET' },
      AttributeMapping: { email: 'email', email_verified: 'email_verified', name: 'name', preferred_username: 'preferred_username' },
    }),
  );
  sdk.destroy();
});
afterAll(async () => {
  await idp?.close();
  await stack?.stop();
});

const claims = (jwt: string) => JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString()) as Record<string, unknown>;
const insecure = { execute: [oidc.allowInsecureRequests] };
const relyingParty = (clientId: string) => oidc.discovery(new URL(stack.issuer), clientId, undefined, oidc.None(), insecure);
const hosts = () => [new URL(stack.managedLoginUrl).host, new URL(idp.issuer).host];

/** openid-client's authorization URL with state, nonce and PKCE, and what it needs to check the answer. */
async function authorization(config: oidc.Configuration, extra: Record<string, string> = {}) {
  const verifier = oidc.randomPKCECodeVerifier();
  const state = oidc.randomState();
  const nonce = oidc.randomNonce();
  const url = oidc.buildAuthorizationUrl(config, {
    redirect_uri: CALLBACK,
    scope: ALL_SCOPES.join(' '),
    state,
    nonce,
    code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    ...extra,
  });
  return { url, checks: { pkceCodeVerifier: verifier, expectedState: state, expectedNonce: nonce } };
}

/** Signs `email` in on the hosted page; answers where the browser is sent back to. */
async function passwordSignIn(agent: UserAgent, url: URL, email: string, password: string) {
  const page = await agent.go(url.toString());
  expect(page.url).toMatch(/\/login\?/);
  const back = await agent.submit(page, /^\/login\?/, { email, password });
  if (!back.url.startsWith(CALLBACK)) throw new Error(`sign-in stayed at ${back.url}: ${/role="alert">([^<]*)/.exec(back.html)?.[1]}`);
  return back;
}

/** A whole password sign-in through the hosted page, exchanged by openid-client. */
async function codeGrant(config: oidc.Configuration, user: { email: string; password: string }, extra: Record<string, string> = {}) {
  const { url, checks } = await authorization(config, extra);
  const back = await passwordSignIn(new UserAgent(hosts()), url, user.email, user.password);
  return oidc.authorizationCodeGrant(config, new URL(back.url), checks);
}

describe('managed login as an OpenID provider, judged by openid-client', () => {
  it('discovery at the issuer names the managed-login endpoints and the pool JWKS', async () => {
    const clientId = await oauthClient(stack);
    const metadata = (await relyingParty(clientId)).serverMetadata();
    expect(metadata).toMatchObject({
      issuer: stack.issuer,
      authorization_endpoint: `${stack.managedLoginUrl}/oauth2/authorize`,
      token_endpoint: `${stack.managedLoginUrl}/oauth2/token`,
      userinfo_endpoint: `${stack.managedLoginUrl}/oauth2/userInfo`,
      revocation_endpoint: `${stack.managedLoginUrl}/oauth2/revoke`,
      jwks_uri: `${stack.issuer}/.well-known/jwks.json`,
      code_challenge_methods_supported: ['S256'],
    });
  });

  it('DescribeUserPoolClient returns the OAuth settings the client was created with', async () => {
    const clientId = await oauthClient(stack);
    const sdk = stackCognito(stack);
    const { UserPoolClient } = await sdk.send(new DescribeUserPoolClientCommand({ UserPoolId: stack.userPoolId, ClientId: clientId }));
    sdk.destroy();
    expect(UserPoolClient).toMatchObject({
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthFlows: ['code'],
      AllowedOAuthScopes: ALL_SCOPES,
      CallbackURLs: [CALLBACK],
      LogoutURLs: ['http://localhost:3000/signed-out'],
      SupportedIdentityProviders: ['COGNITO'],
    });
  });

  it('code grant with PKCE: password sign-in, tokens whose ID token passes every OIDC check, userinfo, GetUser', async () => {
    const { user } = await readyUser(stack, 'oidc-code');
    const clientId = await oauthClient(stack);
    const config = await relyingParty(clientId);
    const { url, checks } = await authorization(config);
    const agent = new UserAgent(hosts());
    const back = await passwordSignIn(agent, url, user.email, user.password);
    expect(back.url.startsWith(`${CALLBACK}?code=`)).toBe(true);

    const tokens = await oidc.authorizationCodeGrant(config, new URL(back.url), checks);
    expect(tokens.token_type).toBe('bearer');
    expect(tokens.claims()).toMatchObject({ iss: stack.issuer, aud: clientId, email: user.email, nonce: checks.expectedNonce, token_use: 'id' });
    expect(claims(tokens.access_token)).toMatchObject({ iss: stack.issuer, client_id: clientId, token_use: 'access', scope: ALL_SCOPES.join(' ') });
    expect(tokens.refresh_token).toEqual(expect.any(String));

    const info = await oidc.fetchUserInfo(config, tokens.access_token, String(tokens.claims()?.sub));
    expect(info).toMatchObject({ sub: tokens.claims()?.sub, email: user.email, email_verified: 'true', name: user.name, preferred_username: user.handle });

    const sdk = stackCognito(stack);
    const me = await sdk.send(new GetUserCommand({ AccessToken: tokens.access_token }));
    sdk.destroy();
    expect(me.UserAttributes).toContainEqual({ Name: 'email', Value: user.email });
  });

  it('refresh at the token endpoint keeps the scope; revocation ends the sign-in', async () => {
    const { user } = await readyUser(stack, 'oidc-refresh');
    const clientId = await oauthClient(stack);
    const config = await relyingParty(clientId);
    const first = await codeGrant(config, user, { scope: 'openid email' });
    const refreshToken = first.refresh_token ?? '';

    const refreshed = await oidc.refreshTokenGrant(config, refreshToken);
    expect(refreshed.access_token).not.toBe(first.access_token);
    expect(claims(refreshed.access_token)).toMatchObject({ scope: 'openid email', origin_jti: claims(first.access_token).origin_jti });
    expect(refreshed.claims()).toMatchObject({ sub: first.claims()?.sub, aud: clientId });
    // No rotation on this client: the same refresh token keeps working.
    expect(refreshed.refresh_token).toBeUndefined();

    await oidc.tokenRevocation(config, refreshToken);
    await expect(oidc.refreshTokenGrant(config, refreshToken)).rejects.toMatchObject({ error: 'invalid_grant' });
    await expect(oidc.fetchUserInfo(config, refreshed.access_token, String(first.claims()?.sub))).rejects.toMatchObject({ status: 401 });
  });

  it('a client with rotation gets a new refresh token at each refresh; the spent one is refused', async () => {
    const { user } = await readyUser(stack, 'oidc-rotate');
    const clientId = await oauthClient(stack, { RefreshTokenRotation: { Feature: 'ENABLED', RetryGracePeriodSeconds: 0 } });
    const config = await relyingParty(clientId);
    const first = await codeGrant(config, user);
    const second = await oidc.refreshTokenGrant(config, first.refresh_token ?? '');
    expect(second.refresh_token).toEqual(expect.any(String));
    expect(second.refresh_token).not.toBe(first.refresh_token);
    await expect(oidc.refreshTokenGrant(config, first.refresh_token ?? '')).rejects.toMatchObject({ error: 'invalid_grant' });
    expect((await oidc.refreshTokenGrant(config, second.refresh_token ?? '')).access_token).toEqual(expect.any(String));
  });

  it('a grant without aws.cognito.signin.user.admin cannot call the user-pool API', async () => {
    const { user } = await readyUser(stack, 'oidc-noadmin');
    const clientId = await oauthClient(stack);
    const tokens = await codeGrant(await relyingParty(clientId), user, { scope: 'openid email' });
    const sdk = stackCognito(stack);
    await expect(sdk.send(new GetUserCommand({ AccessToken: tokens.access_token }))).rejects.toMatchObject({ name: 'NotAuthorizedException', message: 'Access Token does not have required scopes' });
    sdk.destroy();
  });
});

describe('federation through a real OpenID provider (oidc-provider as the stand-in for Google)', () => {
  it('the provider is registered with its discovered endpoints', async () => {
    const sdk = stackCognito(stack);
    const listed = await sdk.send(new ListIdentityProvidersCommand({ UserPoolId: stack.userPoolId, MaxResults: 10 }));
    sdk.destroy();
    expect(listed.Providers).toEqual([expect.objectContaining({ ProviderName: STAND_IN_PROVIDER_NAME, ProviderType: 'OIDC' })]);
  });

  it('Continue with StandIn: the provider\'s page, then tokens for <Provider>_<sub> with identities and the provider group', async () => {
    const clientId = await oauthClient(stack, { SupportedIdentityProviders: ['COGNITO', STAND_IN_PROVIDER_NAME] });
    const config = await relyingParty(clientId);
    const { url, checks } = await authorization(config, { identity_provider: STAND_IN_PROVIDER_NAME });
    const agent = new UserAgent(hosts());
    const atProvider = await agent.go(url.toString());
    expect(new URL(atProvider.url).origin).toBe(idp.issuer);
    const back = await agent.submit(atProvider, /\/login$/, { email: idp.account.email, password: idp.account.password });
    expect(back.url.startsWith(`${CALLBACK}?code=`)).toBe(true);

    const tokens = await oidc.authorizationCodeGrant(config, new URL(back.url), checks);
    const username = `${STAND_IN_PROVIDER_NAME}_${idp.account.sub}`;
    expect(tokens.claims()).toMatchObject({
      'cognito:username': username,
      email: idp.account.email,
      name: idp.account.name,
      preferred_username: idp.account.handle,
      'cognito:groups': [`${stack.userPoolId}_${STAND_IN_PROVIDER_NAME}`],
      identities: [{ userId: idp.account.sub, providerName: STAND_IN_PROVIDER_NAME, providerType: 'OIDC', issuer: null, primary: 'true', dateCreated: expect.any(String) }],
    });
    expect(claims(tokens.access_token)).toMatchObject({ username, 'cognito:groups': [`${stack.userPoolId}_${STAND_IN_PROVIDER_NAME}`] });

    const sdk = stackCognito(stack);
    const me = await sdk.send(new GetUserCommand({ AccessToken: tokens.access_token }));
    sdk.destroy();
    expect(me.UserAttributes).toContainEqual({ Name: 'preferred_username', Value: idp.account.handle });
    // Refreshing keeps the federated username.
    const refreshed = await oidc.refreshTokenGrant(config, tokens.refresh_token ?? '');
    expect(claims(refreshed.access_token).username).toBe(username);
  });

  it('the same provider account signs in again as the same user (linked, not duplicated)', async () => {
    const clientId = await oauthClient(stack, { SupportedIdentityProviders: [STAND_IN_PROVIDER_NAME] });
    const config = await relyingParty(clientId);
    const subs = [];
    for (let round = 0; round < 2; round++) {
      const { url, checks } = await authorization(config, { identity_provider: STAND_IN_PROVIDER_NAME });
      const agent = new UserAgent(hosts());
      const atProvider = await agent.go(url.toString());
      const back = await agent.submit(atProvider, /\/login$/, { email: idp.account.email, password: idp.account.password });
      subs.push((await oidc.authorizationCodeGrant(config, new URL(back.url), checks)).claims()?.sub);
    }
    expect(subs[0]).toEqual(expect.any(String));
    expect(subs[1]).toBe(subs[0]);
  });

  it('cancelling at the provider comes back to the app as access_denied, with the app\'s state untouched', async () => {
    const clientId = await oauthClient(stack, { SupportedIdentityProviders: [STAND_IN_PROVIDER_NAME] });
    const config = await relyingParty(clientId);
    const { url, checks } = await authorization(config, { identity_provider: STAND_IN_PROVIDER_NAME });
    const agent = new UserAgent(hosts());
    const atProvider = await agent.go(url.toString());
    const back = await agent.submit(atProvider, /\/abort$/, {});
    const answer = new URL(back.url);
    expect(`${answer.origin}${answer.pathname}`).toBe(CALLBACK);
    expect(Object.fromEntries(answer.searchParams)).toMatchObject({ error: 'access_denied', state: checks.expectedState });
    expect(answer.searchParams.has('code')).toBe(false);
  });
});
