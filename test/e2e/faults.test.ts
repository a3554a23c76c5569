// The popup under faults, in each real browser: the extension is built against proxies in front
// of the real API and the real Cognito front (test/support/fault-proxy.ts), which the test turns
// to "hang" or "down" and back. A hanging API gives up at the deadline and keeps the feed on
// screen; when a fault ends, the feed comes back without a click; Cognito unreachable with the
// network up is told apart from being offline, and signing in works once it is back.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExtensionDriver, ExtensionPage } from '../support/browser-driver.ts';
import { E2E_BROWSERS, closeChecked, launchFor } from '../support/browser-launch.ts';
import { startFaultProxy, type FaultProxy } from '../support/fault-proxy.ts';
import { startLocalStack, type LocalStack } from '../support/stack.ts';
import { readyUser, type TestUser } from '../support/users.ts';
import { expectHome, expectView, openPopup, signIn } from './popup-steps.ts';

/** The API client's deadline (src/background/api-client.ts API_TIMEOUT_MS) plus the load here. */
const PAST_DEADLINE_MS = 25_000;
/** The first automatic retries come 5 s and 10 s after a failure (RETRY_DELAYS_MS). */
const RECOVERY_MS = 30_000;

async function until(popup: ExtensionPage, what: string, fn: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await popup.evaluate<boolean>(fn)) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`Timed out after ${timeoutMs} ms waiting until ${what}`);
}

const NO_STALE_NOTICE = `() => !document.querySelector('[data-testid=feed-stale]')`;
const cruds = (popup: ExtensionPage) => popup.evaluate<number>(`() => document.querySelectorAll('[data-testid=crud]').length`);

describe.each(E2E_BROWSERS)('%s: the popup under faults', (browserName) => {
  let stack: LocalStack;
  let api: FaultProxy;
  let cognito: FaultProxy;
  let driver: ExtensionDriver;
  let user: TestUser;
  let popup: ExtensionPage;

  beforeAll(async () => {
    stack = await startLocalStack();
    ({ user } = await readyUser(stack, 'Faults'));
    api = await startFaultProxy(stack.apiUrl);
    cognito = await startFaultProxy(stack.cognitoUrl);
    driver = await launchFor(browserName, { ...stack, apiUrl: api.url, cognitoUrl: cognito.url });
  });

  afterAll(async () => {
    await closeChecked(driver, api?.url);
    await api?.stop();
    await cognito?.stop();
    await stack?.stop();
  });

  it('tells "Cognito cannot be reached" from offline, and signs in once Cognito is back', async () => {
    cognito.set('down');
    popup = await openPopup(driver);
    await signIn(popup, user.email, user.password);
    await popup.waitForText('form-error', /^Cognito cannot be reached right now\./);
    // A typo never clears a form, nor does a fault.
    expect(await popup.value('Email')).toBe(user.email);
    await popup.screenshot('fault-cognito-down');

    cognito.set('pass');
    await popup.click('Sign in');
    await expectHome(popup, user);
  });

  it('gives up on a hanging API at the deadline, keeps the feed with a notice, and reloads when it answers again', async () => {
    const shown = await cruds(popup);
    api.set('hang');
    await popup.click('Refresh the feed');
    await popup.waitForText('feed-stale', 'Cruddur is not answering. Try again in a moment. Showing the last feed.', PAST_DEADLINE_MS);
    expect(await cruds(popup)).toBe(shown);
    // No spinner past the deadline.
    expect(await popup.evaluate<string | null>(`() => document.querySelector('[data-testid=feed-refresh]').getAttribute('aria-label')`)).toBe('Refresh the feed');
    await popup.screenshot('fault-api-hang');

    api.set('pass');
    await until(popup, 'the feed reloads by itself', NO_STALE_NOTICE, RECOVERY_MS);
    expect(await cruds(popup)).toBe(shown);
    await popup.close();
  });

  it('opens with the cached feed while the API is down, then reloads by itself when it is back', async () => {
    api.set('down');
    popup = await openPopup(driver);
    await expectView(popup, 'home');
    await popup.waitFor('feed');
    await popup.waitForText('feed-stale', /^Cruddur is not answering right now\..*Showing the last feed\.$/);
    expect(await cruds(popup)).toBeGreaterThan(0);
    await popup.screenshot('fault-api-down-cached');

    api.set('pass');
    await until(popup, 'the feed reloads by itself', NO_STALE_NOTICE, RECOVERY_MS);
    await popup.waitForText('feed-updated', 'Updated just now');
    await popup.close();
  });
});
