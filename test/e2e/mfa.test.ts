// Two-step sign-in in real browsers against the local front's MFA: a user with an authenticator
// app signs in through the popup (the test computes the app's codes from the secret), a user in
// a pool that requires MFA sets the app up from the popup, and Settings turns the app on and off.
// Each MFA view is saved as a screenshot at the popup's size and must fit its 600 px.
import { AssociateSoftwareTokenCommand } from '@aws-sdk/client-cognito-identity-provider';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ExtensionDriver, ExtensionPage } from '../support/browser-driver.ts';
import { E2E_BROWSERS, closeChecked, launchFor } from '../support/browser-launch.ts';
import { startLocalStack, type LocalStack } from '../support/stack.ts';
import { freshCode, wrongCode } from '../support/totp-codes.ts';
import { setPoolMfa, userWithMfa as mfaUser, type PoolMfa } from '../support/mfa-users.ts';
import { confirm, invitedUser, readyUser, signUp, stackCognito, uniqueUser, type TestUser } from '../support/users.ts';
import { expectAccessible } from './a11y-steps.ts';
import { backToSignedOut, expectHome, expectView, openPopup, signIn, waitForFocus } from './popup-steps.ts';

/** Chrome's popup is at most 800 × 600 px; past 600 it scrolls the whole page. */
const POPUP_MAX_HEIGHT = 600;
const WRONG_CODE = 'That code is not right. Check it and try again.';

async function expectFits(popup: ExtensionPage, name: string): Promise<void> {
  await popup.screenshot(name);
  const height = await popup.evaluate<number>('() => document.documentElement.scrollHeight');
  expect(height, `${name} is ${height} px tall`).toBeLessThanOrEqual(POPUP_MAX_HEIGHT);
}

/** Whether the MFA step offers "Trust this browser". */
const TRUST_BOX_SHOWN = "() => document.getElementById('trust-browser') !== null";

/** "123456" as an authenticator app groups it, "123 456": what people paste. */
const spaced = (code: string) => `${code.slice(0, 3)} ${code.slice(3)}`;

