// Managed login from the popup, in each real browser, against the real local stack: the front's
// hosted pages and the stand-in OpenID provider (the `oidc-provider` package). The browser's own
// auth window (`identity.launchWebAuthFlow`) is driven like a user would: its sign-in page is
// filled and submitted, or the window is closed halfway.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromeRedirectUrl, firefoxRedirectUrl } from '../../scripts/lib/extension-redirects.ts';
import { setUpManagedLogin } from '../../scripts/lib/managed-login-setup.ts';
import { STAND_IN_ACCOUNT, STAND_IN_PROVIDER_NAME, startStandInProvider, type StandInProvider } from '../../scripts/oidc-provider/stand-in-provider.ts';
import type { ExtensionDriver, ExtensionPage } from '../support/browser-driver.ts';
import { E2E_BROWSERS, closeChecked, launchFor } from '../support/browser-launch.ts';
import { startLocalStack, type LocalStack } from '../support/stack.ts';
import { stackCognito } from '../support/users.ts';
import { expectAccessible } from './a11y-steps.ts';
import { expectHome, expectView, openPopup } from './popup-steps.ts';

const CASEY = { name: STAND_IN_ACCOUNT.name, handle: STAND_IN_ACCOUNT.handle };
const PROVIDER_SESSION_S = 2;

