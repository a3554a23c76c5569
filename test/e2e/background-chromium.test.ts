// What only Chromium lets a test see: the service worker's own requests (CDP reports them),
// and stopping the worker on demand (ServiceWorker.stopAllWorkers). Firefox's event page has
// no such command and its driver sees page requests only, so these stay Chromium journeys.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExtensionDriver, ExtensionPage } from '../support/browser-driver.ts';
import { closeChecked, launchFor } from '../support/browser-launch.ts';
import { startLocalStack, type LocalStack } from '../support/stack.ts';
import { assertTokenConfined } from '../support/token-confinement.ts';
import { readyUser, type TestUser } from '../support/users.ts';
import { cognitoCalls, expectHome, expectView, feedCalls, jwtClaims, openPopup, signIn, waitForNetwork } from './popup-steps.ts';

describe('chromium: the background owns the session', () => {
  let stack: LocalStack;
  let driver: ExtensionDriver;
  let popup: ExtensionPage;
  let user: TestUser;

  beforeAll(async () => {
    stack = await startLocalStack();
    driver = await launchFor('chromium', stack);
    ({ user } = await readyUser(stack, 'Worker'));
  });

  afterAll(async () => {
    await closeChecked(driver, stack?.apiUrl);
    await stack?.stop();
  });

  it('fetches the feed from the worker with this app\'s access token, never "Bearer null"', async () => {
    popup = await openPopup(driver);
    await signIn(popup, user.email, user.password);
    await expectHome(popup, user);

    const feeds = feedCalls(driver.network());
    expect(feeds.length).toBeGreaterThan(0);
    expect(feeds.every((e) => e.fromServiceWorker)).toBe(true);
    expect(feeds.every((e) => e.headers.authorization !== 'Bearer null')).toBe(true);
    const last = feeds.at(-1);
    expect(last?.status).toBe(200);
    expect(jwtClaims(last?.headers.authorization)).toMatchObject({ token_use: 'access', client_id: stack.clientId });
  });

  it('is still signed in after the worker is stopped: a reopened popup shows the feed', async () => {
    await popup.close();
    await driver.stopBackground();
    const before = feedCalls(driver.network()).length;

    popup = await openPopup(driver);
    await expectHome(popup, user);
    await waitForNetwork(driver, 'a 200 feed load after the restart', (log) => feedCalls(log).slice(before).find((e) => e.status === 200));
  });

  it('an open popup survives the worker stopping under it, and refreshes the feed after', async () => {
    await driver.stopBackground();
    const before = feedCalls(driver.network()).length;
    await popup.click('Refresh the feed');
    await popup.waitFor('feed');
    const after = await waitForNetwork(driver, 'a 200 feed load from the restarted worker', (log) =>
      feedCalls(log).slice(before).find((e) => e.status === 200),
    );
    expect(jwtClaims(after.headers.authorization)).toMatchObject({ token_use: 'access', username: expect.any(String) });
    await expectHome(popup, user);
  });

  it('sent the access token to the API and nowhere else, across everything above', () => {
    const requests = driver.network();
    const tokens = requests.map((r) => /^Bearer (\S+)$/.exec(r.headers.authorization ?? '')?.[1]);
    const report = assertTokenConfined(requests, { api: stack.apiUrl, tokens });
    // The check saw the worker's authenticated feed loads, and Cognito calls that carry none.
    expect(report.withAuthorization).toBeGreaterThanOrEqual(3);
    expect(cognitoCalls(requests, 'InitiateAuth').length + cognitoCalls(requests, 'RespondToAuthChallenge').length).toBeGreaterThan(0);
  });

  it('"Sign out of all devices" calls GlobalSignOut', async () => {
    const before = cognitoCalls(driver.network(), 'GlobalSignOut').length;
    await popup.click('Sign out of all devices');
    await popup.click('Yes, sign out everywhere');
    await expectView(popup, 'sign-in');
    expect(cognitoCalls(driver.network(), 'GlobalSignOut').length).toBe(before + 1);
  });

  it('a mirrored "signed in" that is out of date never wins: the woken worker\'s state does', async () => {
    // The popup draws its first paint from the worker's storage.session mirror. Plant a stale
    // "signed in" there (as if the worker stopped between a sign-out and its mirror write),
    // stop the worker, and open the popup: the worker's own state must take over.
    const stale = { status: 'signed-in', user: { sub: 'stale-sub', email: user.email, name: user.name, handle: user.handle }, offline: false };
    await popup.evaluate(`() => chrome.storage.session.set({ 'ui:state': ${JSON.stringify(stale)} })`);
    await popup.close();
    await driver.stopBackground();

    popup = await openPopup(driver);
    await expectView(popup, 'sign-in');
    // And the mirror is the worker's again.
    expect(await popup.evaluate<{ status: string }>(`async () => (await chrome.storage.session.get('ui:state'))['ui:state']`)).toEqual({ status: 'signed-out' });
  });
});