describe.each(E2E_BROWSERS)('%s: two-step sign-in', (browserName) => {
  let stack: LocalStack;
  let driver: ExtensionDriver;
  let popup: ExtensionPage;

  const setPool = (mode: PoolMfa) => setPoolMfa(stack, mode);
  const userWithMfa = (tag: string, kinds?: { totp?: boolean; email?: boolean }) => mfaUser(stack, tag, kinds);
  const emailCode = (email: string) => stack.deliveries.latest(email, 'email-otp')?.code ?? '';
  /** Runs `journey` with the pool's MFA at `mode`, and puts it back to OPTIONAL whatever happened. */
  const inPool = async (mode: PoolMfa, journey: () => Promise<void>) => {
    await setPool(mode);
    try {
      await journey();
    } finally {
      await setPool('OPTIONAL');
    }
  };
  /** Answers the MFA step with a fresh code from `secret`, lands on the user's home, signs out. */
  const codeToHomeAndOut = async (secret: string, button: string, user: Pick<TestUser, 'name' | 'handle'>) => {
    await popup.fill('Code', await freshCode(secret));
    await popup.click(button);
    await expectHome(popup, user);
    await popup.click('Sign out');
    await expectView(popup, 'sign-in');
  };

  beforeAll(async () => {
    stack = await startLocalStack();
    await setPool('OPTIONAL');
    driver = await launchFor(browserName, stack);
    popup = await openPopup(driver);
  });

  // Each journey starts signed out: one that failed half-way must not fail the next ones too.
  afterEach(async () => {
    await backToSignedOut(popup);
  });

  afterAll(async () => {
    await closeChecked(driver, stack?.apiUrl);
    await stack?.stop();
  });

  it('a user with an authenticator app: a wrong code keeps the step with a plain message, a code with a space signs in', async () => {
    const { user, secret } = await userWithMfa('Totp');
    await signIn(popup, user.email, user.password);
    await expectView(popup, 'mfa');
    // The code form follows the frame once the pending step is read from the worker.
    await popup.waitFor('mfa-form');
    expect(await popup.focusedTestId()).toBe('field-mfa-code');
    expect(await popup.evaluate<boolean>(TRUST_BOX_SHOWN)).toBe(true);
    await expectFits(popup, 'mfa-totp');

    const wrong = wrongCode(secret);
    await popup.fill('Code', wrong);
    await popup.click('Sign in');
    expect(await popup.waitForText('form-error', WRONG_CODE)).toBe(WRONG_CODE);
    await expectView(popup, 'mfa');
    expect(await popup.value('Code')).toBe(wrong); // a typo never clears the form
    await expectFits(popup, 'mfa-totp-wrong-code');

    await popup.fill('Code', spaced(await freshCode(secret)));
    await popup.click('Sign in');
    await expectHome(popup, user);
    await popup.click('Sign out');
    await expectView(popup, 'sign-in');

    // The local pool tracks no devices: that sign-in was offered none, so the next asks no trust.
    await signIn(popup, user.email, user.password);
    await popup.waitFor('mfa-form');
    expect(await popup.evaluate<boolean>(TRUST_BOX_SHOWN)).toBe(false);
    await codeToHomeAndOut(secret, 'Sign in', user);
  });

  it('a user with email codes gets one by email and signs in with it, spaces and all', async () => {
    const { user } = await userWithMfa('Email', { email: true });
    await signIn(popup, user.email, user.password);
    await expectView(popup, 'mfa');
    await popup.waitFor('mfa-form');
    const code = emailCode(user.email);
    expect(code).toMatch(/^\d{6}$/);
    await expectFits(popup, 'mfa-email');
    await popup.fill('Code', ` ${spaced(code)} `);
    await popup.click('Sign in');
    await expectHome(popup, user);
    await popup.click('Sign out');
    await expectView(popup, 'sign-in');
  });

  it('a user with both kinds and no preference chooses email, then signs in with the code sent', async () => {
    const { user } = await userWithMfa('Choose', { totp: true, email: true });
    await signIn(popup, user.email, user.password);
    await expectView(popup, 'mfa');
    await popup.waitFor('mfa-choose');
    await expectFits(popup, 'mfa-choose');
    await popup.click('Email');
    await popup.waitFor('mfa-form');
    await popup.fill('Code', emailCode(user.email));
    await popup.click('Sign in');
    await expectHome(popup, user);
    await popup.click('Sign out');
    await expectView(popup, 'sign-in');
  });

  it('in a pool that requires MFA, a new user sets the authenticator up from the popup (QR and key) and lands signed in', async () => {
    const user = uniqueUser('Setup');
    await signUp(stack, user);
    await confirm(stack, user);
    await inPool('ON', async () => {
      await signIn(popup, user.email, user.password);
      await expectView(popup, 'mfa');
      await popup.waitFor('mfa-setup');
      // Shown in groups of four, as people type it; the copy button copies it whole.
      const shown = await popup.text('mfa-secret');
      expect(shown).toMatch(/^([A-Z2-7]{4} ){7}[A-Z2-7]{4}$/);
      const secret = shown.replace(/\s/g, '');
      // The QR code is an inline SVG drawn from the secret: nothing was fetched to draw it.
      expect(await popup.evaluate<boolean>("() => !!document.querySelector('.mfa-qr svg')")).toBe(true);
      expect(driver.network().some((e) => /qr|chart/i.test(new URL(e.url).pathname))).toBe(false);
      await expectFits(popup, 'mfa-setup');
      await expectAccessible(popup, 'mfa-setup-a11y');
      await codeToHomeAndOut(secret, 'Verify and sign in', user);

      // The app is now the account's second step.
      await signIn(popup, user.email, user.password);
      await expectView(popup, 'mfa');
      await codeToHomeAndOut(secret, 'Sign in', user);
    });
  });

  it('in a pool that requires MFA, an admin-created user chooses a password, then sets the authenticator up, and lands signed in', async () => {
    const user = uniqueUser('InvitedMfa');
    const temporary = 'Temp-Passw0rd!';
    await invitedUser(stack, user, temporary);
    await inPool('ON', async () => {
      await signIn(popup, user.email, temporary);
      await expectView(popup, 'new-password');
      await popup.fill('New password', user.password);
      await popup.fill('New password again', user.password);
      await popup.click('Set password and sign in');
      await expectView(popup, 'mfa');
      await popup.waitFor('mfa-setup');
      await codeToHomeAndOut((await popup.text('mfa-secret')).replace(/\s/g, ''), 'Verify and sign in', user);
    });
  });

  it('Settings → Two-step verification turns the authenticator app on, sign-in then asks for it, and turns it off; focus follows each step', async () => {
    const { user } = await readyUser(stack, 'Settings');
    await signIn(popup, user.email, user.password);
    await expectHome(popup, user);

    const options = await driver.open('options', { width: 800, height: 900 });
    try {
      expect(await options.waitForText('two-step-state', /^Off\. Add an authenticator app/)).toMatch(/^Off/);
      await options.click('Set up authenticator app');
      await options.waitFor('two-step-setup');
      expect(await options.focusedTestId()).toBe('field-two-step-code');
      // Cancel comes back to the button that opened the setup.
      await options.click('Cancel');
      await waitForFocus(options, 'two-step-set-up');
      await options.click('Set up authenticator app');
      await options.waitFor('two-step-setup');
      const secret = (await options.text('two-step-secret')).replace(/\s/g, '');
      expect(secret).toMatch(/^[A-Z2-7]{32}$/);
      await options.screenshot('options-two-step-setup');
      await options.fill('Code', wrongCode(secret));
      await options.click('Turn on');
      expect(await options.waitForText('error-two-step-code', WRONG_CODE)).toBe(WRONG_CODE);
      await options.fill('Code', spaced(await freshCode(secret)));
      await options.click('Turn on');
      expect(await options.waitForText('two-step-state', /^On: sign-in asks/)).toMatch(/^On/);
      await waitForFocus(options, 'two-step-state');
      await options.screenshot('options-two-step-on');

      await popup.click('Sign out');
      await signIn(popup, user.email, user.password);
      await expectView(popup, 'mfa');
      await popup.fill('Code', await freshCode(secret));
      await popup.click('Sign in');
      await expectHome(popup, user);

      // The question: "Keep it on" has focus, Escape answers it and gives focus back.
      await options.click('Turn off');
      await options.waitFor('two-step-confirm');
      await waitForFocus(options, 'two-step-keep');
      await options.screenshot('options-two-step-confirm-off');
      await options.keyboard('Escape');
      await waitForFocus(options, 'two-step-off');
      await options.click('Turn off');
      await options.waitFor('two-step-confirm');
      await options.click('Turn off');
      expect(await options.waitForText('two-step-state', /^Off\./)).toMatch(/^Off/);

      await popup.click('Sign out');
      await signIn(popup, user.email, user.password);
      await expectHome(popup, user);
      await popup.click('Sign out');
    } finally {
      await options.close();
    }
  });

  it('in a pool whose MFA is OFF, Settings offers no authenticator and says why; the front refuses the setup as AWS does', async () => {
    const { user, tokens } = await readyUser(stack, 'PoolOff');
    await setPool('OFF');
    try {
      // AWS: AssociateSoftwareToken answers SoftwareTokenMFANotFoundException when TOTP is not activated for the pool.
      const cognito = stackCognito(stack);
      await expect(cognito.send(new AssociateSoftwareTokenCommand({ AccessToken: tokens.accessToken }))).rejects.toMatchObject({ name: 'SoftwareTokenMFANotFoundException' });
      cognito.destroy();

      await signIn(popup, user.email, user.password);
      await expectHome(popup, user);
      const options = await driver.open('options', { width: 800, height: 900 });
      try {
        expect(await options.waitForText('two-step-state', /^Not available for this account/)).toMatch(/turned off/);
        expect(await options.evaluate<boolean>("() => !document.querySelector('[data-testid=two-step-set-up]')")).toBe(true);
        await options.screenshot('options-two-step-not-offered');
      } finally {
        await options.close();
      }
      // And sign-in asks for nothing, as Settings said.
      await popup.click('Sign out');
      await signIn(popup, user.email, user.password);
      await expectHome(popup, user);
    } finally {
      await setPool('OPTIONAL');
    }
  });
});
