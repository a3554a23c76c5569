// A new user's whole journey in the real extension, in each real browser, against the real
// local stack (cognito-local behind the AWS-faithful front, and the API): sign up, confirm,
// feed, sign out and back in. Screenshots of each view land in test-results/screenshots/.
// What only Chromium can show (the worker's own requests, stopping it) is in background-chromium.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExtensionDriver, ExtensionPage } from '../support/browser-driver.ts';
import { E2E_BROWSERS, closeChecked, launchFor } from '../support/browser-launch.ts';
import { startLocalStack, type LocalStack } from '../support/stack.ts';
import { uniqueUser } from '../support/users.ts';
import { expectHome, expectView, fillSignUp, openPopup, signIn } from './popup-steps.ts';

describe.each(E2E_BROWSERS)('%s: a new user from sign-up to feed', (browserName) => {
  let stack: LocalStack;
  let driver: ExtensionDriver;
  let popup: ExtensionPage;
  const user = uniqueUser('Journey');

  beforeAll(async () => {
    stack = await startLocalStack();
    driver = await launchFor(browserName, stack);
  });

  afterAll(async () => {
    await closeChecked(driver, stack?.apiUrl);
    await stack?.stop();
  });

  it('signs up, confirms with the emailed code, and is signed in automatically to a personalised feed', async () => {
    popup = await openPopup(driver);
    await expectView(popup, 'sign-in');
    await popup.screenshot('sign-in');

    await popup.click('Create account');
    await expectView(popup, 'sign-up');
    // A keyboard user can type right away: the new view puts the cursor in its first field.
    expect(await popup.focusedTestId()).toBe('field-name');
    await fillSignUp(popup, user);
    // Every policy hint ticks for the test user's password.
    expect((await popup.text('password-rules')).match(/\(done\)/g)).toHaveLength(5);
    await popup.screenshot('sign-up');
    await popup.click('Create account');

    await expectView(popup, 'confirm');
    expect(await popup.text('notice')).toBe(`We sent a code to ${user.email}.`);
    expect(await popup.value('Email')).toBe(user.email);
    await popup.screenshot('confirm');

    // "Resend code" goes through the front's ResendConfirmationCode: the first code stops
    // working, the new one confirms.
    const first = await stack.readCode(user.email);
    await popup.click('Resend code');
    await popup.waitForText('notice', `We sent a new code to ${user.email}.`);
    const second = await stack.readCode(user.email);
    expect(second).not.toBe(first);
    await popup.fill('Code', second);
    await popup.click('Confirm');
    await expectHome(popup, user);
    await popup.screenshot('home');
  });

  it('signs out to a sign-in view that says so and keeps nothing of the user (no "Remember my email"), and signs in again', async () => {
    await popup.click('Sign out');
    await expectView(popup, 'sign-in');
    expect(await popup.text('notice')).toBe('You have signed out.');
    expect(await popup.value('Email')).toBe('');
    expect(await popup.value('Password')).toBe('');

    await signIn(popup, user.email, user.password);
    await expectHome(popup, user);
  });

  it('signs out of all devices and says so on the sign-in view', async () => {
    await popup.click('Sign out of all devices');
    // A second, clearly different step: nothing happens on the first click alone.
    await popup.waitFor('confirm-sign-out-all');
    await popup.click('Yes, sign out everywhere');
    await expectView(popup, 'sign-in');
    expect(await popup.text('notice')).toBe('You signed out of all devices.');
    await popup.screenshot('sign-in-after-global-sign-out');

    await signIn(popup, user.email, user.password);
    await expectHome(popup, user);
  });
});
