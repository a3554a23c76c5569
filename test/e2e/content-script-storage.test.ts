// Where the tokens are kept, seen from the content script's own world (Chromium's isolated
// world, reached over CDP): with the user signed in and the feed panel running on the web
// app, everything a content script can read — storage.local, storage.session, its IndexedDB —
// holds none of the extension's tokens. The tokens are read from the worker's IndexedDB to
// know exactly what to look for.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WebApp } from '../../scripts/web-app/server.ts';
import type { LocalStack } from '../support/stack.ts';
import { readyUser } from '../support/users.ts';
import { extensionTokens, signInFromPopup, startPanelRig, type PanelBrowser, type PanelRig } from './content-steps.ts';

interface ContentScriptView {
  local: Record<string, unknown>;
  session: string;
  databases: string[];
}

// Runs inside the content script's isolated world, with its `chrome.*`.
const READ_EVERYTHING = `(async () => {
  const local = await chrome.storage.local.get(null);
  let session;
  try { session = JSON.stringify(await chrome.storage.session.get(null)); } catch (e) { session = 'refused: ' + e.message; }
  const databases = (await indexedDB.databases()).map((d) => d.name);
  return JSON.stringify({ local, session, databases });
})()`;

describe('chromium: a content script can read no token', () => {
  let rig: PanelRig | undefined;
  let stack: LocalStack;
  let webApp: WebApp;
  let browser: PanelBrowser;

  beforeAll(async () => {
    rig = await startPanelRig();
    ({ stack, webApp, browser } = rig);
  });

  afterAll(() => rig?.stop());

  it('finds nothing in storage.local, is refused storage.session, and sees only the page origin IndexedDB', async () => {
    const { user } = await readyUser(stack, 'Confined');
    await signInFromPopup(browser, user);

    const page = await browser.context.newPage();
    const cdp = await browser.context.newCDPSession(page);
    const worlds: { id: number; origin: string; type?: string }[] = [];
    cdp.on('Runtime.executionContextCreated', ({ context }) =>
      worlds.push({ id: context.id, origin: context.origin, type: (context.auxData as { type?: string } | undefined)?.type }),
    );
    await cdp.send('Runtime.enable');
    await page.goto(webApp.url);
    const deadline = Date.now() + 15_000;
    let world: (typeof worlds)[number] | undefined;
    while (!(world = worlds.find((w) => w.type === 'isolated' && w.origin.startsWith('chrome-extension://'))) && Date.now() < deadline) {
      await page.waitForTimeout(100);
    }
    if (!world) throw new Error('The feed panel content script never started on the web app');

    const { result, exceptionDetails } = await cdp.send('Runtime.evaluate', {
      expression: READ_EVERYTHING,
      contextId: world.id,
      awaitPromise: true,
      returnByValue: true,
    });
    expect(exceptionDetails).toBeUndefined();
    const view = JSON.parse(String(result.value)) as ContentScriptView;
    const everything = JSON.stringify(view);

    const tokens = await extensionTokens(browser.worker);
    expect(tokens.length).toBeGreaterThanOrEqual(3); // access, ID and refresh token exist…
    for (const token of tokens) expect(everything.includes(token)).toBe(false); // …but not here
    expect(view.session).toMatch(/^refused: /);
    expect(view.databases).not.toContain('cruddur-companion');
    // Not even the email: it is kept only when its owner ticks "Remember my email".
    expect(everything.includes(user.email)).toBe(false);
    await cdp.detach();
  });
});
