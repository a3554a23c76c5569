// The old web app copied the access token once and went anonymous an hour later. Here a build
// with the stack's short-lived client (60 s tokens) shows the background refreshing the token
// with GetTokensFromRefreshToken and the next feed load succeeding with the new one, unseen by the user.
// This is the one e2e test that waits in real time (~50 s): the worker's clock is real.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExtensionDriver } from '../support/browser-driver.ts';
import { closeChecked, launchFor } from '../support/browser-launch.ts';
import { startLocalStack, type LocalStack } from '../support/stack.ts';
import { readyUser } from '../support/users.ts';
import { cognitoCalls, expectHome, feedCalls, jwtClaims, openPopup, signIn, waitForNetwork } from './popup-steps.ts';

/** Refresh is due this long before expiry for a 60 s token (a quarter of its life, see token-policy). */
const DUE_BEFORE_EXPIRY_S = 15;

// Chromium only: the proof is the worker's own requests, which only CDP reports.
describe.each(['chromium'] as const)('%s: an expiring access token is refreshed transparently', (browserName) => {
  let stack: LocalStack;
  let driver: ExtensionDriver;

  beforeAll(async () => {
    stack = await startLocalStack();
    driver = await launchFor(browserName, stack, { clientId: stack.shortLivedClientId });
  });

  afterAll(async () => {
    await closeChecked(driver, stack?.apiUrl);
    await stack?.stop();
  });

  it('refreshes with GetTokensFromRefreshToken and the next feed load is a 200 with the new token', { timeout: 120_000 }, async () => {
    const { user } = await readyUser(stack, 'Refresher', stack.shortLivedClientId);
    const popup = await openPopup(driver);
    await signIn(popup, user.email, user.password);
    await expectHome(popup, user);

    const first = feedCalls(driver.network()).findLast((e) => e.fromServiceWorker && e.status === 200);
    const firstClaims = jwtClaims(first?.headers.authorization) as { iat: number; exp: number; client_id: string };
    expect(firstClaims.client_id).toBe(stack.shortLivedClientId);
    expect(firstClaims.exp - firstClaims.iat).toBe(60);

    // Sleep until the token is past its refresh point, a few seconds before it expires.
    const refreshDueMs = (firstClaims.exp - DUE_BEFORE_EXPIRY_S + 3) * 1000;
    await new Promise((r) => setTimeout(r, Math.max(0, refreshDueMs - Date.now())));
    const clickedAt = Date.now();
    await popup.click('Refresh the feed');

    const refresh = await waitForNetwork(driver, 'a GetTokensFromRefreshToken call', (log) =>
      cognitoCalls(log, 'GetTokensFromRefreshToken').find((e) => e.at > first!.at),
    );
    expect(refresh.fromServiceWorker).toBe(true);
    expect(await waitForNetwork(driver, 'the refresh answer', () => refresh.status ?? undefined)).toBe(200);

    const next = await waitForNetwork(driver, 'a 200 feed load with the refreshed token', (log) =>
      feedCalls(log).find((e) => e.at >= clickedAt && e.status === 200 && jwtClaims(e.headers.authorization).iat !== firstClaims.iat),
    );
    const nextClaims = jwtClaims(next.headers.authorization) as { iat: number; client_id: string; token_use: string };
    expect(nextClaims).toMatchObject({ client_id: stack.shortLivedClientId, token_use: 'access' });
    expect(nextClaims.iat).toBeGreaterThan(firstClaims.iat);

    // The user saw none of it: still home, still their feed.
    await expectHome(popup, user);
  });
});
