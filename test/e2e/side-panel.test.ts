// The feed page as the side panel (Chrome) and the sidebar (Firefox) load it follows sign-in and
// sign-out live. The browsers open those surfaces only from a user gesture that automation
// cannot give (Chrome's side panel is no Playwright page; Firefox's sidebar is not a BiDi
// context), so the page is opened the way they load it: the bare extension page.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExtensionDriver } from '../support/browser-driver.ts';
import { E2E_BROWSERS, closeChecked, launchFor } from '../support/browser-launch.ts';
import { startLocalStack, type LocalStack } from '../support/stack.ts';
import { readyUser, type TestUser } from '../support/users.ts';
import { expectHome, expectView, openPopup, signIn } from './popup-steps.ts';

describe.each(E2E_BROWSERS)('%s: the feed page beside the tabs', (browserName) => {
  let stack: LocalStack;
  let driver: ExtensionDriver;
  let user: TestUser;

  beforeAll(async () => {
    stack = await startLocalStack();
    driver = await launchFor(browserName, stack);
    ({ user } = await readyUser(stack, 'Side'));
  });

  afterAll(async () => {
    await closeChecked(driver, stack?.apiUrl);
    await stack?.stop();
  });

  it('shows the public feed signed out, the user and their feed after sign-in, and the public feed again after sign-out', async () => {
    const side = await driver.open('feed', { width: 360, height: 700 });
    await side.waitForText('panel-list-name', 'Public feed');
    await side.waitFor('panel-sign-in');
    // A page of its own: one main landmark, an h1, and a feed the keyboard can reach.
    const shape = await side.evaluate<{ mains: number; h1: string; feedTab: number }>(
      `() => ({ mains: document.querySelectorAll('main').length, h1: document.querySelector('h1')?.textContent ?? '', feedTab: document.querySelector('[data-testid=panel-feed]').tabIndex })`,
    );
    expect(shape).toEqual({ mains: 1, h1: 'Cruddur', feedTab: 0 });

    const popup = await openPopup(driver);
    await signIn(popup, user.email, user.password);
    await expectHome(popup, user);

    await side.waitForText('panel-user-handle', `@${user.handle}`);
    await side.waitForText('panel-list-name', 'Your feed');
    await side.waitForText('panel-feed', new RegExp(`Welcome to Cruddur, @${user.handle}`));
    await side.screenshot('side-panel-signed-in');

    await popup.click('Sign out');
    await expectView(popup, 'sign-in');
    await side.waitForText('panel-list-name', 'Public feed');
    await side.waitFor('panel-sign-in');
  });
});
