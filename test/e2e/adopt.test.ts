// "Continue as", in each real browser: the stand-in web app signs in with real Amplify v6, the
// popup offers the identity Cognito names for that session (never the page's own claims), and
// only the popup's Continue adopts it. A page that plants someone else's session under a
// victim's name, hides the panel and takes a real click adopts nothing; after sign-out the
// revoked token is not offered again; a token that died meanwhile ends with a plain sentence.
// (Look-alike accounts, hidden clicks and keys, and report spam: page-attacks-adopt.test.ts.)
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebApp, type WebApp } from '../../scripts/web-app/server.ts';
import { RevokeTokenCommand } from '@aws-sdk/client-cognito-identity-provider';
import type { ExtensionDriver, WebPage } from '../support/browser-driver.ts';
import { E2E_BROWSERS, closeChecked, launchFor } from '../support/browser-launch.ts';
import { startLocalStack, type LocalStack } from '../support/stack.ts';
import { readyUser, stackCognito, type TestUser } from '../support/users.ts';
import { RECHECK_MS } from '../../src/content/web-session.ts';
import { expectPanelState, openWithPanel, panelText } from './panel-steps.ts';
import { expectAccessible } from './a11y-steps.ts';
import { expectHome, expectView, openPopup } from './popup-steps.ts';
import { ADOPT_TEXT } from '../../src/popup/offer-check.ts';
import { plant, signedOutState, spoofedIdToken, until, webAppSignIn } from './web-app-steps.ts';

const MAY_SIGN_IN_AGAIN = 'The Cruddur web app in this browser may ask you to sign in again.';

