/**
 * Helpers for the feed-panel journeys: a Chromium with the extension built for the stand-in
 * web app, the panel reached through its CLOSED shadow root over CDP (page scripts and
 * Playwright locators cannot see into it; DevTools can), and the extension's real tokens read
 * from the worker's IndexedDB so a test can look for them where they must not be.
 */
import type { Page, Worker } from 'playwright-core';
import { startWebApp, type WebApp } from '../../scripts/web-app/server.ts';
import { buildForStack } from '../support/browser-build.ts';
import { callInPanel, startChromium, type ChromiumSession } from '../support/browser-chromium.ts';
import { EXTENSION_PATHS, PANEL_HOST_TAG, screenshotPath } from '../support/browser-driver.ts';
import { closeChecked } from '../support/browser-launch.ts';
import { startLocalStack, type LocalStack } from '../support/stack.ts';
import type { TestUser } from '../support/users.ts';
import { cognitoCalls } from './popup-steps.ts';

export interface PanelBrowser extends ChromiumSession {
  /** Cognito `AuthFlow`s the extension's worker sent, in order. */
  readonly authFlows: string[];
}

export interface PanelRig {
  stack: LocalStack;
  webApp: WebApp;
  browser: PanelBrowser;
  /**
   * Checks the browser's requests for token confinement, then stops everything started, in
   * reverse order; safe after a partial start.
   */
  stop(): Promise<void>;
}

/**
 * What every panel journey starts with: a local stack, the stand-in web app, the extension built
 * with that web app as its configured origin, Chromium with it loaded, and the panel registered.
 */
export async function startPanelRig(): Promise<PanelRig> {
  const started: (() => Promise<void>)[] = [];
  // Undoes every step even when one fails, then reports the first failure (a token leak, say).
  const stop = async () => {
    const failures: unknown[] = [];
    for (const undo of started.reverse()) await undo().catch((e: unknown) => failures.push(e));
    if (failures.length > 0) throw failures[0];
  };
  try {
    const stack = await startLocalStack();
    started.push(() => stack.stop());
    const webApp = await startWebApp({ cognitoUrl: stack.cognitoUrl, userPoolId: stack.userPoolId, clientId: stack.clientId, apiUrl: stack.apiUrl });
    started.push(() => webApp.close());
    const build = await buildForStack(stack, { target: 'chrome', webAppOrigins: [webApp.url] });
    started.push(() => build.remove());
    const browser = await launchPanelBrowser(build.dir);
    started.push(() => closeChecked(browser, stack.apiUrl, { webApp: webApp.url }));
    await waitForPanelRegistration(browser.worker);
    return { stack, webApp, browser, stop };
  } catch (error) {
    await stop().catch(() => undefined);
    throw error;
  }
}

/** Chromium with the extension loaded, in a window the web app fits (the journeys need the raw context). */
export async function launchPanelBrowser(extensionDir: string): Promise<PanelBrowser> {
  const session = await startChromium(extensionDir, { width: 1100, height: 720 });
  return {
    ...session,
    get authFlows() {
      // Refreshes are GetTokensFromRefreshToken calls (named so here); sign-ins InitiateAuth flows.
      return [...cognitoCalls(session.network(), 'InitiateAuth'), ...cognitoCalls(session.network(), 'GetTokensFromRefreshToken')]
        .filter((e) => e.fromServiceWorker)
        .sort((a, b) => a.at - b.at)
        .map((e) => (e.body?.includes('AuthFlow') ? ((JSON.parse(e.body) as { AuthFlow?: string }).AuthFlow ?? '?') : 'GetTokensFromRefreshToken'));
    },
  };
}

/** The popup as a tab, popup-sized. */
export async function openPopupPage(browser: PanelBrowser): Promise<Page> {
  const popup = await browser.context.newPage();
  await popup.setViewportSize({ width: 360, height: 600 });
  await popup.goto(`chrome-extension://${browser.extensionId}/${EXTENSION_PATHS.popup}`);
  return popup;
}

