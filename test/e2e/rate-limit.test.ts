// The API's rate limit as a user meets it, in each real browser against the real stack: the
// third crud in a minute (limit 2 per user here) is refused with 429, the popup says when to try
// again under the button, keeps the text, drops the optimistic crud and stays signed in.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExtensionDriver, ExtensionPage } from '../support/browser-driver.ts';
import { E2E_BROWSERS, closeChecked, launchFor } from '../support/browser-launch.ts';
import { startLocalStack, type LocalStack } from '../support/stack.ts';
import { readyUser, type TestUser } from '../support/users.ts';
import { expectHome, openPopup, signIn } from './popup-steps.ts';

const WRITES_PER_MINUTE = 2;

describe.each(E2E_BROWSERS)('%s: posting past the rate limit', (browserName) => {
  let stack: LocalStack;
  let driver: ExtensionDriver;
  let popup: ExtensionPage;
  let user: TestUser;

  beforeAll(async () => {
    stack = await startLocalStack({ rateLimits: { writesPerUser: { points: WRITES_PER_MINUTE, seconds: 60 } } });
    ({ user } = await readyUser(stack, 'Limited'));
    driver = await launchFor(browserName, stack);
    popup = await openPopup(driver);
    await signIn(popup, user.email, user.password);
    await expectHome(popup, user);
  });

  afterAll(async () => {
    await closeChecked(driver, stack?.apiUrl);
    await stack?.stop();
  });

  it('posts up to the limit, then says when to try again and keeps the text', async () => {
    for (let i = 1; i <= WRITES_PER_MINUTE; i += 1) {
      const message = `Within the limit ${i} from ${browserName}`;
      await popup.fill('What would you like to say?', message);
      await popup.click('Crud');
      await popup.waitForText('crud-message', message);
      await popup.waitForText('crud-counter', '0/280');
    }
    const before = await popup.texts('crud-message');

    const refused = `One too many from ${browserName}`;
    await popup.fill('What would you like to say?', refused);
    await popup.click('Crud');
    await popup.waitFor('crud-error');
    expect(await popup.text('crud-error')).toMatch(/^Slow down, try again in \d+ s\.$/);
    await popup.screenshot('rate-limited-post');

    // Nothing lost, nothing pretended: the text stays, the optimistic crud is gone, still signed in.
    expect(await popup.value('What would you like to say?')).toBe(refused);
    expect(await popup.texts('crud-message')).toEqual(before);
    await expectHome(popup, user);
  });
});