describe.each(E2E_BROWSERS)('%s: managed login from the popup', (browserName) => {
  let stack: LocalStack;
  let idp: StandInProvider;
  let driver: ExtensionDriver;
  let popup: ExtensionPage;
  let redirectUrl: string;
  let providerSignedInAt = 0;
  // The provider's own sign-in page, and managed login's hosted one.
  let atProvider: RegExp;
  let atHostedLogin: RegExp;

  beforeAll(async () => {
    stack = await startLocalStack();
    // The provider forgets its own session after PROVIDER_SESSION_S: ending the provider's session
    // is the provider's business (AWS's /logout does not either); the pool's is the extension's.
    idp = await startStandInProvider({ redirectUris: [`${stack.managedLoginUrl}/oauth2/idpresponse`], sessionSeconds: PROVIDER_SESSION_S });
    atProvider = new RegExp(`^${idp.issuer.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/interaction/`);
    atHostedLogin = new RegExp(`^${stack.managedLoginUrl.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/login\\?`);
    driver = await launchFor(browserName, stack, { managedLogin: { domain: stack.managedLoginUrl, providers: [STAND_IN_PROVIDER_NAME] } });
    popup = await openPopup(driver);
    // The app client lists this browser's redirect URL, as Settings tells a developer to do.
    redirectUrl = await popup.evaluate<string>('() => (globalThis.browser ?? globalThis.chrome).identity.getRedirectURL()');
    const sdk = stackCognito(stack);
    const provider = { name: STAND_IN_PROVIDER_NAME, issuer: idp.issuer, clientId: idp.clientId, clientSecret: idp.clientSecret };
    await setUpManagedLogin(sdk, { userPoolId: stack.userPoolId, clientId: stack.clientId, callbackUrls: [redirectUrl], logoutUrls: [redirectUrl], provider });
    sdk.destroy();
  });

  afterAll(async () => {
    await closeChecked(driver, stack?.apiUrl);
    await idp?.close();
    await stack?.stop();
  });

  it("uses the browser's redirect URL for this extension, the one `npm start` lists for it", () => {
    expect(redirectUrl).toBe(browserName === 'chromium' ? chromeRedirectUrl(driver.extensionId) : firefoxRedirectUrl());
  });

  it('Settings show that redirect URL to copy, beside the managed-login fields', async () => {
    const options = await driver.open('options', { width: 800, height: 1000 });
    try {
      expect(await options.value('Redirect URL')).toBe(redirectUrl);
      expect(await options.value('Managed-login domain (optional)')).toBe(stack.managedLoginUrl);
      expect(await options.value('Scopes')).toBe('openid email profile aws.cognito.signin.user.admin');
      await expectAccessible(options, 'managed-login-settings');
    } finally {
      await options.close();
    }
  });

  it('closing the window halfway leaves the popup as it was, without an error', async () => {
    await expectView(popup, 'sign-in');
    await expectAccessible(popup, 'managed-login-sign-in');
    await popup.click(`Continue with ${STAND_IN_PROVIDER_NAME}`);
    const window = await driver.authWindow(atProvider);
    await window.close();
    // The buttons come back, nothing is said, and the sign-in form is still there.
    await waitUntil('the buttons to come back', async () => !(await popup.isDisabled(`Continue with ${STAND_IN_PROVIDER_NAME}`)));
    await expectView(popup, 'sign-in');
    expect((await popup.texts('managed-login-error')).filter(Boolean)).toEqual([]);
    expect((await popup.texts('notice')).filter(Boolean)).toEqual([]);
  });

  it("says so in a plain sentence when the user turns the provider down (its Cancel: access_denied)", async () => {
    await popup.click(`Continue with ${STAND_IN_PROVIDER_NAME}`);
    const window = await driver.authWindow(atProvider);
    await window.click('Cancel');
    await popup.waitForText('managed-login-error', 'The sign-in was turned down, so nothing changed. You can try again or sign in another way.');
    await expectView(popup, 'sign-in');
  });

  it("continues with the stand-in provider: its sign-in page, then the user's feed", async () => {
    await popup.click(`Continue with ${STAND_IN_PROVIDER_NAME}`);
    const window = await driver.authWindow(atProvider);
    await window.screenshot('managed-login-provider');
    await window.fill('Email', STAND_IN_ACCOUNT.email);
    await window.fill('Password', STAND_IN_ACCOUNT.password);
    await window.click('Sign in');
    providerSignedInAt = Date.now();
    await expectHome(popup, CASEY);
    await popup.screenshot('managed-login-home');
    // The code was exchanged by the worker at the token endpoint; no token ever rode in a URL.
    // (Firefox's driver records pages' requests only, not the background's.)
    if (browserName !== 'chromium') return;
    const exchange = driver.network().find((r) => r.url === `${stack.managedLoginUrl}/oauth2/token`);
    expect(exchange?.method).toBe('POST');
    expect(new URLSearchParams(exchange?.body ?? '').get('grant_type')).toBe('authorization_code');
    expect(driver.network().filter((r) => /[?#&](access_token|id_token|refresh_token)=/.test(r.url))).toEqual([]);
  });

  it('signs out at the domain (revoke, hosted session), so the next sign-in asks again', async () => {
    await popup.click('Sign out');
    await expectView(popup, 'sign-in');
    if (browserName === 'chromium') {
      // Firefox's driver does not see the background's requests.
      await waitUntil('the refresh token to be revoked at /oauth2/revoke', async () => driver.network().some((r) => r.url === `${stack.managedLoginUrl}/oauth2/revoke` && r.status === 200));
    }
    // The pool's hosted session ended: the sign-in page asks, instead of answering with a code at once.
    await popup.click('Use the sign-in page');
    const hosted = await driver.authWindow(atHostedLogin);
    await hosted.close();
    await waitUntil('the buttons to come back', async () => !(await popup.isDisabled('Use the sign-in page')));
    // And "Continue with" goes to the provider's sign-in page again, once the provider's own session is over.
    await new Promise((r) => setTimeout(r, Math.max(0, providerSignedInAt + PROVIDER_SESSION_S * 1000 + 500 - Date.now())));
    await popup.click(`Continue with ${STAND_IN_PROVIDER_NAME}`);
    const again = await driver.authWindow(atProvider);
    await again.fill('Email', STAND_IN_ACCOUNT.email);
    await again.fill('Password', STAND_IN_ACCOUNT.password);
    await again.click('Sign in');
    await expectHome(popup, CASEY);
  });
});

async function waitUntil(what: string, check: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
}
