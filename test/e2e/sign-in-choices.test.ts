// Every way a production pool signs people in, from the popup in real browsers against the local
// front: the lockout message after five wrong passwords; "Trust this browser" after the
// authenticator code, so the next sign-in asks no code (and Settings can forget it); and, with
// Settings' sign-in method set to choice-based, "Email me a code" with no password at all.
import { AdminResetUserPasswordCommand, UpdateUserPoolClientCommand, UpdateUserPoolCommand } from '@aws-sdk/client-cognito-identity-provider';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ExtensionDriver, ExtensionPage } from '../support/browser-driver.ts';
import { E2E_BROWSERS, closeChecked, launchFor } from '../support/browser-launch.ts';
import { setPoolMfa, userWithMfa } from '../support/mfa-users.ts';
import { ALL_FLOWS } from '../support/pools.ts';
import { startLocalStack, type LocalStack } from '../support/stack.ts';
import { freshCode } from '../support/totp-codes.ts';
import { readyUser, stackCognito, uniqueUser } from '../support/users.ts';
import { expectAccessible } from './a11y-steps.ts';
import { backToSignedOut, expectHome, expectView, openPopup, signIn } from './popup-steps.ts';

const INCORRECT = 'Incorrect email or password.';
const LOCKED = 'Too many wrong passwords, so this account is locked for a while. Wait a few minutes and try again, or reset your password with “Forgot password?”.';

/**
 * The stack's pool as a current production one: email codes as a first factor, remembered devices
 * on the user's say-so sparing MFA, authenticator apps optional; its client allows USER_AUTH.
 */
async function productionLike(stack: LocalStack): Promise<void> {
  const sdk = stackCognito(stack);
  try {
    await sdk.send(
      new UpdateUserPoolCommand({
        UserPoolId: stack.userPoolId,
        AutoVerifiedAttributes: ['email'],
        Policies: { SignInPolicy: { AllowedFirstAuthFactors: ['PASSWORD', 'EMAIL_OTP'] } },
        DeviceConfiguration: { ChallengeRequiredOnNewDevice: true, DeviceOnlyRememberedOnUserPrompt: true },
      }),
    );
    await sdk.send(
      new UpdateUserPoolClientCommand({
        UserPoolId: stack.userPoolId,
        ClientId: stack.clientId,
        ExplicitAuthFlows: ALL_FLOWS,
        PreventUserExistenceErrors: 'ENABLED',
        EnableTokenRevocation: true,
        AccessTokenValidity: 60,
        IdTokenValidity: 60,
        RefreshTokenValidity: 30,
        TokenValidityUnits: { AccessToken: 'minutes', IdToken: 'minutes', RefreshToken: 'days' },
      }),
    );
  } finally {
    sdk.destroy();
  }
  // UpdateUserPool resets what it leaves out, MFA included: set it after.
  await setPoolMfa(stack, 'OPTIONAL');
}

