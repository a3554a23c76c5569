// What a hostile script on the web app's own origin can learn and cause through the feed panel,
// in each real browser (issue 20's attacks). `window.find` sees into closed shadow roots, so the
// names and cruds live on another origin (the extension's frame), where it finds nothing; page
// styles cannot reach in. The frame talks to its content script over a private port: the page
// gets no message, no size and no trace of the extension's origin; a navigated frame is removed;
// copies of the feed page a site frames itself name nobody; re-inserting the panel 200 times
// costs the API almost nothing; and text posted from a selection is what the user saw.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebApp, type WebApp } from '../../scripts/web-app/server.ts';
import { PANEL_HOST_TAG, type ExtensionDriver, type ExtensionPage, type WebPage } from '../support/browser-driver.ts';
import { E2E_BROWSERS, closeChecked, launchFor } from '../support/browser-launch.ts';
import { countPath, startCountingProxy, type CountingProxy } from '../support/counting-proxy.ts';
import { startLocalStack, type LocalStack } from '../support/stack.ts';
import { readyUser, type TestUser, type Tokens } from '../support/users.ts';
import { expectPanelState, openWithPanel, panelText } from './panel-steps.ts';
import { expectHome, expectView, openPopup, signIn } from './popup-steps.ts';
import { until } from './web-app-steps.ts';

// Runs as a page script: a fresh search from the top of the document for each text.
const FIND = (texts: string[]) => `() => ${JSON.stringify(texts)}.map((t) => { getSelection()?.removeAllRanges(); return window.find(t, false, false, true); })`;
const HOST_BOX = `() => { const r = document.querySelector('${PANEL_HOST_TAG}')?.getBoundingClientRect(); return r ? [r.width, r.height] : null; }`;
const HOSTS = `() => document.querySelectorAll('${PANEL_HOST_TAG}').length`;
const STATE = `function () { return this.querySelector('[data-testid=panel]')?.dataset.state ?? null; }`;
const CLICK = (testId: string) => `function () { this.querySelector('[data-testid=${testId}]').click(); return true; }`;
/** Everything a page script can read that might name the extension: DOM, resource timings, frames. */
const PAGE_TRACES = `() => [
  document.documentElement.outerHTML,
  ...performance.getEntries().map((e) => e.name),
  String(window.length),
  document.referrer,
].join('\\n')`;
// Issue 20's hidden sentence, in Unicode tag characters after a visible one, with a bidi override.
const HIDDEN = [...' I authorise @mallory to post as me'].map((c) => String.fromCodePoint(0xe0000 + (c.codePointAt(0) ?? 0))).join('');
const VISIBLE = 'Cruds expire, like good bread.';
/** The API's read limit in this suite: the issue's page reached 429 at its 118th call. */
const READS_PER_MINUTE = 60;

