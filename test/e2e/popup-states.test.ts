// The popup's less travelled states: an API that does not answer (error with retry), a draft
// that survives closing the popup (passwords excepted), and an unconfirmed user signing in.
// The build here points at a port nobody listens on for the API (until the retry, when a slow,
// failing one comes up there); Cognito is the real stack's.
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../scripts/lib/ports.ts';
import type { ExtensionDriver } from '../support/browser-driver.ts';
import { E2E_BROWSERS, closeChecked, launchFor } from '../support/browser-launch.ts';
import { startLocalStack, type LocalStack } from '../support/stack.ts';
import { readyUser, signUp, uniqueUser } from '../support/users.ts';
import { expectView, feedCalls, openPopup, signIn, waitForFocus, waitForNetwork } from './popup-steps.ts';

/** How long the API that comes up for the retry holds each request: long enough to see it load. */
const HOLD_MS = 1000;

/** From now on, something listens on `port`: it holds each request HOLD_MS, then answers 503. */
async function failSlowlyOn(port: number): Promise<{ server: Server; requests: () => number }> {
  let requests = 0;
  const server = createServer((_req, res) => {
    requests += 1;
    setTimeout(() => res.writeHead(503).end(), HOLD_MS);
  });
  await new Promise<void>((ok, fail) => server.once('error', fail).listen(port, '127.0.0.1', ok));
  return { server, requests: () => requests };
}

describe.each(E2E_BROWSERS)('%s: popup states', (browserName) => {
  let stack: LocalStack;
  let driver: ExtensionDriver;
  let deadApi: string;
  let retryApi: Awaited<ReturnType<typeof failSlowlyOn>> | undefined;

  beforeAll(async () => {
    stack = await startLocalStack();
    deadApi = `http://127.0.0.1:${await freePort()}`;
    driver = await launchFor(browserName, { ...stack, apiUrl: deadApi });
  });

  afterAll(async () => {
    await closeChecked(driver, deadApi);
    retryApi?.server.closeAllConnections();
    retryApi?.server.close();
    await stack?.stop();
  });

  it('keeps the sign-up draft when the popup closes, but never the passwords', async () => {
    const user = uniqueUser('Drafty');
    let popup = await openPopup(driver);
    await expectView(popup, 'sign-in');
    await popup.click('Create account');
    await popup.fill('Name', user.name);
    await popup.fill('Email', user.email);
    await popup.fill('Handle', user.handle);
    await popup.fill('Password', user.password);
    await popup.close();

    popup = await openPopup(driver);
    await expectView(popup, 'sign-up');
    // Straight into the draft's view (no blank sign-in first), cursor in its first field.
    expect(await popup.focusedTestId()).toBe('field-name');
    expect(await popup.value('Name')).toBe(user.name);
    expect(await popup.value('Email')).toBe(user.email);
    expect(await popup.value('Handle')).toBe(user.handle);
    expect(await popup.value('Password')).toBe('');
    await popup.click('Sign in');
    await expectView(popup, 'sign-in');
    await popup.close();
  });

  it('sends an unconfirmed user who signs in to Confirm, email filled, then signs them in', async () => {
    const user = uniqueUser('Unconfirmed');
    await signUp(stack, user);
    const popup = await openPopup(driver);
    await signIn(popup, user.email, user.password);

    await expectView(popup, 'confirm');
    expect(await popup.value('Email')).toBe(user.email);
    expect(await popup.text('notice')).toBe(`We sent a code to ${user.email}.`);
    // A wrong code, then "Resend code": the error and the dead code go, the cursor waits for the new one.
    await popup.fill('Code', '000000');
    await popup.click('Confirm');
    await popup.waitForText('form-error', /\S/);
    expect(await popup.evaluate<string | null>("() => document.querySelector('[data-testid=notice]')?.textContent ?? null")).toBeNull();
    await popup.click('Resend code');
    await popup.waitForText('notice', `We sent a new code to ${user.email}.`);
    expect(await popup.value('Code')).toBe('');
    expect(await popup.evaluate<string>("() => document.querySelector('[data-testid=form-error]').textContent")).toBe('');
    await waitForFocus(popup, 'field-code');
    await popup.fill('Code', await stack.readCode(user.email));
    await popup.click('Confirm');
    await expectView(popup, 'home');
    expect(await popup.text('user-handle')).toBe(`@${user.handle}`);
    await popup.click('Sign out');
    await expectView(popup, 'sign-in');
    await popup.close();
  });

  it('shows a plain error with "Try again" when the API does not answer, and retries', async () => {
    const { user } = await readyUser(stack, 'NoApi');
    const popup = await openPopup(driver);
    await signIn(popup, user.email, user.password);
    await expectView(popup, 'home');
    expect(await popup.text('user-name')).toBe(user.name);

    const message = await popup.text('feed-error');
    expect(message).toMatch(/^[A-Z][^{}<>]*\.\s*Try again$/s);
    expect(message).not.toMatch(/TypeError|fetch|ECONNREFUSED|stack/i);
    await popup.screenshot('home-feed-error');

    // For the retry the API is up but failing, and slow: every browser can see the retry load,
    // fail again, and reach the API.
    retryApi = await failSlowlyOn(Number(new URL(deadApi).port));
    const attempts = feedCalls(driver.network()).length;
    await popup.click('Try again');
    await popup.waitFor('feed-loading');
    expect(await popup.text('feed-error')).toBe(message);
    expect(retryApi.requests()).toBeGreaterThanOrEqual(1);
    // Only Chromium's driver sees the background's requests; there, the retry is one more.
    if (driver.browser === 'chromium') {
      await waitForNetwork(driver, 'the retried feed request', (log) => (feedCalls(log).length > attempts ? true : undefined));
    }
  });
});
