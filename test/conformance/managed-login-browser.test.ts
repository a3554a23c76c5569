/**
 * Managed login in a real browser (Chromium through Playwright), judged by clients we did not
 * write: real Amplify v6 `signInWithRedirect` on the stand-in web app (over the front's HTTPS,
 * which Amplify insists on), through the hosted page and through the stand-in OpenID provider;
 * and passkeys with Chromium's virtual authenticator (DevTools `WebAuthn`): added on
 * `/passkeys/add`, used on `/login`, and registered through the API from the app's own page.
 * Screenshots of every hosted view, light and dark, at 360 × 600.
 */
import { createHash, randomBytes } from 'node:crypto';
import {
  AssociateSoftwareTokenCommand,
  CompleteWebAuthnRegistrationCommand,
  SetUserMFAPreferenceCommand,
  VerifySoftwareTokenCommand,
  DeleteWebAuthnCredentialCommand,
  ListWebAuthnCredentialsCommand,
  StartWebAuthnRegistrationCommand,
  type CompleteWebAuthnRegistrationCommandInput,
} from '@aws-sdk/client-cognito-identity-provider';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { setUpManagedLogin } from '../../scripts/lib/managed-login-setup.ts';
import { STAND_IN_PROVIDER_NAME, startStandInProvider, type StandInProvider } from '../../scripts/oidc-provider/stand-in-provider.ts';
import { startWebApp, type WebApp } from '../../scripts/web-app/server.ts';
import { applyPoolMfa } from '../../scripts/lib/pool-mfa.ts';
import { screenshotPath } from '../support/browser-driver.ts';
import { freshCode, wrongCode } from '../support/totp-codes.ts';
import { startLocalStack, type LocalStack } from '../support/stack.ts';
import { readyUser, signIn, stackCognito, type TestUser } from '../support/users.ts';

let stack: LocalStack;
let idp: StandInProvider;
let webApp: WebApp;
let browser: Browser;
beforeAll(async () => {
  stack = await startLocalStack();
  idp = await startStandInProvider({ redirectUris: [`${stack.managedLoginUrl}/oauth2/idpresponse`], sessionSeconds: 2 });
  const managedLogin = { domain: new URL(stack.managedLoginUrl).host, providers: [STAND_IN_PROVIDER_NAME] };
  webApp = await startWebApp({ port: 0, cognitoUrl: stack.cognitoUrl, userPoolId: stack.userPoolId, clientId: stack.clientId, apiUrl: stack.apiUrl, managedLogin });
  const sdk = stackCognito(stack);
  const provider = { name: STAND_IN_PROVIDER_NAME, issuer: idp.issuer, clientId: idp.clientId, clientSecret: idp.clientSecret };
  await setUpManagedLogin(sdk, { userPoolId: stack.userPoolId, clientId: stack.clientId, callbackUrls: [`${webApp.url}/`], logoutUrls: [`${webApp.url}/`], provider });
  sdk.destroy();
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update'] });
});
afterAll(async () => {
  await browser?.close();
  await webApp?.close();
  await idp?.close();
  await stack?.stop();
});

/** A fresh browser profile at the popup's size; the front's HTTPS certificate is self-signed. */
const context = (colorScheme: 'light' | 'dark' = 'light') => browser.newContext({ ignoreHTTPSErrors: true, viewport: { width: 360, height: 600 }, colorScheme });
const shot = async (page: Page, name: string) => page.screenshot({ path: await screenshotPath('chromium', `managed-login-${name}`), fullPage: true });
const signedInAs = (page: Page) => page.locator('#who');