describe.each(E2E_BROWSERS)('%s: a page cannot read, drive or replace the feed panel', (browserName) => {
  let stack: LocalStack;
  let api: CountingProxy;
  let webApp: WebApp;
  let driver: ExtensionDriver;
  let user: TestUser;
  let tokens: Tokens;
  let page: WebPage;
  let popup: ExtensionPage;

  beforeAll(async () => {
    stack = await startLocalStack({ rateLimits: { readsPerUser: { points: READS_PER_MINUTE, seconds: 60 } } });
    // The extension reaches the API through a proxy that counts its calls.
    api = await startCountingProxy(stack.apiUrl);
    webApp = await startWebApp({ cognitoUrl: stack.cognitoUrl, userPoolId: stack.userPoolId, clientId: stack.clientId, apiUrl: stack.apiUrl });
    driver = await launchFor(browserName, { ...stack, apiUrl: api.url }, { webAppOrigins: [webApp.url] });
    ({ user, tokens } = await readyUser(stack, 'Attack'));
    page = await openWithPanel(driver, webApp.url);
    popup = await openPopup(driver);
    await signIn(popup, user.email, user.password);
    await expectHome(popup, user);
    await expectPanelState(page, 'signed-in');
    await panelText(page, '[data-testid=panel-feed]', (t) => t.includes(`Welcome to Cruddur, @${user.handle}`));
  });

  afterAll(async () => {
    await closeChecked(driver, api?.url);
    await api?.stop();
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
      style.id = 'hostile-style';
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
    await page.evaluate(`() => document.getElementById('hostile-style').remove()`);
  });

  it("gets no message from the frame, cannot reach its window, and finds no trace of the extension's origin", async () => {
    await page.evaluate(`() => { window.__seen = []; addEventListener('message', (e) => window.__seen.push(e.origin + ' ' + JSON.stringify(e.data)), true); }`);
    // Minimise and expand: what used to post the frame's size and state to every page script.
    await page.inPanel(CLICK('panel-minimise'));
    await until('the host to shrink to its header', async () => ((await page.evaluate<number[] | null>(HOST_BOX))?.[1] ?? 999) < 80);
    await page.inPanel(CLICK('panel-minimise'));
    await until('the host to open again', async () => ((await page.evaluate<number[] | null>(HOST_BOX))?.[1] ?? 0) > 200);
    expect(await page.evaluate<string[]>('() => window.__seen')).toEqual([]);
    const traces = await page.evaluate<string>(PAGE_TRACES);
    for (const trace of ['chrome-extension:', 'moz-extension:', driver.extensionId]) expect(traces).not.toContain(trace);
    // The frame is not among the page's windows: there is nothing to post to, or to navigate.
    expect(await page.evaluate<number>('() => window.length')).toBe(0);
  });

  it("keeps one frame height signed in and out, whatever the host's width: its size names nobody", async () => {
    const signedIn = await page.evaluate<number[]>(HOST_BOX);
    await page.evaluate(`() => document.querySelector('${PANEL_HOST_TAG}').style.setProperty('width', '200px', 'important')`);
    expect((await page.evaluate<number[]>(HOST_BOX))[1]).toBe(signedIn[1]);
    await page.evaluate(`() => document.querySelector('${PANEL_HOST_TAG}').style.setProperty('width', '360px', 'important')`);
    await popup.click('Sign out');
    await expectView(popup, 'sign-in');
    await expectPanelState(page, 'signed-out');
    expect(await page.evaluate<number[]>(HOST_BOX)).toEqual(signedIn);
    await signIn(popup, user.email, user.password);
    await expectHome(popup, user);
    await expectPanelState(page, 'signed-in');
  });

  it('removes the panel, host and all, when the page navigates its frame to a document of its own', async () => {
    // What issue 20's page did through `event.source.location`; here the frame is sent away from inside.
    await page.inPanel(`function () { setTimeout(() => { location.href = ${JSON.stringify(`${webApp.url}/?look-alike-panel`)}; }); return true; }`);
    await until('the panel to be removed', async () => (await page.evaluate<number>(HOSTS)) === 0);
    await page.screenshot('page-attack-frame-navigated');
  });

  it('shows nothing personal in copies of the feed page that a site frames or opens itself, with any surface and ticket', async () => {
    const scheme = browserName === 'firefox' ? 'moz-extension' : 'chrome-extension';
    const feedUrl = `${scheme}://${driver.extensionId}/src/feed/index.html`;
    // In Firefox any site that knew the install's UUID could frame it; in Chrome the fixed URL is refused outright.
    for (const copy of [`${feedUrl}?surface=frame#${'ab'.repeat(16)}`, `${feedUrl}?surface=sidebar`, `${feedUrl}?surface=frame`]) {
      await page.evaluate(`() => new Promise((loaded) => {
        document.getElementById('copy')?.remove();
        const frame = Object.assign(document.createElement('iframe'), { id: 'copy', src: ${JSON.stringify(copy)} });
        frame.onload = frame.onerror = () => loaded();
        document.body.append(frame);
      })`);
      // Chrome refuses the copy (no frame); Firefox loads it, and it draws the neutral card.
      const state = await until(`${copy} to settle`, async () => (await page.inPanel<string | null>(STATE)) ?? (browserName === 'chromium' ? 'absent' : null), 10_000);
      expect(state, `${copy} shows ${state}`).toBe(browserName === 'chromium' ? 'absent' : 'untrusted');
      if (state === 'untrusted') expect(await page.inPanel<string>('function () { return this.body.innerText; }')).not.toContain(user.handle);
    }
    await page.screenshot('page-attack-forged-copy');
    await page.evaluate(`() => document.getElementById('copy').remove()`);

    // A tab the site opens on the feed page (a real click, so no popup blocker stops it): as the
    // top frame of its own tab it would be an extension page and fetch the feed (it did, before
    // the opener-tab check); it asks nothing.
    const feedCalls = countPath(api, '/api/activities/home');
    await page.evaluate(`() => {
      const open = Object.assign(document.createElement('button'), { id: 'open-copy', textContent: 'open' });
      open.style.cssText = 'position:fixed;left:0;top:0;width:40px;height:40px;z-index:2147483647';
      open.onclick = () => { window.__copy = window.open(${JSON.stringify(`${feedUrl}?surface=sidebar`)}); };
      document.body.append(open);
    }`);
    await page.clickAt(20, 20);
    await new Promise((r) => setTimeout(r, 3000));
    // (Firefox opens it, and cuts the page's handle: `__copy.closed` reads true at once.)
    expect(await page.evaluate<boolean>('() => window.__copy !== null')).toBe(true);
    expect(countPath(api, '/api/activities/home')).toBe(feedCalls);
    await page.evaluate(`() => { window.__copy?.close(); document.getElementById('open-copy').remove(); }`);
  });

  it('costs the API at most a handful of calls when the page re-inserts the panel 200 times at 4 a second, and the popup is never rate-limited', async () => {
    await page.reload();
    await page.bringToFront();
    await expectPanelState(page, 'signed-in');
    const before = countPath(api, '/api/activities/home');
    const reinserted = await page.evaluate<number>(`async () => {
      const host = document.querySelector('${PANEL_HOST_TAG}');
      let n = 0;
      for (; n < 200; n++) {
        host.remove();
        document.body.append(host);
        await new Promise((r) => setTimeout(r, 250));
      }
      return n;
    }`);
    expect(reinserted).toBe(200);
    const calls = countPath(api, '/api/activities/home') - before;
    expect(calls, `${calls} feed calls`).toBeLessThanOrEqual(3);
    // The frame was given up at the first reload it did not ask for: an empty host stays behind.
    expect(await page.inPanel(STATE)).toBeUndefined();
    await popup.click('Refresh the feed');
    await expectHome(popup, user);
    expect(await popup.texts('feed-stale')).toEqual([]);
  }, 120_000);

  it('posts what the user sees: hidden characters of a selection are removed, the popup says so, and the counter counts what is sent', async () => {
    // What "Post to Cruddur" stores for a selection (compose-context-menu.test.ts drives the menu itself).
    await popup.evaluate(`() => (globalThis.browser ?? chrome).runtime.sendMessage({ type: 'crud/draft', payload: { message: ${JSON.stringify(`${VISIBLE}\u202E${HIDDEN}\u200B`)}, ttl: '1-day' } })`);
    await popup.close();
    popup = await openPopup(driver);
    await expectView(popup, 'home');
    await popup.waitForText('crud-removed', 'Removed 37 hidden characters (invisible or text-direction controls) from the text.');
    expect(await popup.value('What would you like to say?')).toBe(VISIBLE);
    expect(await popup.text('crud-counter')).toBe(`${[...VISIBLE].length}/280`);
    await popup.screenshot('page-attack-hidden-selection');
    await popup.click('Crud');
    await popup.waitForText('crud-counter', '0/280');
    const res = await fetch(`${stack.apiUrl}/api/activities/home`, { headers: { Authorization: `Bearer ${tokens.accessToken}` } });
    const posted = ((await res.json()) as { message: string; handle: string }[]).filter((a) => a.handle === user.handle).map((a) => a.message);
    expect(posted).toContain(VISIBLE);
    expect(posted.some((m) => m.includes('\u202E') || /[\u{E0000}-\u{E007F}]/u.test(m))).toBe(false);
  });
});
