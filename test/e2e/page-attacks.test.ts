// What a hostile script on the web app's own origin can learn about the signed-in user, in each
// real browser: `window.find` sees into closed shadow roots, so the names and cruds must live
// on another origin (the extension's frame), where it finds nothing. Page styles cannot reach
// into that frame either.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebApp, type WebApp } from '../../scripts/web-app/server.ts';
import type { ExtensionDriver, WebPage } from '../support/browser-driver.ts';
import { E2E_BROWSERS, closeChecked, launchFor } from '../support/browser-launch.ts';
import { startLocalStack, type LocalStack } from '../support/stack.ts';
import { readyUser, type TestUser } from '../support/users.ts';
import { expectPanelState, openWithPanel, panelText } from './panel-steps.ts';
import { expectHome, openPopup, signIn } from './popup-steps.ts';

// Runs as a page script: a fresh search from the top of the document for each text.
const FIND = (texts: string[]) => `() => ${JSON.stringify(texts)}.map((t) => { getSelection()?.removeAllRanges(); return window.find(t, false, false, true); })`;

describe.each(E2E_BROWSERS)('%s: a page cannot read the feed panel', (browserName) => {
  let stack: LocalStack;
  let webApp: WebApp;
  let driver: ExtensionDriver;
  let user: TestUser;
  let page: WebPage;

  beforeAll(async () => {
    stack = await startLocalStack();
    webApp = await startWebApp({ cognitoUrl: stack.cognitoUrl, userPoolId: stack.userPoolId, clientId: stack.clientId, apiUrl: stack.apiUrl });
    driver = await launchFor(browserName, stack, { webAppOrigins: [webApp.url] });
    ({ user } = await readyUser(stack, 'Attack'));
    page = await openWithPanel(driver, webApp.url);
    const popup = await openPopup(driver);
    await signIn(popup, user.email, user.password);
    await expectHome(popup, user);
    await expectPanelState(page, 'signed-in');
    await panelText(page, '[data-testid=panel-feed]', (t) => t.includes(`Welcome to Cruddur, @${user.handle}`));
  });

  afterAll(async () => {
    await closeChecked(driver, stack?.apiUrl);
    await webApp?.close();
    await stack?.stop();
  });

  it('window.find on the web app finds the page text but not the user handle, name or a crud of the personal feed', async () => {
    const texts = ['Home', `@${user.handle}`, user.name, `Welcome to Cruddur, @${user.handle}`];
    expect(await page.evaluate<boolean[]>(FIND(texts))).toEqual([true, false, false, false]);
  });

  it('page styles and scripts cannot reach into the frame', async () => {
    const reach = await page.evaluate<{ shadow: boolean; frames: number }>(`() => {
      const style = document.createElement('style');
      style.textContent = '* { color: rgb(255, 0, 0) !important; visibility: hidden !important; }';
      document.head.append(style);
      return { shadow: document.querySelector('cruddur-companion-panel')?.shadowRoot != null, frames: document.querySelectorAll('iframe').length };
    }`);
    expect(reach).toEqual({ shadow: false, frames: 0 });
    const inside = await page.inPanel<{ color: string; visibility: string }>(
      `function () { const el = this.querySelector('[data-testid=panel-user-name]'); const s = getComputedStyle(el); return { color: s.color, visibility: s.visibility }; }`,
    );
    expect(inside?.visibility).toBe('visible');
    expect(inside?.color).not.toBe('rgb(255, 0, 0)');
  });
});
