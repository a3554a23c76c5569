// Every invalid input of every popup form, in each real browser: the form names what is wrong
// beside the field, and nothing the user typed is lost. (Errors Cognito returns — a wrong
// password, a taken email, a wrong code — are in auth-errors.test.ts.)
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExtensionDriver, ExtensionPage } from '../support/browser-driver.ts';
import { E2E_BROWSERS, closeChecked, launchFor } from '../support/browser-launch.ts';
import { startLocalStack, type LocalStack } from '../support/stack.ts';
import { invitedUser, readyUser, uniqueUser } from '../support/users.ts';
import { expectView, fillSignUp, openPopup, signIn } from './popup-steps.ts';

interface BadInput {
  /** What the user typed, by field label. */
  fill: Record<string, string>;
  /** The message expected beside each field, by the field's error test id. */
  errors: Record<string, string>;
}

const MESSAGES = {
  emailMissing: 'Enter your email address.',
  emailInvalid: 'Enter an email address such as you@example.com.',
  passwordMissing: 'Enter your password.',
  weakPassword: 'This password does not meet every rule below.',
  mismatch: 'Passwords do not match.',
  code: 'Enter the 6-digit code from the email.',
};

const SIGN_IN: [string, BadInput][] = [
  ['nothing typed', { fill: { Email: '', Password: '' }, errors: { 'error-email': MESSAGES.emailMissing, 'error-password': MESSAGES.passwordMissing } }],
  ['a malformed email', { fill: { Email: 'ada@example', Password: 'whatever1' }, errors: { 'error-email': MESSAGES.emailInvalid } }],
];

const SIGN_UP: [string, BadInput][] = [
  ['no name', { fill: { Name: ' ', Email: 'ada@example.com', Handle: 'ada', Password: 'Passw0rd!', 'Password again': 'Passw0rd!' }, errors: { 'error-name': 'Enter your name.' } }],
  ['a malformed email', { fill: { Name: 'Ada', Email: 'ada example.com', Handle: 'ada', Password: 'Passw0rd!', 'Password again': 'Passw0rd!' }, errors: { 'error-email': MESSAGES.emailInvalid } }],
  ['a handle with spaces and symbols', { fill: { Name: 'Ada', Email: 'ada@example.com', Handle: 'ada love!', Password: 'Passw0rd!', 'Password again': 'Passw0rd!' }, errors: { 'error-handle': 'Use only letters, digits and underscores.' } }],
  ['no handle', { fill: { Name: 'Ada', Email: 'ada@example.com', Handle: '', Password: 'Passw0rd!', 'Password again': 'Passw0rd!' }, errors: { 'error-handle': 'Choose a handle.' } }],
  ['a password without a symbol', { fill: { Name: 'Ada', Email: 'ada@example.com', Handle: 'ada', Password: 'Passw0rd1', 'Password again': 'Passw0rd1' }, errors: { 'error-password': MESSAGES.weakPassword } }],
  ['a password too short', { fill: { Name: 'Ada', Email: 'ada@example.com', Handle: 'ada', Password: 'Pa0!', 'Password again': 'Pa0!' }, errors: { 'error-password': MESSAGES.weakPassword } }],
  ['mismatched passwords', { fill: { Name: 'Ada', Email: 'ada@example.com', Handle: 'ada', Password: 'Passw0rd!', 'Password again': 'Passw0rd?' }, errors: { 'error-again': MESSAGES.mismatch } }],
];

const CONFIRM: [string, BadInput][] = [
  ['a short code', { fill: { Code: '12' }, errors: { 'error-code': MESSAGES.code } }],
  ['letters for a code and a malformed email', { fill: { Email: 'nobody', Code: 'abcdef' }, errors: { 'error-email': MESSAGES.emailInvalid, 'error-code': MESSAGES.code } }],
];

const FORGOT: [string, BadInput][] = [
  ['nothing typed', { fill: { Email: '' }, errors: { 'error-email': MESSAGES.emailMissing } }],
  ['a malformed email', { fill: { Email: 'ada@' }, errors: { 'error-email': MESSAGES.emailInvalid } }],
];

const RESET: [string, BadInput][] = [
  ['a short code, a weak and a mismatched password', { fill: { Code: '1', 'New password': 'weak', 'New password again': 'weaker' }, errors: { 'error-code': MESSAGES.code, 'error-password': MESSAGES.weakPassword, 'error-again': MESSAGES.mismatch } }],
];

const NEW_PASSWORD: [string, BadInput][] = [
  ['a weak password', { fill: { 'New password': 'password', 'New password again': 'password' }, errors: { 'error-password': MESSAGES.weakPassword } }],
  ['mismatched passwords', { fill: { 'New password': 'Passw0rd!', 'New password again': 'Passw0rd!!' }, errors: { 'error-again': MESSAGES.mismatch } }],
];

async function expectRejected(popup: ExtensionPage, submit: string, input: BadInput): Promise<void> {
  for (const [label, value] of Object.entries(input.fill)) await popup.fill(label, value);
  await popup.click(submit);
  for (const [testId, message] of Object.entries(input.errors)) expect(await popup.text(testId)).toBe(message);
  for (const [label, value] of Object.entries(input.fill)) expect(await popup.value(label)).toBe(value);
}

describe.each(E2E_BROWSERS)('%s: bad input in every popup form', (browserName) => {
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

  it.each(SIGN_IN)('sign in, %s', async (_, input) => {
    await expectView(popup, 'sign-in');
    await expectRejected(popup, 'Sign in', input);
  });

  it.each(SIGN_UP)('create account, %s', async (_, input) => {
    if (!(await popup.texts('view-sign-up')).length) await popup.click('Create account');
    await expectView(popup, 'sign-up');
    await expectRejected(popup, 'Create account', input);
    await popup.screenshot('bad-input-sign-up');
  });

  it.each(CONFIRM)('confirm, %s', async (_, input) => {
    if (!(await popup.texts('view-confirm')).length) {
      await fillSignUp(popup, uniqueUser('Typo'));
      await popup.click('Create account');
    }
    await expectView(popup, 'confirm');
    await expectRejected(popup, 'Confirm', input);
  });

  it.each(FORGOT)('forgot password, %s', async (_, input) => {
    if (!(await popup.texts('view-forgot')).length) {
      await popup.click('Back to sign in');
      await popup.click('Forgot password?');
    }
    await expectView(popup, 'forgot');
    await expectRejected(popup, 'Send code', input);
  });

  it.each(RESET)('reset password, %s', async (_, input) => {
    if (!(await popup.texts('view-reset')).length) {
      const { user } = await readyUser(stack, 'Forgetful');
      await popup.fill('Email', user.email);
      await popup.click('Send code');
    }
    await expectView(popup, 'reset');
    await expectRejected(popup, 'Set password and sign in', input);
  });

  it.each(NEW_PASSWORD)('new password for an invited user, %s', async (_, input) => {
    if (!(await popup.texts('view-new-password')).length) {
      const user = uniqueUser('Invitee');
      await invitedUser(stack, user, 'Temp-Passw0rd!');
      await popup.click('Back to sign in');
      await signIn(popup, user.email, 'Temp-Passw0rd!');
    }
    await expectView(popup, 'new-password');
    await expectRejected(popup, 'Set password and sign in', input);
  });
});
