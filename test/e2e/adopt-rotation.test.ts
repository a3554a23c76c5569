// "Continue as" on an app client with refresh-token rotation, against real Amplify v6 in the
// stand-in web app. Adopting means refreshing the web app's refresh token, which rotation
// retires (grace 0): the web app will have to sign in again. So the popup says so before the
// click; afterwards the web app indeed asks for sign-in (it is told, not silently broken), the
// extension keeps its own session, and the next offer on this client says "will", not "may".
import { UpdateUserPoolClientCommand } from '@aws-sdk/client-cognito-identity-provider';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebApp, type WebApp } from '../../scripts/web-app/server.ts';
import type { ExtensionDriver } from '../support/browser-driver.ts';
import { E2E_BROWSERS, closeChecked, launchFor } from '../support/browser-launch.ts';
import { startLocalStack, type LocalStack } from '../support/stack.ts';
import { readyUser, stackCognito, type TestUser } from '../support/users.ts';
import { expectPanelState, openWithPanel } from './panel-steps.ts';
import { expectHome, expectView, openPopup } from './popup-steps.ts';
import { signedOutState, until, webAppSignIn } from './web-app-steps.ts';

const TOKEN_SECONDS = 60; // the stack's short-lived client
const ENDED = 'Your session has ended. Please sign in again.';

describe.each(E2E_BROWSERS)('%s: continuing as the web app user on a rotating client', (browserName) => {
  let stack: LocalStack;
  let webApp: WebApp;
  let driver: ExtensionDriver;
  let user: TestUser;
  let clientId: string;

  beforeAll(async () => {
    stack = await startLocalStack();
    clientId = stack.shortLivedClientId;
    const cognito = stackCognito(stack);
    try {
      await cognito.send(
        new UpdateUserPoolClientCommand({
          UserPoolId: stack.userPoolId,
          ClientId: clientId,
          ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
          AccessTokenValidity: TOKEN_SECONDS,
          IdTokenValidity: TOKEN_SECONDS,
          RefreshTokenValidity: 30,
          TokenValidityUnits: { AccessToken: 'seconds', IdToken: 'seconds', RefreshToken: 'days' },
          EnableTokenRevocation: true,
          PreventUserExistenceErrors: 'ENABLED',
          RefreshTokenRotation: { Feature: 'ENABLED', RetryGracePeriodSeconds: 0 },
        }),
      );
    } finally {
      cognito.destroy();
    }
    webApp = await startWebApp({ cognitoUrl: stack.cognitoUrl, userPoolId: stack.userPoolId, clientId, apiUrl: stack.apiUrl });
    driver = await launchFor(browserName, stack, { clientId, webAppOrigins: [webApp.url] });
    ({ user } = await readyUser(stack, 'Rotating', clientId));
  });

  afterAll(async () => {
    await closeChecked(driver, stack?.apiUrl, { webApp: webApp?.url });
    await webApp?.close();
    await stack?.stop();
  });

  it('says before the click that the web app may ask to sign in again; afterwards it does, and the next offer says it will', async () => {
    const page = await openWithPanel(driver, webApp.url);
    await expectPanelState(page, 'signed-out');
    await webAppSignIn(page, user);
    await until('the popup to offer the web session', async () => (await signedOutState(driver)) === 'adopt');

    const popup = await openPopup(driver);
    await expectView(popup, 'adopt');
    // Nothing has told the extension yet whether this client rotates: it warns all the same.
    expect(await popup.text('adopt-rotation')).toBe('The Cruddur web app in this browser may ask you to sign in again.');
    await popup.screenshot('adopt-rotating-confirm');
    await popup.click('Continue');
    await expectHome(popup, user);
    await expectPanelState(page, 'signed-in');

    // Move the web app's clock past its access token's expiry, as Amplify v6 sees time: it
    // adds the stored clockDrift to now. (Waiting the 60 s out would cost a minute per browser.)
    // On reload Amplify refreshes with the refresh token the extension's adoption rotated away
    // (grace 0), is refused by the front, and the page asks for sign-in.
    await page.evaluate(`() => {
      const p = 'CognitoIdentityServiceProvider.' + ${JSON.stringify(clientId)};
      const user = localStorage.getItem(p + '.LastAuthUser');
      localStorage.setItem(p + '.' + user + '.clockDrift', String(${(TOKEN_SECONDS + 5) * 1000}));
    }`);
    await page.reload();
    await until(
      'the web app to ask for sign-in again',
      () => page.evaluate<boolean>(`() => document.getElementById('error').textContent === ${JSON.stringify(ENDED)} && !document.getElementById('sign-in-form').hidden`),
      30_000,
    );
    await page.screenshot('adopt-rotating-web-app-signed-out');

    // The extension keeps its own session (rotation.test.ts takes it across forced refreshes).
    await popup.click('Refresh the feed');
    await expectHome(popup, user);
    await expectPanelState(page, 'signed-in');

    // Signed out and offered the web app's next session, the popup now knows this client rotates.
    await popup.click('Sign out');
    await expectView(popup, 'sign-in');
    await popup.close();
    await webAppSignIn(page, user);
    await until('the popup to offer the new web session', async () => (await signedOutState(driver)) === 'adopt', 30_000);
    const again = await openPopup(driver);
    await expectView(again, 'adopt');
    expect(await again.text('adopt-rotation')).toBe('The Cruddur web app in this browser will ask you to sign in again.');
    await again.screenshot('adopt-rotating-confirm-known');
    await again.close();
  }, 120_000);
});