describe.each(E2E_BROWSERS)('%s: continuing as the web app user, confirmed in the popup', (browserName) => {
  let stack: LocalStack;
  let webApp: WebApp;
  // The same web app on a second origin: each origin's reports may cost Cognito two GetUser a
  // minute (report-budget.ts), and this suite proves three sessions within one.
  let webApp2: WebApp;
  let driver: ExtensionDriver;
  let page: WebPage;
  let demo: TestUser;

  beforeAll(async () => {
    stack = await startLocalStack();
    const config = { cognitoUrl: stack.cognitoUrl, userPoolId: stack.userPoolId, clientId: stack.clientId, apiUrl: stack.apiUrl };
    [webApp, webApp2] = await Promise.all([startWebApp(config), startWebApp(config)]);
    driver = await launchFor(browserName, stack, { webAppOrigins: [webApp.url, webApp2.url] });
    ({ user: demo } = await readyUser(stack, 'Demo'));
    page = await openWithPanel(driver, webApp.url);
  });

  afterAll(async () => {
    await closeChecked(driver, stack?.apiUrl, { webApp: [webApp?.url ?? '', webApp2?.url ?? ''] });
    await webApp?.close();
    await webApp2?.close();
    await stack?.stop();
  });

  it('offers "Continue as @handle (Name)" from Cognito for an Amplify v6 session, and Continue signs in', async () => {
    await expectPanelState(page, 'signed-out');
    await webAppSignIn(page, demo);
    // Amplify v6 names the session by the user's sub, not the email.
    const lastUser = await page.evaluate<string>(`() => localStorage.getItem('CognitoIdentityServiceProvider.${stack.clientId}.LastAuthUser')`);
    expect(lastUser).toMatch(/^[0-9a-f-]{36}$/);
    // The feed frame in the page names nobody; the offer waits in the toolbar popup, and the
    // frame says so, pointing to the toolbar button.
    await until('the popup to offer the web session', async () => (await signedOutState(driver)) === 'adopt');
    const lead = await panelText(page, '[data-testid=panel-lead]', (t) => t.includes('toolbar'));
    expect(lead).toBe('You are signed in to Cruddur on a site in this browser. To use that sign-in here, click the Cruddur Companion button in the toolbar.');
    expect([demo.name, demo.handle, demo.email].filter((t) => lead.includes(t))).toEqual([]);

    const popup = await openPopup(driver);
    await expectView(popup, 'adopt');
    // The toolbar button's mark while an offer waits: a dot, never a count, with a title saying why.
    const badge = await popup.evaluate<{ text: string; title: string }>(`async () => {
      const api = globalThis.browser ?? globalThis.chrome;
      return { text: await api.action.getBadgeText({}), title: await api.action.getTitle({}) };
    }`);
    expect(badge.text).toBe('●');
    expect(badge.title).toMatch(/you are signed in to Cruddur on a site in this browser/);
    await expectAccessible(popup, 'adopt-a11y');
    // The label is Cognito's GetUser answer, never the page's ID token (which a page could forge).
    expect(await popup.text('adopt-who')).toBe(`${demo.name}\n@${demo.handle}\n${demo.email}\n${ADOPT_TEXT.newHere}`);
    expect(await popup.text('adopt-rotation')).toBe(MAY_SIGN_IN_AGAIN);
    await popup.screenshot('adopt-confirm');
    await popup.click('Continue');
    await expectHome(popup, demo);
    // Spent: the mark is gone.
    await until('the toolbar mark to go', async () => (await popup.evaluate<string>(`() => (globalThis.browser ?? globalThis.chrome).action.getBadgeText({})`)) === '');
    await expectPanelState(page, 'signed-in');
    await panelText(page, '[data-testid=panel-feed]', (t) => t.includes(`@${demo.handle}`));
    await popup.screenshot('adopt-signed-in');

    // This client does not rotate refresh tokens: the web app keeps its session.
    await page.reload();
    await until('the web app to show its user', () => page.evaluate<string>(`() => document.getElementById('who').textContent`));
    await popup.close();
  });

  it('never offers again the session that sign-out just revoked', async () => {
    const popup = await openPopup(driver);
    await popup.click('Sign out');
    await expectView(popup, 'sign-in');
    await popup.close();
    await expectPanelState(page, 'signed-out');
    // The page still holds the token the extension adopted and revoked; wait past its re-check.
    await new Promise((r) => setTimeout(r, RECHECK_MS + 1000));
    expect(await panelText(page, '[data-testid=panel-sign-in]')).toBe('Sign in');
    expect(await signedOutState(driver)).toBe('sign-in');
  });

  it("shows the planted session's real owner, not the victim its ID token claims, and a click in the page adopts nothing", async () => {
    const { user: mallory, tokens } = await readyUser(stack, 'Mallory');
    const spoofed = { ...tokens, idToken: spoofedIdToken(tokens.idToken, { sub: 'victim', email: demo.email, preferred_username: demo.handle, name: demo.name }) };
    await plant(page, stack.clientId, demo.email, spoofed);
    await page.reload();
    await expectPanelState(page, 'signed-out');
    await until('the popup to offer the web session', async () => (await signedOutState(driver)) === 'adopt');

    // The page hides the panel over a decoy and real clicks land on it.
    const box = await page.evaluate<number[]>(
      `() => { const r = document.querySelector('cruddur-companion-panel').getBoundingClientRect(); return [r.x, r.y, r.width, r.height]; }`,
    );
    const [x = 0, y = 0, w = 0, h = 0] = box ?? [];
    await page.evaluate(`() => { document.querySelector('cruddur-companion-panel').style.opacity = '0'; }`);
    await page.clickAt(x + w / 2, y + h / 2);
    await page.clickAt(x + 10, y + h - 30);
    await new Promise((r) => setTimeout(r, 1500));
    await expectPanelState(page, 'signed-out');
    await page.screenshot('adopt-spoof-hidden-panel');

    const popup = await openPopup(driver);
    await expectView(popup, 'adopt');
    const shown = await popup.text('adopt-who');
    expect(shown).toBe(`${mallory.name}\n@${mallory.handle}\n${mallory.email}\n${ADOPT_TEXT.newHere}`);
    expect(shown).not.toContain(demo.handle);
    // The first adoption's refresh returned no new refresh token: this client is known not to rotate.
    expect(await popup.text('adopt-rotation')).toBe('You stay signed in to the web app too. Signing out here later signs it out as well.');
    await popup.screenshot('adopt-spoof-real-owner');
    await popup.click('Not now');
    await expectView(popup, 'sign-in');
    await popup.close();
    expect(await signedOutState(driver)).toBe('sign-in');
  });

  it('says "That Cruddur session has ended. Sign in instead." when the offered token died meanwhile, and drops the offer', async () => {
    const { user, tokens } = await readyUser(stack, 'Gone');
    const other = await openWithPanel(driver, webApp2.url);
    await plant(other, stack.clientId, user.email, tokens);
    await other.reload();
    await until('the popup to offer the web session', async () => (await signedOutState(driver)) === 'adopt');
    const popup = await openPopup(driver);
    await expectView(popup, 'adopt');

    const cognito = stackCognito(stack);
    try {
      await cognito.send(new RevokeTokenCommand({ ClientId: stack.clientId, Token: tokens.refreshToken }));
    } finally {
      cognito.destroy();
    }
    await popup.click('Continue');
    await expectView(popup, 'sign-in');
    expect(await popup.text('notice')).toBe('That Cruddur session has ended. Sign in instead.');
    await popup.screenshot('adopt-session-ended');
    await popup.close();
    expect(await signedOutState(driver)).toBe('sign-in');
  });
});

