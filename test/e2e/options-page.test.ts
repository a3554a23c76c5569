// The options page as a user meets it: the build's defaults, checks beside each field, the
// connection test, and a save that keeps the session when nothing identity-related changed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExtensionDriver, ExtensionPage } from '../support/browser-driver.ts';
import { E2E_BROWSERS, closeChecked, launchFor } from '../support/browser-launch.ts';
import { startLocalStack, type LocalStack } from '../support/stack.ts';
import { readyUser } from '../support/users.ts';
import { expectHome, expectView, openPopup, signIn } from './popup-steps.ts';

describe.each(E2E_BROWSERS)('%s: options page', (browserName) => {
  let stack: LocalStack;
  let driver: ExtensionDriver;
  let options: ExtensionPage;

  beforeAll(async () => {
    stack = await startLocalStack();
    driver = await launchFor(browserName, stack);
    options = await driver.open('options', { width: 800, height: 1000 });
  });

  afterAll(async () => {
    await closeChecked(driver, stack?.apiUrl);
    await stack?.stop();
  });

  it('shows the settings the build was made with', async () => {
    await options.waitFor('options-form');
    expect(await options.value('Region')).toBe(stack.region);
    expect(await options.value('User pool id')).toBe(stack.userPoolId);
    expect(await options.value('App client id')).toBe(stack.clientId);
    expect(await options.value('API URL')).toBe(stack.apiUrl);
    expect(await options.value('Sign-in flow')).toBe('USER_SRP_AUTH');
    expect(await options.value('Cognito endpoint (optional)')).toBe(stack.cognitoUrl);
    await options.screenshot('options');
  });

  it('tests the connection to Cognito and the API, one line each', async () => {
    await options.click('Test connection');
    await options.waitFor('connection-result', 20_000);
    expect(await options.text('check-cognito')).toMatch(/^✓\s*Cognito:/);
    expect(await options.text('check-api')).toMatch(/^✓\s*API:/);
    await options.screenshot('options-connection-ok');
  });

  it('explains each invalid field beside it and saves nothing', async () => {
    await options.fill('User pool id', 'not-a-pool');
    await options.fill('API URL', 'api.cruddur.com');
    await options.click('Save');
    expect(await options.text('error-userPoolId')).toBe('Enter the user pool id as <region>_<id>, for example us-east-1_AbC123xyz.');
    expect(await options.text('error-apiUrl')).toBe('Enter the API address, starting with https:// (or http:// for a local API).');
    // What the user typed stays, so they can fix it.
    expect(await options.value('User pool id')).toBe('not-a-pool');
    await options.screenshot('options-errors');
  });

  it('saves unchanged identity settings without signing the user out', async () => {
    const { user } = await readyUser(stack, 'Settler');
    const popup = await openPopup(driver);
    await signIn(popup, user.email, user.password);
    await expectHome(popup, user);

    await options.fill('User pool id', stack.userPoolId);
    await options.fill('API URL', stack.apiUrl);
    await options.click('Save');
    expect(await options.waitForText('options-notice', 'Saved.')).toBe('Saved.');
    await popup.close();
    const reopened = await openPopup(driver);
    await expectHome(reopened, user);
    await reopened.click('Sign out');
    await expectView(reopened, 'sign-in');
    await reopened.close();
  });

  it('signs the user out cleanly when the app client changes, and the popup says why', async () => {
    const { user } = await readyUser(stack, 'Switcher');
    const popup = await openPopup(driver);
    await signIn(popup, user.email, user.password);
    await expectHome(popup, user);

    await options.fill('App client id', stack.shortLivedClientId);
    await options.click('Save');
    const saved = 'Saved. You were signed out because the pool or client changed.';
    expect(await options.waitForText('options-notice', saved)).toBe(saved);
    // The open popup follows the pushed state and says why.
    await expectView(popup, 'sign-in');
    expect(await popup.text('notice')).toBe('The sign-in settings changed. Please sign in again.');
    await popup.screenshot('sign-in-settings-changed');
    await popup.close();

    // The new client signs the same user in.
    const again = await openPopup(driver);
    await signIn(again, user.email, user.password);
    await expectHome(again, user);
    await again.close();
  });

  it('restores the build defaults into the form without saving them', async () => {
    await options.fill('Region', 'eu-west-1');
    await options.click('Reset to defaults');
    expect(await options.value('Region')).toBe(stack.region);
    expect(await options.value('App client id')).toBe(stack.clientId);
    expect(await options.text('options-notice')).toBe('Defaults restored. Save to use them.');
  });
});
