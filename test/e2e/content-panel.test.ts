// The feed panel on the (stand-in) Cruddur web app, in real Chromium with the real extension,
// against the real local stack: it follows sign-in and sign-out live, leaks no token to the
// page, and reuses the web app's own Cognito session on one click.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WebApp } from '../../scripts/web-app/server.ts';
import { RECHECK_MS } from '../../src/content/web-session.ts';
import { PANEL_HOST_TAG } from '../support/browser-driver.ts';
import type { LocalStack } from '../support/stack.ts';
import { readyUser, type TestUser, type Tokens } from '../support/users.ts';
import {
  extensionTokens,
  openPopupPage,
  panelClick,
  panelHosts,
  panelText,
  shoot,
  signInFromPopup,
  startPanelRig,
  waitForPanel,
  waitForPanelState,
  type PanelBrowser,
  type PanelRig,
} from './content-steps.ts';

// What a hostile page can see: window messages (recorded from the start), every text and
// attribute in the DOM including open shadow roots, its storage and cookies.
const RECORD_MESSAGES = () => {
  const seen: string[] = [];
  (window as unknown as { __seenMessages: string[] }).__seenMessages = seen;
  addEventListener('message', (e) => seen.push(JSON.stringify(e.data) ?? ''), true);
};
const PAGE_VIEW = (hostTag: string) => {
  const out: string[] = [...(window as unknown as { __seenMessages: string[] }).__seenMessages];
  const walk = (root: Document | ShadowRoot | Element) => {
    for (const el of root.querySelectorAll('*')) {
      for (const a of el.attributes) out.push(a.value);
      if (el.shadowRoot) walk(el.shadowRoot);
    }
  };
  walk(document);
  out.push(document.documentElement.innerText, document.documentElement.outerHTML, document.cookie);
  for (const store of [localStorage, sessionStorage]) for (let i = 0; i < store.length; i++) out.push(`${store.key(i)}=${store.getItem(store.key(i) ?? '')}`);
  const host = document.querySelector(hostTag);
  return { text: out.join('\n'), panelHostFound: host !== null, panelShadowVisible: host?.shadowRoot != null };
};

