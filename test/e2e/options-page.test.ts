// The options page as a user meets it: the account first (who is signed in, two-step, devices,
// language), then the connection under "For developers" with the build's defaults, checks beside
// each field (focus on the first), the connection test, a save that keeps the session when
// nothing identity-related changed, and a warning before a save that will sign the user out.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExtensionDriver, ExtensionPage } from '../support/browser-driver.ts';
import { E2E_BROWSERS, closeChecked, launchFor } from '../support/browser-launch.ts';
import { startLocalStack, type LocalStack } from '../support/stack.ts';
import { readyUser } from '../support/users.ts';
import { expectHome, expectView, openPopup, signIn, waitForFocus } from './popup-steps.ts';

/**
 * A stand-in for an API that does not check tokens, as the original Cruddur backend: the public
 * feed to everyone, whatever the Authorization header says. Records what it was sent.
 */
async function trustingApi(): Promise<{ url: string; auth: (string | undefined)[]; close: () => Promise<void> }> {
  const auth: (string | undefined)[] = [];
  const server: Server = createServer((req, res) => {
    auth.push(req.headers.authorization);
    res.writeHead(200, { 'Content-Type': 'application/json' }).end('[]');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, auth, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

describe.each(E2E_BROWSERS)('%s: options page', (browserName) => {
  let stack: LocalStack;
  let driver: ExtensionDriver;
  let options: ExtensionPage;
  let trusting: Awaited<ReturnType<typeof trustingApi>>;

  beforeAll(async () => {
    stack = await startLocalStack();
    trusting = await trustingApi();
    driver = await launchFor(browserName, stack);
    options = await driver.open('options', { width: 800, height: 1000 });
  });

  afterAll(async () => {
    // The stand-in got only the connection test's invalid token, never a real one (checked here too).
    await closeChecked(driver, [stack?.apiUrl, trusting?.url].filter((u): u is string => Boolean(u)));
    await trusting?.close();
    await stack?.stop();
  });

  it('puts the account first and the connection last, marked for developers', async () => {
    await options.waitFor('options-form');
    const order = await options.evaluate<string[]>(`() => [...document.querySelectorAll('main > section h2')].map((h) => h.textContent.trim())`);
    expect(order).toEqual(['Your account', 'Two-step verification', 'Trusted devices', 'Language', 'ConnectionFor developers']);
    expect(await options.text('account-signed-out')).toMatch(/^You are not signed in\./);
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
    // This API refused the deliberately invalid token: no warning.
    expect(await options.text('check-api')).toContain('refuses a sign-in token that is not valid');
    await options.screenshot('options-connection-ok');
  });

  it('warns in plain words about an API that accepts a token that cannot be valid', async () => {
    await options.fill('API URL', trusting.url);
    await options.click('Test connection');
    await options.waitForText('check-api', /does not check tokens/, 20_000);
    const line = await options.text('check-api');
    expect(line).toMatch(/^!\s*API:/);
    expect(line).toContain('it does not check tokens');
    expect(line).toContain('"Your home feed" may be the public one');
    expect(await options.evaluate<string | null>(`() => document.querySelector('[data-testid=check-api]').dataset.warn ?? null`)).toBe('true');
    // The probe's token is the made-up one, not anyone's: nobody is signed in, and it is expired and unsigned.
    const probes = trusting.auth.filter(Boolean);
    expect(probes).toHaveLength(1);
    expect(probes[0]).toMatch(/^Bearer [\w-]+\.[\w-]+\.[\w-]+$/);
    await options.screenshot('options-connection-warns');
    await options.fill('API URL', stack.apiUrl);
  });

  it('explains each invalid field beside it and saves nothing', async () => {
    await options.fill('User pool id', 'not-a-pool');
    await options.fill('API URL', 'api.cruddur.com');
    await options.click('Save');
    expect(await options.text('error-userPoolId')).toBe('Enter the user pool id as <region>_<id>, for example us-east-1_AbC123xyz.');
    // The keyboard goes to the first field to fix, not the Save button.
    await waitForFocus(options, 'field-userPoolId');
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
    // Settings follows the session: who is signed in, on top.
    expect(await options.waitForText('account-handle', `@${user.handle}`)).toBe(`@${user.handle}`);

    await options.fill('User pool id', stack.userPoolId);
    await options.fill('API URL', stack.apiUrl);
    // Nothing identity-related changed: no warning, a plain Save.
    expect(await options.evaluate<boolean>("() => !document.querySelector('[data-testid=options-will-sign-out]')")).toBe(true);
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
    // Said before saving, and on the button itself.
    expect(await options.text('options-will-sign-out')).toBe(`Saving signs @${user.handle} out: the user pool, app client or Cognito endpoint changed, and the session belongs to the old one.`);
    await options.screenshot('options-will-sign-out');
    await options.click('Save and sign out');
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
