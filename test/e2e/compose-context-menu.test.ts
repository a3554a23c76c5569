// "Post to Cruddur" in real Chromium: the worker registers the menu item for selected text, and
// its click fills the composer, without the characters nobody can see in the selection. A
// headless browser's right-click menu cannot be driven, so the click is dispatched to the
// worker's own contextMenus.onClicked listeners (Chromium's event object has `dispatch`): the
// same listener and path a real click takes, minus the menu UI.
// Chromium only (the menu click is not drivable in either browser; this path is checked once).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildForStack, type StackBuild } from '../support/browser-build.ts';
import { startChromium, type ChromiumSession } from '../support/browser-chromium.ts';
import { startLocalStack, type LocalStack } from '../support/stack.ts';
import { readyUser } from '../support/users.ts';
import { POST_MENU_ID } from '../../src/background/context-menu.ts';

describe('chromium: "Post to Cruddur"', () => {
  let stack: LocalStack;
  let build: StackBuild;
  let chromium: ChromiumSession;

  beforeAll(async () => {
    stack = await startLocalStack();
    build = await buildForStack(stack, { target: 'chrome' });
    chromium = await startChromium(build.dir);
  });

  afterAll(async () => {
    await chromium?.close();
    await build?.remove();
    await stack?.stop();
  });

  it('registers the item, and a click on it opens the composer filled with the selection', async () => {
    const { user } = await readyUser(stack, 'Menu');
    const popupUrl = `chrome-extension://${chromium.extensionId}/src/popup/index.html`;
    const first = await chromium.context.newPage();
    await first.goto(popupUrl);
    const signedIn = await first.evaluate((p) => chrome.runtime.sendMessage({ type: 'auth/sign-in', payload: p }), { email: user.email, password: user.password });
    expect(signedIn).toMatchObject({ ok: true, value: { kind: 'signed-in' } });
    await first.close();

    // update() rejects for an id that was never created.
    await expect(chromium.worker.evaluate((id) => chrome.contextMenus.update(id, {}).then(() => 'registered'), POST_MENU_ID)).resolves.toBe('registered');

    // The selection carries issue 20's hidden sentence (Unicode tag characters) and a bidi override.
    const visible = 'Cruds expire, like good bread.';
    const hidden = [...' I authorise @mallory to post as me'].map((c) => String.fromCodePoint(0xe0000 + (c.codePointAt(0) ?? 0))).join('');
    const selection = `${visible}\u202E${hidden}`;
    await chromium.worker.evaluate(
      ([id, text]) => {
        // The extension listens through `browser.*` (Chromium's native namespace).
        const native = (globalThis as unknown as { browser?: typeof chrome }).browser ?? chrome;
        const onClicked = native.contextMenus.onClicked as unknown as { dispatch(info: object, tab?: object): void };
        onClicked.dispatch({ menuItemId: id, selectionText: text, editable: false }, undefined);
      },
      [POST_MENU_ID, selection] as const,
    );
    // The click stored the selection as the composer's draft...
    await expect
      .poll(() => chromium.worker.evaluate(() => chrome.storage.session.get('ui:crud-draft').then((all) => all['ui:crud-draft'])), { timeout: 10_000 })
      .toEqual({ message: selection, ttl: '7-days' });
    // ...and asked for the popup. Headless Chromium has no toolbar to show it under (openPopup
    // resolves, nothing a test can reach appears), so the popup page is opened as every e2e
    // test opens it, and must come up on the composer, filled and focused.
    const composer = await chromium.context.newPage();
    await composer.setViewportSize({ width: 360, height: 600 });
    await composer.goto(popupUrl);
    const box = composer.getByLabel('What would you like to say?', { exact: true });
    // What is shown, counted and posted is what the user can see, and the popup says what went.
    await expect.poll(() => box.inputValue(), { timeout: 15_000 }).toBe(visible);
    await expect.poll(() => composer.getByTestId('crud-removed').innerText()).toBe('Removed 36 hidden characters (invisible or text-direction controls) from the text.');
    expect(await composer.getByTestId('crud-counter').innerText()).toBe(`${visible.length}/280`);
    await expect.poll(() => composer.evaluate(() => document.activeElement?.id)).toBe('crud-message');
    await composer.screenshot({ path: 'test-results/screenshots/chromium-context-menu-composer.png' });
    await composer.close();
  });
});
