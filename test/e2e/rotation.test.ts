// A client with refresh-token rotation and no grace period: every refresh answers a new refresh
// token and kills the old one at once. The extension must store each new one before using the
// new access token, and send it next time, or the second refresh signs the user out. 20 s
// tokens (cognito-local and the front honour any lifetime; AWS's minimum is 5 minutes), two
// refreshes in real time (~40 s per browser): the worker's clock is real.
import { UpdateUserPoolClientCommand } from '@aws-sdk/client-cognito-identity-provider';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExtensionDriver } from '../support/browser-driver.ts';
import { E2E_BROWSERS, closeChecked, launchFor } from '../support/browser-launch.ts';
import { startLocalStack, type LocalStack } from '../support/stack.ts';
import { readyUser, stackCognito } from '../support/users.ts';
import { cognitoCalls, expectHome, openPopup, signIn } from './popup-steps.ts';

/** Refresh is due this long before expiry for a 20 s token (a quarter of its life, see token-policy). */
const DUE_BEFORE_EXPIRY_S = 5;
const TOKEN_S = 20;

describe.each(E2E_BROWSERS)('%s: a session on a rotating client', (browserName) => {
  let stack: LocalStack;
  let driver: ExtensionDriver;
  let clientId = '';

  beforeAll(async () => {
    stack = await startLocalStack();
    // The stack's short-lived client, 20 s tokens and rotation on (the API accepts only the stack's clients).
    // UpdateUserPoolClient replaces the whole client, so every setting is spelled out again.
    clientId = stack.shortLivedClientId;
    await stackCognito(stack).send(
      new UpdateUserPoolClientCommand({
        UserPoolId: stack.userPoolId,
        ClientId: clientId,
        ClientName: 'rotating-extension',
        ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
        PreventUserExistenceErrors: 'ENABLED',
        EnableTokenRevocation: true,
        RefreshTokenRotation: { Feature: 'ENABLED', RetryGracePeriodSeconds: 0 },
        AccessTokenValidity: TOKEN_S,
        IdTokenValidity: TOKEN_S,
        RefreshTokenValidity: 30,
        TokenValidityUnits: { AccessToken: 'seconds', IdToken: 'seconds', RefreshToken: 'days' },
      }),
    );
    driver = await launchFor(browserName, stack, { clientId });
  }, 180_000);

  afterAll(async () => {
    await closeChecked(driver, stack?.apiUrl);
    await stack?.stop();
  });

  it('stays signed in across two refreshes, each rotating the refresh token', { timeout: 300_000 }, async () => {
    const { user } = await readyUser(stack, 'Rotator', clientId);
    const popup = await openPopup(driver);
    await signIn(popup, user.email, user.password);
    await expectHome(popup, user);
    for (let round = 0; round < 2; round++) {
      // Sleep past the refresh point of the token in use, then make the popup ask for the feed.
      await new Promise((r) => setTimeout(r, (TOKEN_S - DUE_BEFORE_EXPIRY_S + 3) * 1000));
      await popup.click('Refresh the feed');
      // With grace 0, a refresh sending anything but the latest refresh token signs the user out.
      await expectHome(popup, user);
    }
    if (browserName === 'chromium') {
      // Only CDP reports the worker's own requests: the refreshes were GetTokensFromRefreshToken.
      const refreshes = cognitoCalls(driver.network(), 'GetTokensFromRefreshToken').filter((e) => e.fromServiceWorker);
      expect(refreshes.length).toBeGreaterThanOrEqual(2);
      expect(refreshes.every((e) => e.status === 200)).toBe(true);
      expect(cognitoCalls(driver.network(), 'InitiateAuth').filter((e) => /REFRESH_TOKEN/.test(e.body ?? ''))).toEqual([]);
    }
  });
});