describe.each(E2E_BROWSERS)('%s: sign-in choices', (browserName) => {
  let stack: LocalStack;
  let driver: ExtensionDriver;
  let popup: ExtensionPage;
  /** The front's clock, stopped while the lockout test runs (its first lockout lasts 1 s). */
  let frozenAt: number | undefined;

  beforeAll(async () => {
    stack = await startLocalStack({ now: () => frozenAt ?? Date.now() });
    await productionLike(stack);
    driver = await launchFor(browserName, stack);
    popup = await openPopup(driver);
  });

  // Each journey starts signed out: one that failed half-way must not fail the next ones too.
  afterEach(async () => {
    frozenAt = undefined;
    await backToSignedOut(popup);
  });

  afterAll(async () => {
    await closeChecked(driver, stack?.apiUrl);
    await stack?.stop();
  });

  it('five wrong passwords: the next sign-in says the account is locked for a while, and the form keeps what was typed', async () => {
    const { user } = await readyUser(stack, 'Locked');
    frozenAt = Date.now();
    for (let i = 0; i < 5; i++) {
      await signIn(popup, user.email, `Wr0ng-${i}!aA`);
      expect(await popup.waitForText('form-error', INCORRECT)).toBe(INCORRECT);
      // Cleared before the next try, so each wait sees that try's answer.
      await popup.fill('Password', '');
    }
    await signIn(popup, user.email, user.password);
    expect(await popup.waitForText('form-error', LOCKED)).toBe(LOCKED);
    await expectView(popup, 'sign-in');
    expect(await popup.value('Email')).toBe(user.email);
    await popup.screenshot('sign-in-locked');
  });

  it('a password an administrator reset leads straight to the reset step, the email filled; the emailed code sets a new one', async () => {
    const { user } = await readyUser(stack, 'AdminReset');
    const sdk = stackCognito(stack);
    await sdk.send(new AdminResetUserPasswordCommand({ UserPoolId: stack.userPoolId, Username: user.email }));
    sdk.destroy();
    await signIn(popup, user.email, user.password);
    await expectView(popup, 'reset');
    const said = 'Your password has to be reset. Enter the code we emailed you and choose a new password.';
    expect(await popup.waitForText('notice', said)).toBe(said);
    await popup.fill('Code', await stack.readCode(user.email));
    await popup.fill('New password', `${user.password}n`);
    await popup.fill('New password again', `${user.password}n`);
    await popup.click('Set password and sign in');
    await expectHome(popup, user);
  });

  it('Trust this browser after the authenticator code: the next sign-in asks no code; forgotten in Settings, it asks again', async () => {
    const { user, secret } = await userWithMfa(stack, 'Trusted', { totp: true });
    await signIn(popup, user.email, user.password);
    await expectView(popup, 'mfa');
    await popup.waitFor('mfa-form');
    await popup.fill('Code', await freshCode(secret));
    await popup.evaluate("() => document.getElementById('trust-browser').click()");
    expect(await popup.evaluate<boolean>("() => document.getElementById('trust-browser').checked")).toBe(true);
    await expectAccessible(popup, 'mfa-trust-browser');
    await popup.click('Sign in');
    await expectHome(popup, user);
    await popup.click('Sign out');

    await signIn(popup, user.email, user.password);
    await expectHome(popup, user); // no code asked

    const options = await driver.open('options', { width: 800, height: 900 });
    try {
      await options.waitFor('trusted-browser');
      expect(await options.texts('trusted-browser')).toEqual([expect.stringMatching(/^Cruddur Companion\s+this browser/i)]);
      await expectAccessible(options, 'options-trusted-browsers');
      await options.evaluate("() => document.querySelector('[data-testid=trusted-forget-this]').click()");
      await options.waitFor('trusted-none');
      expect(await options.text('trusted-notice')).toBe('Forgotten: that browser will ask for a code at its next sign-in.');
    } finally {
      await options.close();
    }
    await popup.click('Sign out');
    await signIn(popup, user.email, user.password);
    await expectView(popup, 'mfa');
  });

  it('with choice-based sign-in in Settings: Email me a code, a new code on request, and the newest one signs in to the feed', async () => {
    const options = await driver.open('options', { width: 800, height: 900 });
    try {
      await options.waitFor('field-authFlow');
      await options.evaluate(
        "() => { const s = document.getElementById('authFlow'); s.value = 'USER_AUTH'; s.dispatchEvent(new Event('change', { bubbles: true })); }",
      );
      await options.click('Save');
      expect(await options.waitForText('options-notice', 'Saved.')).toBe('Saved.');
    } finally {
      await options.close();
    }
    const { user } = await readyUser(stack, 'EmailCode');
    await popup.close();
    popup = await openPopup(driver);
    await expectView(popup, 'sign-in');
    await popup.fill('Email', user.email);
    await popup.waitFor('email-code-start');
    await expectAccessible(popup, 'sign-in-email-code');
    await popup.click('Email me a code');
    await expectView(popup, 'mfa');
    await popup.waitFor('mfa-form');
    expect(await popup.evaluate<string>("() => document.getElementById('mfa-code-hint')?.textContent ?? ''")).toMatch(/^The code we emailed to /);
    expect(await popup.evaluate<string>("() => document.querySelector('h1')?.textContent ?? ''")).toBe('Enter the code we emailed you');
    const first = stack.deliveries.latest(user.email, 'email-otp')?.code ?? '';
    expect(first).toMatch(/^\d{8}$/);

    await popup.click('Email me a new code');
    expect(await popup.waitForText('notice', 'We sent a new code. Only the newest one works.')).toMatch(/^We sent a new code/);
    const newest = stack.deliveries.latest(user.email, 'email-otp')?.code ?? '';
    expect(newest).toMatch(/^\d{8}$/);
    await popup.fill('Code', newest);
    await expectAccessible(popup, 'mfa-email-code');
    await popup.click('Sign in');
    await expectHome(popup, user);
  });

  it('with choice-based sign-in: an account made without a password, confirmed by its code, lands signed in', async () => {
    const user = uniqueUser('NoPassword');
    await expectView(popup, 'sign-in');
    await popup.click('Create account');
    await expectView(popup, 'sign-up');
    await popup.waitFor('sign-up-passwordless');
    await popup.fill('Name', user.name);
    await popup.fill('Email', user.email);
    await popup.fill('Handle', user.handle);
    await popup.screenshot('sign-up-passwordless');
    await popup.click('Create account');
    await expectView(popup, 'confirm');
    await popup.fill('Code', await stack.readCode(user.email));
    await popup.click('Confirm');
    await expectHome(popup, user);
  });
});