describe('chromium: the feed panel on the Cruddur web app', () => {
  let rig: PanelRig | undefined;
  let stack: LocalStack;
  let webApp: WebApp;
  let browser: PanelBrowser;
  let user: TestUser;
  let page: Page;

  beforeAll(async () => {
    rig = await startPanelRig();
    ({ stack, webApp, browser } = rig);
    ({ user } = await readyUser(stack, 'Panel'));
  });

  afterAll(() => rig?.stop());

  it('shows the public feed signed out, switches to the personalised feed on sign-in without a reload, and back on sign-out', async () => {
    page = await browser.context.newPage();
    await page.addInitScript(RECORD_MESSAGES);
    await page.goto(webApp.url);
    const marker = await page.evaluate(() => ((window as unknown as { __loadMarker: number }).__loadMarker = Math.random()));

    await waitForPanelState(page, 'signed-out');
    expect(await waitForPanel(page, '[data-testid=panel-sign-in]')).toBe('Sign in');
    await waitForPanel(page, '[data-testid=feed], [data-testid=feed-empty]');
    await shoot(page, 'panel-signed-out');

    const popup = await signInFromPopup(browser, user);

    await waitForPanelState(page, 'signed-in');
    expect(await waitForPanel(page, '[data-testid=panel-user-name]')).toBe(user.name);
    expect(await panelText(page, '[data-testid=panel-user-handle]')).toBe(`@${user.handle}`);
    // The API greets the signed-in @handle in a personalised feed.
    await waitForPanel(page, '[data-testid=feed]', (t) => t.includes(`@${user.handle}`));
    await page.bringToFront();
    await shoot(page, 'panel-signed-in');

    const view = await page.evaluate(PAGE_VIEW, PANEL_HOST_TAG);
    const tokens = await extensionTokens(browser.worker);
    expect(tokens.length).toBeGreaterThanOrEqual(3); // access, ID and refresh token
    expect(view.panelHostFound).toBe(true);
    expect(view.panelShadowVisible).toBe(false); // closed shadow root
    for (const token of tokens) {
      expect(view.text.includes(token)).toBe(false);
      expect(view.text.includes(token.slice(-32))).toBe(false); // not even a signature's tail
    }

    await popup.getByRole('button', { name: 'Sign out', exact: true }).click();
    await waitForPanelState(page, 'signed-out');
    expect(await waitForPanel(page, '[data-testid=panel-sign-in]')).toBe('Sign in');
    // Same document all along: no reload happened.
    expect(await page.evaluate(() => (window as unknown as { __loadMarker: number }).__loadMarker)).toBe(marker);
    await popup.close();
  });

  it('points to the toolbar for a web-app session of our client only; the popup adopts it without a password', async () => {
    const other = await readyUser(stack, 'Other', stack.shortLivedClientId);
    const web = await readyUser(stack, 'Web');
    const seed = (clientId: string, tokens: Tokens, email: string) =>
      page.evaluate(
        ({ clientId, tokens, email }) => {
          const p = `CognitoIdentityServiceProvider.${clientId}`;
          localStorage.setItem(`${p}.LastAuthUser`, email);
          localStorage.setItem(`${p}.${email}.idToken`, tokens.idToken);
          localStorage.setItem(`${p}.${email}.accessToken`, tokens.accessToken);
          localStorage.setItem(`${p}.${email}.refreshToken`, tokens.refreshToken);
          localStorage.setItem(`${p}.${email}.clockDrift`, '0');
        },
        { clientId, tokens, email },
      );

    // Another app client's session is none of the panel's business.
    await seed(stack.shortLivedClientId, other.tokens, other.user.email);
    await page.reload();
    await waitForPanelState(page, 'signed-out');
    await page.waitForTimeout(RECHECK_MS + 500); // past the panel's storage re-check
    expect(await panelText(page, '[data-testid=panel-web-session]')).toBeNull();

    await seed(stack.clientId, web.tokens, web.user.email);
    await page.reload();
    // The panel names nobody: the popup shows who, from Cognito (adopt.test.ts runs that journey).
    expect(await waitForPanel(page, '[data-testid=panel-web-session]')).toBe(
      'Cruddur is signed in in this tab. Click the Cruddur toolbar button to continue.',
    );
    expect(await panelText(page, '[data-testid=panel-sign-in]')).toBe('Use another account');
    await shoot(page, 'panel-continue');
    const flowsBefore = browser.authFlows.length;

    // What the popup's Continue sends: the offer's id, never a token.
    const popup = await openPopupPage(browser);
    const adopted = await popup.evaluate(async () => {
      const offer = (await chrome.runtime.sendMessage({ type: 'web-session/offer' })) as { value: { id: string } };
      return chrome.runtime.sendMessage({ type: 'web-session/adopt', payload: { offerId: offer.value.id } });
    });
    expect(adopted).toMatchObject({ ok: true, value: { kind: 'signed-in' } });
    await popup.close();
    await waitForPanelState(page, 'signed-in');
    expect(await waitForPanel(page, '[data-testid=panel-user-handle]')).toBe(`@${web.user.handle}`);
    expect(browser.authFlows.slice(flowsBefore)).toEqual(['REFRESH_TOKEN_AUTH']);
    // The extension holds its own session now (proved by a refresh), not a copy of the page's access token.
    const tokens = await extensionTokens(browser.worker);
    expect(tokens).toContain(web.tokens.refreshToken);
    expect(tokens).not.toContain(web.tokens.accessToken);
    expect(await panelHosts(page)).toBe(1);
  });

  it('closes, stays closed on this site after a reload, and the popup brings it back', async () => {
    await panelClick(page, '[data-testid=panel-close]');
    await expect.poll(() => panelHosts(page)).toBe(0);
    await page.reload();
    await page.waitForTimeout(1500);
    expect(await panelHosts(page)).toBe(0);

    // "Show feed on this page": what the popup sends, for the active tab (the web page again).
    const popup = await openPopupPage(browser);
    await page.bringToFront();
    const answer = await popup.evaluate(() => chrome.runtime.sendMessage({ type: 'panel/show-in-active-tab' }));
    expect(answer).toEqual({ ok: true, value: { shown: true } });
    await waitForPanelState(page, 'signed-in');
    expect(await panelHosts(page)).toBe(1);
    await popup.close();
  });

  it('shows on demand on a site that is not the web app (injected by file), and not by itself there', async () => {
    // The API's origin: not a web-app origin, but a host the extension may script (its API host).
    const other = await browser.context.newPage();
    await other.goto(`${stack.apiUrl}/api/activities/home`);
    await other.waitForTimeout(1000);
    expect(await panelHosts(other)).toBe(0);

    const popup = await openPopupPage(browser);
    await other.bringToFront();
    expect(await popup.evaluate(() => chrome.runtime.sendMessage({ type: 'panel/show-in-active-tab' }))).toEqual({ ok: true, value: { shown: true } });
    await waitForPanelState(other, 'signed-in');
    // Off the web app, no session is offered and the panel gets no client id.
    expect(await panelText(other, '[data-testid=panel-continue]')).toBeNull();
    // Asking twice reveals the one panel instead of injecting a second.
    expect(await popup.evaluate(() => chrome.runtime.sendMessage({ type: 'panel/show-in-active-tab' }))).toEqual({ ok: true, value: { shown: true } });
    await other.waitForTimeout(500);
    expect(await panelHosts(other)).toBe(1);
    await popup.close();
    await other.close();
  });
});