async function passwordOnHostedPage(page: Page, user: TestUser) {
  await page.getByLabel('Email').fill(user.email);
  await page.getByLabel('Password').fill(user.password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
}

describe('Amplify v6 signInWithRedirect on the stand-in web app', () => {
  // Each scenario in a browser of its own: the hosted session (a cookie) would sign the next one in.
  let ctx: BrowserContext;
  beforeEach(async () => {
    ctx = await context();
  });
  afterEach(() => ctx?.close());

  it('"Use the sign-in page": the hosted page over HTTPS, back with a code Amplify exchanges; no token in any URL', async () => {
    const { user } = await readyUser(stack, 'amp-redirect');
    const page = await ctx.newPage();
    const urls: string[] = [];
    page.on('framenavigated', (frame) => frame === page.mainFrame() && urls.push(frame.url()));
    await page.goto(webApp.url);
    await page.getByRole('button', { name: 'Use the sign-in page' }).click();
    await page.waitForURL(/\/login\?/);
    expect(new URL(page.url()).origin).toBe(`https://${new URL(stack.managedLoginUrl).host}`);
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('email');
    await shot(page, 'sign-in');
    await passwordOnHostedPage(page, user);
    await expect.poll(() => signedInAs(page).textContent(), { timeout: 15_000 }).toBe(`Signed in as ${user.email}`);
    const stored = await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('CognitoIdentityServiceProvider.')));
    expect(stored).toEqual(expect.arrayContaining([expect.stringMatching(/\.accessToken$/), expect.stringMatching(/\.refreshToken$/), expect.stringMatching(/\.LastAuthUser$/)]));
    expect(page.url()).toBe(`${webApp.url}/`); // Amplify cleared the code from the address bar
    expect(urls.join(' ')).not.toMatch(/eyJ|access_token|id_token/);
  });

  it('sign-out ends the hosted session: the next "Use the sign-in page" asks again', async () => {
    const { user } = await readyUser(stack, 'amp-signout');
    const page = await ctx.newPage();
    await page.goto(webApp.url);
    await page.getByRole('button', { name: 'Use the sign-in page' }).click();
    await page.waitForURL(/\/login\?/);
    await passwordOnHostedPage(page, user);
    await expect.poll(() => signedInAs(page).textContent(), { timeout: 15_000 }).toContain(user.email);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(`${webApp.url}/`);
    await expect.poll(() => page.getByRole('button', { name: 'Use the sign-in page' }).isVisible(), { timeout: 15_000 }).toBe(true);
    await page.getByRole('button', { name: 'Use the sign-in page' }).click();
    await page.waitForURL(/\/login\?/);
    await expect(page.getByLabel('Password').isVisible()).resolves.toBe(true);
  });

  it('"Continue with StandIn": the provider\'s own page, then signed in as the federated user', async () => {
    await ctx.close();
    ctx = await context('dark');
    const page = await ctx.newPage();
    await page.goto(webApp.url);
    await page.getByRole('button', { name: `Continue with ${STAND_IN_PROVIDER_NAME}` }).click();
    await page.waitForURL(new RegExp(`^${idp.issuer}/interaction/`));
    await shot(page, 'stand-in-provider-dark');
    await page.getByLabel('Email').fill(idp.account.email);
    await page.getByLabel('Password').fill(idp.account.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => signedInAs(page).textContent(), { timeout: 15_000 }).toBe(`Signed in as ${idp.account.email}`);
    const idToken = await page.evaluate(() => Object.entries(localStorage).find(([k]) => k.endsWith('.idToken'))?.[1] ?? '');
    expect(JSON.parse(Buffer.from(idToken.split('.')[1] ?? '', 'base64url').toString())).toMatchObject({ 'cognito:username': `${STAND_IN_PROVIDER_NAME}_${idp.account.sub}` });
  });
});

/** A virtual platform authenticator (resident keys, user verification) for `page`. */
async function virtualAuthenticator(page: Page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('WebAuthn.enable');
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: { protocol: 'ctap2', transport: 'internal', hasResidentKey: true, hasUserVerification: true, isUserVerified: true, automaticPresenceSimulation: true },
  });
  return { credentials: async () => (await cdp.send('WebAuthn.getCredentials', { authenticatorId })).credentials };
}

const pkce = () => {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
};

