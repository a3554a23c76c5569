// The feed panel on the (stand-in) Cruddur web app, in real Chromium with the real extension,
// against the real local stack: it follows sign-in and sign-out live, leaks no token or name to
// the page (they live in an extension-origin frame), minimises and closes per site. (Reusing the
// web app's session is confirmed in the popup, out of the page's reach; see its own tests.)
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WebApp } from '../../scripts/web-app/server.ts';
import { PANEL_HOST_TAG } from '../support/browser-driver.ts';
import type { LocalStack } from '../support/stack.ts';
import { readyUser, type TestUser } from '../support/users.ts';
import {
  extensionTokens,
  openPopupPage,
  panelAttr,
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
    expect(await panelText(page, '[data-testid=panel-list-name]')).toBe('Public feed');
    await waitForPanel(page, '[data-testid=feed], [data-testid=feed-empty]');
    await shoot(page, 'panel-signed-out');

    const popup = await signInFromPopup(browser, user);

    await waitForPanelState(page, 'signed-in');
    expect(await waitForPanel(page, '[data-testid=panel-user-name]')).toBe(user.name);
    expect(await panelText(page, '[data-testid=panel-list-name]')).toBe('Your feed');
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
    // The names live in the extension-origin frame: not in the page's DOM, text or messages.
    expect(view.text.includes(user.name)).toBe(false);
    expect(view.text.includes(`@${user.handle}`)).toBe(false);
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

  it('minimises to its header, stays minimised on this site after a reload, and expands again', async () => {
    const hostHeight = () => page.evaluate((tag) => document.querySelector(tag)?.getBoundingClientRect().height ?? 0, PANEL_HOST_TAG);
    await waitForPanelState(page, 'signed-out');
    await expect.poll(hostHeight).toBeGreaterThan(200);
    await panelClick(page, '[data-testid=panel-minimise]');
    await expect.poll(hostHeight).toBeLessThan(80);
    expect(await panelText(page, '[data-testid=panel-feed]')).toBeNull();
    await shoot(page, 'panel-minimised');

    await page.reload();
    await waitForPanelState(page, 'signed-out');
    expect(await panelAttr(page, '[data-testid=panel]', 'data-minimised')).toBe('true');
    await expect.poll(hostHeight).toBeLessThan(80);

    await panelClick(page, '[data-testid=panel-minimise]');
    await expect.poll(hostHeight).toBeGreaterThan(200);
    expect(await waitForPanel(page, '[data-testid=panel-list-name]')).toBe('Public feed');
    await page.reload();
    await waitForPanelState(page, 'signed-out');
    expect(await panelAttr(page, '[data-testid=panel]', 'data-minimised')).toBe('false');
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
    await waitForPanelState(page, 'signed-out');
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
    await waitForPanelState(other, 'signed-out');
    // Asking twice reveals the one panel instead of injecting a second.
    expect(await popup.evaluate(() => chrome.runtime.sendMessage({ type: 'panel/show-in-active-tab' }))).toEqual({ ok: true, value: { shown: true } });
    await other.waitForTimeout(500);
    expect(await panelHosts(other)).toBe(1);
    await popup.close();
    await other.close();
  });
});
