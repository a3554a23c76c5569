// Mistakes a person makes in the popup: each shows its plain-language message beside the form,
// and nothing they typed is cleared.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExtensionDriver, ExtensionPage } from '../support/browser-driver.ts';
import { E2E_BROWSERS, closeChecked, launchFor } from '../support/browser-launch.ts';
import { startLocalStack, type LocalStack } from '../support/stack.ts';
import { readyUser, uniqueUser, type TestUser } from '../support/users.ts';
import { cognitoCalls, expectView, fillSignUp, openPopup } from './popup-steps.ts';

describe.each(E2E_BROWSERS)('%s: errors keep what the user typed', (browserName) => {
  let stack: LocalStack;
  let driver: ExtensionDriver;
  let popup: ExtensionPage;
  let existing: TestUser;

  beforeAll(async () => {
    stack = await startLocalStack();
    existing = (await readyUser(stack, 'Existing')).user;
    driver = await launchFor(browserName, stack);
    popup = await openPopup(driver);
  });

  afterAll(async () => {
    await closeChecked(driver, stack?.apiUrl);
    await stack?.stop();
  });

  async function expectSignUpKept(user: TestUser, again: string) {
    expect(await popup.value('Name')).toBe(user.name);
    expect(await popup.value('Email')).toBe(user.email);
    expect(await popup.value('Handle')).toBe(user.handle);
    expect(await popup.value('Password')).toBe(user.password);
    expect(await popup.value('Password again')).toBe(again);
  }

  it('a wrong password says "Incorrect email or password." and keeps both fields', async () => {
    await expectView(popup, 'sign-in');
    await popup.fill('Email', existing.email);
    await popup.fill('Password', 'Wrong!Passw0rd');
    await popup.press('Password', 'Enter');

    expect(await popup.waitForText('form-error', 'Incorrect email or password.')).toBe('Incorrect email or password.');
    expect(await popup.value('Email')).toBe(existing.email);
    expect(await popup.value('Password')).toBe('Wrong!Passw0rd');
    await popup.click('Show password');
    await popup.screenshot('sign-in-wrong-password');
  });

  it('mismatched passwords are caught beside the field, before anything is sent', async () => {
    await popup.click('Create account');
    await expectView(popup, 'sign-up');
    const user = uniqueUser('Mismatch');
    const signUpsBefore = cognitoCalls(driver.network(), 'SignUp').length;
    await fillSignUp(popup, user, `${user.password}x`);
    await popup.click('Create account');

    expect(await popup.text('error-again')).toBe('Passwords do not match.');
    await expectSignUpKept(user, `${user.password}x`);
    expect(cognitoCalls(driver.network(), 'SignUp').length).toBe(signUpsBefore);
    await popup.screenshot('sign-up-mismatch');
  });

  it('an email that already has an account says so and keeps the form', async () => {
    const user = { ...uniqueUser('Dup'), email: existing.email };
    await fillSignUp(popup, user);
    await popup.click('Create account');

    const message = await popup.waitForText('form-error', /already exists/);
    expect(message).toBe('An account with this email already exists. Sign in instead, or reset your password.');
    await expectSignUpKept(user, user.password);
    await popup.screenshot('sign-up-email-exists');
  });

  it('a wrong confirmation code says so and keeps the email and the code', async () => {
    const user = uniqueUser('WrongCode');
    await fillSignUp(popup, user);
    await popup.click('Create account');
    await expectView(popup, 'confirm');

    const real = await stack.readCode(user.email);
    const wrong = real === '000000' ? '111111' : '000000';
    await popup.fill('Code', wrong);
    await popup.click('Confirm');

    expect(await popup.waitForText('form-error', /code is not right/)).toBe('That code is not right. Check the email we sent and try again.');
    expect(await popup.value('Email')).toBe(user.email);
    expect(await popup.value('Code')).toBe(wrong);
    await popup.screenshot('confirm-wrong-code');

    // The right code then works: the form was never reset under the user.
    await popup.fill('Code', real);
    await popup.click('Confirm');
    await expectView(popup, 'home');
  });
});