/** Signs `user` in from a popup tab, as a person would; returns the popup, showing home. */
export async function signInFromPopup(browser: PanelBrowser, user: Pick<TestUser, 'email' | 'password'>): Promise<Page> {
  const popup = await openPopupPage(browser);
  await popup.getByLabel('Email', { exact: true }).fill(user.email);
  await popup.getByLabel('Password', { exact: true }).fill(user.password);
  await popup.getByRole('button', { name: 'Sign in', exact: true }).click();
  await popup.getByTestId('view-home').waitFor();
  return popup;
}

/**
 * Waits until the worker has registered the panel for the web-app origin. It does so at
 * start-up, asynchronously; a page opened before that gets no panel until it reloads, which
 * is what a user would see too, but it is not what these journeys test.
 */
export async function waitForPanelRegistration(worker: Worker): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    const count = await worker.evaluate(async () => (await chrome.scripting.getRegisteredContentScripts()).length);
    if (count > 0) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('The background never registered the feed panel for the web app');
}

/** How many feed panels the page holds (their host elements, as a page script sees them). */
export const panelHosts = (page: Page) => page.evaluate((tag) => document.querySelectorAll(tag).length, PANEL_HOST_TAG);

/** The element matching `selector` in the panel's closed shadow root (over CDP): its text, an attribute, a click. */
export const panelText = async (page: Page, selector: string) => {
  const text = await callInPanel(page, 'function () { return this.innerText; }', [], selector);
  return typeof text === 'string' ? text.trim() : null;
};
export const panelAttr = async (page: Page, selector: string, name: string) =>
  callInPanel<string | null>(page, 'function (n) { return this.getAttribute(n); }', [name], selector);
export const panelClick = async (page: Page, selector: string) => {
  // The click runs after the call returns: "close" removes the frame at once (its port is fast),
  // and a frame that detaches before answering reads as no panel.
  if ((await callInPanel(page, 'function () { setTimeout(() => this.click()); return true; }', [], selector)) !== true) throw new Error(`No ${selector} in the panel to click`);
};

/** Polls the panel until `selector` exists and `accept(text)`; fails after the deadline. */
export async function waitForPanel(page: Page, selector: string, accept: (text: string) => boolean = () => true, timeoutMs = 20_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let last: string | null = null;
  while (Date.now() < deadline) {
    last = await panelText(page, selector);
    if (last !== null && accept(last)) return last;
    await page.waitForTimeout(150);
  }
  throw new Error(`Timed out after ${timeoutMs} ms waiting for ${selector} in the panel; last text: ${JSON.stringify(last)}`);
}

/** Waits for the panel's auth view (`data-state` on the panel). */
export async function waitForPanelState(page: Page, state: 'signed-in' | 'signed-out', timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last: string | null | undefined;
  while (Date.now() < deadline) {
    last = await panelAttr(page, '[data-testid=panel]', 'data-state');
    if (last === state) return;
    await page.waitForTimeout(150);
  }
  throw new Error(`The panel never reached ${state}; last: ${String(last)}`);
}

/** Every token-looking string the extension holds, from the worker's IndexedDB. */
export async function extensionTokens(worker: Worker): Promise<string[]> {
  return worker.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((ok, fail) => {
      const req = indexedDB.open('cruddur-companion');
      req.onsuccess = () => ok(req.result);
      req.onerror = () => fail(req.error);
    });
    const values = await new Promise<unknown[]>((ok, fail) => {
      const req = db.transaction('kv', 'readonly').objectStore('kv').getAll();
      req.onsuccess = () => ok(req.result as unknown[]);
      req.onerror = () => fail(req.error);
    });
    db.close();
    const found = new Set<string>();
    const walk = (v: unknown, key = ''): void => {
      if (typeof v === 'string') {
        if (/token/i.test(key) || /^eyJ[\w-]+\.[\w-]+\.[\w-]+$/.test(v)) if (v.length > 20) found.add(v);
      } else if (v && typeof v === 'object') for (const [k, child] of Object.entries(v)) walk(child, k);
    };
    values.forEach((v) => walk(v));
    return [...found];
  });
}

/** Full-page screenshot of a web page, to test-results/screenshots/chromium-<name>.png. */
export async function shoot(page: Page, name: string): Promise<string> {
  const path = await screenshotPath('chromium', name);
  await page.screenshot({ path, animations: 'disabled' });
  return path;
}
