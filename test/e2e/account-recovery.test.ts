// The ways back in: a forgotten password reset from the popup, and an admin-created account
// choosing its permanent password right in the popup (no CLI call, unlike the old web app).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExtensionDriver, ExtensionPage } from '../support/browser-driver.ts';
import { E2E_BROWSERS, closeChecked, launchFor } from '../support/browser-launch.ts';
import { startLocalStack, type LocalStack } from '../support/stack.ts';
import { invitedUser, readyUser, uniqueUser } from '../support/users.ts';
import { expectHome, expectView, openPopup, signIn } from './popup-steps.ts';

describe.each(E2E_BROWSERS)('%s: forgot password and new password', (browserName) => {
  let stack: LocalStack;
  let driver: ExtensionDriver;
  let popup: ExtensionPage;

  beforeAll(async () => {
    stack = await startLocalStack();
    driver = await launchFor(browserName, stack);
    popup = await openPopup(driver);
  });

  afterAll(async () => {
    await closeChecked(driver, stack?.apiUrl);
    await stack?.stop();
  });

  it('resets a forgotten password with the emailed code and lands signed in', async () => {
    const { user } = await readyUser(stack, 'Forgetful');
    await expectView(popup, 'sign-in');
    await popup.fill('Email', user.email);
    await popup.click('Forgot password?');

    await expectView(popup, 'forgot');
    expect(await popup.value('Email')).toBe(user.email);
    await popup.screenshot('forgot');
    await popup.click('Send code');

    await expectView(popup, 'reset');
    expect(await popup.text('notice')).toBe(`We sent a code to ${user.email}.`);
    const newPassword = `New!${user.password}`;
    await popup.fill('Code', await stack.readCode(user.email));
    await popup.fill('New password', newPassword);
    await popup.fill('New password again', newPassword);
    await popup.screenshot('reset');
    await popup.click('Set password and sign in');
    await expectHome(popup, user);
    // Said plainly: the password changed, and that signed the user in.
    expect(await popup.text('notice')).toBe('Your new password is set. You are signed in.');

    // The new password is the one that works now.
    await popup.click('Sign out');
    await signIn(popup, user.email, user.password);
    expect(await popup.waitForText('form-error', 'Incorrect email or password.')).toBe('Incorrect email or password.');
    await popup.fill('Password', newPassword);
    await popup.click('Sign in');
    await expectHome(popup, user);
    await popup.click('Sign out');
    await expectView(popup, 'sign-in');
  });

  it('lets an admin-created user set a permanent password in the popup, then shows their feed', async () => {
    const user = uniqueUser('Invited');
    const temporary = 'Temp-Passw0rd!';
    await invitedUser(stack, user, temporary);

    await signIn(popup, user.email, temporary);
    await expectView(popup, 'new-password');
    expect(await popup.text('notice')).toBe('Choose a new password to finish signing in.');
    await popup.fill('New password', user.password);
    await popup.fill('New password again', user.password);
    await popup.screenshot('new-password');
    await popup.click('Set password and sign in');
    await expectHome(popup, user);
  });
});
