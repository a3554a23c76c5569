// "Continue as" for a web app that signed in by redirect, in each real browser, against the real
// local stack: the stand-in web app signs in with real Amplify v6 `signInWithRedirect` through
// managed login's HTTPS domain, either on to the stand-in OpenID provider or on managed login's
// own page with a password, and the popup offers that session and adopts it like any other.
// Amplify stores a redirect sign-in under the access token's `username` (for a federated user
// `<Provider>_<sub>`), with an `oauthMetadata` key and no `signInDetails`: the extension reads
// neither, only the two tokens.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setUpManagedLogin } from '../../scripts/lib/managed-login-setup.ts';
import { STAND_IN_ACCOUNT, STAND_IN_PROVIDER_NAME, startStandInProvider, type StandInProvider } from '../../scripts/oidc-provider/stand-in-provider.ts';
import { startWebApp, type WebApp } from '../../scripts/web-app/server.ts';
import type { ExtensionDriver, WebPage } from '../support/browser-driver.ts';
import { E2E_BROWSERS, closeChecked, launchFor } from '../support/browser-launch.ts';
import { startLocalStack, type LocalStack } from '../support/stack.ts';
import { readyUser, stackCognito } from '../support/users.ts';
import { expectHome, expectView, openPopup } from './popup-steps.ts';
import { signedOutState, until } from './web-app-steps.ts';

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

// Each door in a browser of its own: the pool's hosted session (a cookie) would sign the next one in.
const DOORS = ['federated', 'hosted'] as const;
const CASES = E2E_BROWSERS.flatMap((browser) => DOORS.map((door) => [browser, door] as const));

describe.each(CASES)('%s: "Continue as" for a web app signed in by redirect (%s)', (browserName, door) => {
  let stack: LocalStack;
  let idp: StandInProvider;
  let webApp: WebApp;
  let driver: ExtensionDriver;
  let page: WebPage;

  beforeAll(async () => {
    stack = await startLocalStack();
    idp = await startStandInProvider({ redirectUris: [`${stack.managedLoginUrl}/oauth2/idpresponse`], sessionSeconds: 2 });
    const managedLogin = { domain: new URL(stack.managedLoginUrl).host, providers: [STAND_IN_PROVIDER_NAME] };
    webApp = await startWebApp({ port: 0, cognitoUrl: stack.cognitoUrl, userPoolId: stack.userPoolId, clientId: stack.clientId, apiUrl: stack.apiUrl, managedLogin });
    const sdk = stackCognito(stack);
    const provider = { name: STAND_IN_PROVIDER_NAME, issuer: idp.issuer, clientId: idp.clientId, clientSecret: idp.clientSecret };
    await setUpManagedLogin(sdk, { userPoolId: stack.userPoolId, clientId: stack.clientId, callbackUrls: [`${webApp.url}/`], logoutUrls: [`${webApp.url}/`], provider });
    sdk.destroy();
    // Amplify reaches managed login at https://<domain>: the front's self-signed certificate.
    driver = await launchFor(browserName, stack, { webAppOrigins: [webApp.url], launch: { acceptInsecureCerts: true } });
    page = await driver.openWeb(webApp.url);
  });

  afterAll(async () => {
    await closeChecked(driver, stack?.apiUrl, { webApp: webApp?.url ?? '' });
    await webApp?.close();
    await idp?.close();
    await stack?.stop();
  });

  it("the web app signs in with signInWithRedirect, and the popup offers that session; Continue shows the user's feed", async () => {
    expect(await signedOutState(driver)).toBe('sign-in');
    const label = door === 'federated' ? `Continue with ${STAND_IN_PROVIDER_NAME}` : 'Use the sign-in page';
    await until('the web app to offer managed login', () =>
      page.evaluate<boolean>(`() => [...document.querySelectorAll('#managed-login button')].some((b) => b.textContent === ${JSON.stringify(label)})`),
    );
    await page.evaluate(`() => [...document.querySelectorAll('#managed-login button')].find((b) => b.textContent === ${JSON.stringify(label)}).click()`);
    let who: { name: string; handle: string; email: string; password: string };
    if (door === 'federated') {
      // The provider's own sign-in page, in the web app's tab (via managed login's /oauth2/authorize).
      who = STAND_IN_ACCOUNT;
      const atProvider = await driver.authWindow(new RegExp(`^${escape(idp.issuer)}/interaction/`));
      await atProvider.fill('Email', who.email);
      await atProvider.fill('Password', who.password);
      await atProvider.click('Sign in');
    } else {
      // Managed login's own page, over the HTTPS Amplify insists on.
      ({ user: who } = await readyUser(stack, 'redirect-hosted'));
      const hosted = await driver.authWindow(new RegExp(`^https://${escape(new URL(stack.managedLoginUrl).host)}/login\\?`));
      await hosted.fill('Email', who.email);
      await hosted.fill('Password', who.password);
      await hosted.click('Sign in');
    }
    await until('the web app to be signed in by redirect', async () =>
      (await page.evaluate<string>(`() => location.href.startsWith(${JSON.stringify(webApp.url)}) ? document.getElementById('who')?.textContent ?? '' : ''`)) === `Signed in as ${who.email}`,
    );

    // What Amplify stored for the redirect sign-in: named by the access token's `username` (for
    // a federated user `<Provider>_<sub>`), with oauthMetadata and no signInDetails.
    const stored = await page.evaluate<Record<string, string>>(`() => Object.fromEntries(Object.entries(localStorage).filter(([k]) => k.startsWith('CognitoIdentityServiceProvider.${stack.clientId}.')))`);
    const prefix = `CognitoIdentityServiceProvider.${stack.clientId}`;
    const lastUser = stored[`${prefix}.LastAuthUser`] ?? '';
    const accessToken = stored[`${prefix}.${lastUser}.accessToken`] ?? '';
    expect(JSON.parse(Buffer.from(accessToken.split('.')[1] ?? '', 'base64url').toString())).toMatchObject({ username: lastUser });
    if (door === 'federated') expect(lastUser).toBe(`${STAND_IN_PROVIDER_NAME}_${STAND_IN_ACCOUNT.sub}`);
    expect(Object.keys(stored)).toEqual(expect.arrayContaining([`${prefix}.${lastUser}.refreshToken`, `${prefix}.${lastUser}.oauthMetadata`]));
    expect(Object.keys(stored)).not.toContain(`${prefix}.${lastUser}.signInDetails`);

    await until('the popup to offer the web session', async () => (await signedOutState(driver)) === 'adopt', 30_000);
    const popup = await openPopup(driver);
    try {
      await expectView(popup, 'adopt');
      // Cognito's GetUser answer for the page's access token: the user's own attributes.
      expect((await popup.text('adopt-who')).split('\n').slice(0, 3)).toEqual([who.name, `@${who.handle}`, who.email]);
      await popup.click('Continue');
      await expectHome(popup, who);
    } finally {
      await popup.close();
    }
  });
});
