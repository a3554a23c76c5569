// The feed panel on the Cruddur web app follows the extension's session live, in each real
// browser: signed out it shows the public feed and "Sign in"; signing in from the popup
// switches it to the personalised feed, and signing out switches it back, all in the same
// document (no reload). The panel's deeper checks (no token reachable from the page, reusing
// the web app's session) are in content-panel.test.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebApp, type WebApp } from '../../scripts/web-app/server.ts';
import type { ExtensionDriver } from '../support/browser-driver.ts';
import { E2E_BROWSERS, closeChecked, launchFor } from '../support/browser-launch.ts';
import { startLocalStack, type LocalStack } from '../support/stack.ts';
import { readyUser, type TestUser } from '../support/users.ts';
import { expectPanelState, openWithPanel, panelText } from './panel-steps.ts';
import { expectHome, expectView, openPopup, signIn } from './popup-steps.ts';

describe.each(E2E_BROWSERS)('%s: the feed panel follows the session live', (browserName) => {
  let stack: LocalStack;
  let webApp: WebApp;
  let driver: ExtensionDriver;
  let user: TestUser;

  beforeAll(async () => {
    stack = await startLocalStack();
    webApp = await startWebApp({ cognitoUrl: stack.cognitoUrl, userPoolId: stack.userPoolId, clientId: stack.clientId, apiUrl: stack.apiUrl });
    driver = await launchFor(browserName, stack, { webAppOrigins: [webApp.url] });
    ({ user } = await readyUser(stack, 'Live'));
  });

  afterAll(async () => {
    await closeChecked(driver, stack?.apiUrl);
    await webApp?.close();
    await stack?.stop();
  });

  it('switches between the public and the personalised feed as the user signs in and out, without a reload', async () => {
    const page = await openWithPanel(driver, webApp.url);
    const marker = await page.evaluate<number>('() => (window.__panelJourney = Math.random())');

    await expectPanelState(page, 'signed-out');
    expect(await panelText(page, '[data-testid=panel-sign-in]')).toBe('Sign in');
    await panelText(page, '[data-testid=panel-feed]', (t) => t.includes('@andrewbrown'));
    await page.screenshot('panel-live-signed-out');

    const popup = await openPopup(driver);
    await signIn(popup, user.email, user.password);
    await expectHome(popup, user);

    await expectPanelState(page, 'signed-in');
    expect(await panelText(page, '[data-testid=panel-user-name]')).toBe(user.name);
    expect(await panelText(page, '[data-testid=panel-user-handle]')).toBe(`@${user.handle}`);
    // The API's welcome crud addresses the signed-in @handle: the feed is the personalised one.
    await panelText(page, '[data-testid=panel-feed]', (t) => t.includes(`@${user.handle}`));
    await page.screenshot('panel-live-signed-in');

    await popup.click('Sign out');
    await expectView(popup, 'sign-in');
    await expectPanelState(page, 'signed-out');
    expect(await panelText(page, '[data-testid=panel-sign-in]')).toBe('Sign in');
    expect(await page.evaluate<number>('() => window.__panelJourney')).toBe(marker);
  });
});