describe('passkeys in Chromium with a virtual authenticator', () => {
  let user: TestUser;
  let page: Page;
  let authenticator: Awaited<ReturnType<typeof virtualAuthenticator>>;
  const callback = () => `${webApp.url}/`;
  beforeAll(async () => {
    ({ user } = await readyUser(stack, 'passkey'));
    page = await (await context()).newPage();
    authenticator = await virtualAuthenticator(page);
  });
  afterAll(() => page?.context().close());

  it('/passkeys/add asks the user to sign in first, then registers a passkey for managed login\'s host', async () => {
    await page.goto(`${stack.managedLoginUrl}/passkeys/add?${new URLSearchParams({ client_id: stack.clientId, redirect_uri: callback() })}`);
    await page.waitForURL(/\/login\?/);
    await passwordOnHostedPage(page, user);
    await page.waitForURL(/\/passkeys\/add\?/);
    await shot(page, 'passkey-add');
    await page.getByRole('button', { name: 'Add a passkey' }).click();
    await page.waitForURL(callback());
    expect(await authenticator.credentials()).toEqual([expect.objectContaining({ rpId: 'localhost', isResidentCredential: true })]);
    const sdk = stackCognito(stack);
    const tokens = (await signIn(stack, user)).accessToken;
    const listed = await sdk.send(new ListWebAuthnCredentialsCommand({ AccessToken: tokens }));
    sdk.destroy();
    expect(listed.Credentials).toEqual([expect.objectContaining({ RelyingPartyId: 'localhost', FriendlyCredentialName: 'Passkey' })]);
  });

  it('"Sign in with a passkey" on /login signs the same user in, with no password typed', async () => {
    await page.goto(`${stack.managedLoginUrl}/logout?${new URLSearchParams({ client_id: stack.clientId, logout_uri: callback() })}`);
    const { verifier, challenge } = pkce();
    const q = new URLSearchParams({ client_id: stack.clientId, redirect_uri: callback(), response_type: 'code', scope: 'openid email', state: 'pk', code_challenge: challenge, code_challenge_method: 'S256' });
    // The web app would exchange this code itself (Amplify): keep it to exchange here.
    await page.route(`${callback()}?*`, (route) => route.fulfill({ status: 200, contentType: 'text/plain', body: 'back at the app' }));
    await page.goto(`${stack.managedLoginUrl}/oauth2/authorize?${q}`);
    await page.waitForURL(/\/login\?/);
    await page.getByRole('button', { name: 'Sign in with a passkey' }).click();
    await page.waitForURL((url) => url.searchParams.has('code'));
    const back = new URL(page.url());
    expect(back.searchParams.get('state')).toBe('pk');
    const res = await fetch(`${stack.managedLoginUrl}/oauth2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'authorization_code', client_id: stack.clientId, code: back.searchParams.get('code') ?? '', redirect_uri: callback(), code_verifier: verifier }),
    });
    const tokens = (await res.json()) as { id_token: string };
    expect(JSON.parse(Buffer.from(tokens.id_token.split('.')[1] ?? '', 'base64url').toString())).toMatchObject({ email: user.email });
    await page.unroute(`${callback()}?*`);
  });

  it('the API registers a second passkey from the app\'s own page, lists both and deletes one', async () => {
    const accessToken = (await signIn(stack, user)).accessToken;
    const sdk = stackCognito(stack);
    const { CredentialCreationOptions } = await sdk.send(new StartWebAuthnRegistrationCommand({ AccessToken: accessToken }));
    expect(CredentialCreationOptions).toMatchObject({ rp: { id: 'localhost' }, authenticatorSelection: { residentKey: 'required' } });
    // Any page on the relying party's host may run the ceremony: here the stand-in web app, with a
    // second authenticator (the first one holds a passkey already, which the options exclude).
    const second = await (await context()).newPage();
    await virtualAuthenticator(second);
    await second.goto(webApp.url);
    const credential: unknown = await second.evaluate(async (options) => {
      const created = (await navigator.credentials.create({ publicKey: PublicKeyCredential.parseCreationOptionsFromJSON(options as PublicKeyCredentialCreationOptionsJSON) })) as PublicKeyCredential;
      return created.toJSON() as unknown;
    }, CredentialCreationOptions as object);
    await second.context().close();
    await sdk.send(new CompleteWebAuthnRegistrationCommand({ AccessToken: accessToken, Credential: credential as CompleteWebAuthnRegistrationCommandInput['Credential'] }));
    const listed = (await sdk.send(new ListWebAuthnCredentialsCommand({ AccessToken: accessToken }))).Credentials ?? [];
    expect(listed).toHaveLength(2);
    await sdk.send(new DeleteWebAuthnCredentialCommand({ AccessToken: accessToken, CredentialId: listed[1]?.CredentialId }));
    expect((await sdk.send(new ListWebAuthnCredentialsCommand({ AccessToken: accessToken }))).Credentials).toHaveLength(1);
    await expect(sdk.send(new DeleteWebAuthnCredentialCommand({ AccessToken: accessToken, CredentialId: 'no-such-credential' }))).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
    sdk.destroy();
  });
});

describe('the hosted views at 360 × 600, light and dark', () => {
  const authorize = () => `${stack.managedLoginUrl}/oauth2/authorize?${new URLSearchParams({ client_id: stack.clientId, redirect_uri: `${webApp.url}/`, response_type: 'code', scope: 'openid email' })}`;

  it.each(['light', 'dark'] as const)('a wrong password keeps the email, marks both fields and announces the error (%s)', async (scheme) => {
    const { user } = await readyUser(stack, `wrong-${scheme}`);
    const ctx = await context(scheme);
    const page = await ctx.newPage();
    await page.goto(authorize());
    await passwordOnHostedPage(page, { ...user, password: 'Not-the-password1!' });
    await expect.poll(() => page.getByRole('alert').first().textContent()).toBe('Incorrect email or password.');
    expect(await page.getByLabel('Email').inputValue()).toBe(user.email);
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('password');
    expect(await page.getByLabel('Password').getAttribute('aria-invalid')).toBe('true');
    await shot(page, `sign-in-error-${scheme}`);
    await ctx.close();
  });

  it.each(['light', 'dark'] as const)("a redirect URI the client does not list ends on the error page, sending nothing anywhere (%s)", async (scheme) => {
    const ctx = await context(scheme);
    const page = await ctx.newPage();
    await page.goto(authorize().replace(encodeURIComponent(`${webApp.url}/`), encodeURIComponent(`${webApp.url}/evil`)));
    expect(new URL(page.url()).pathname).toBe('/error');
    expect(await page.locator('#error-code').textContent()).toBe('redirect_mismatch');
    await shot(page, `error-${scheme}`);
    await ctx.close();
  });

  it('an authenticator-app user gets the code step on /login; a wrong code keeps the step, the right one signs in', async () => {
    // OPTIONAL only asks users who turned MFA on, so the file's other users are untouched.
    await applyPoolMfa({ endpoint: stack.cognitoUrl, credentials: stack.credentials, region: stack.region, userPoolId: stack.userPoolId, mode: 'OPTIONAL' });
    const { user, tokens } = await readyUser(stack, 'hosted-mfa');
    const sdk = stackCognito(stack);
    const { SecretCode = '' } = await sdk.send(new AssociateSoftwareTokenCommand({ AccessToken: tokens.accessToken }));
    await sdk.send(new VerifySoftwareTokenCommand({ AccessToken: tokens.accessToken, UserCode: await freshCode(SecretCode) }));
    await sdk.send(new SetUserMFAPreferenceCommand({ AccessToken: tokens.accessToken, SoftwareTokenMfaSettings: { Enabled: true, PreferredMfa: true } }));
    sdk.destroy();

    const ctx = await context('dark');
    const page = await ctx.newPage();
    await page.route(`${webApp.url}/?*`, (route) => route.fulfill({ status: 200, contentType: 'text/plain', body: 'back at the app' }));
    await page.goto(authorize());
    await passwordOnHostedPage(page, user);
    await expect.poll(() => page.getByRole('heading').textContent()).toBe('Enter your code');
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('code');
    await page.getByLabel('Code').fill(wrongCode(SecretCode));
    await page.getByRole('button', { name: 'Verify' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toBe('That code is not right. Check it and try again.');
    await shot(page, 'mfa-code-dark');
    await page.getByLabel('Code').fill(await freshCode(SecretCode));
    await page.getByRole('button', { name: 'Verify' }).click();
    await page.waitForURL((url) => url.searchParams.has('code'));
    await ctx.close();
  });
});
