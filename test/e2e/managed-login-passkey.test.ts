// Passkeys from the extension, in Chromium with a virtual authenticator (DevTools `WebAuthn`; the
// other browsers have no such authenticator to drive). Settings → "Add a passkey" opens managed
// login's `/passkeys/add` in the browser's auth window; after sign-out, the popup's "Use the
// sign-in page" and "Sign in with a passkey" sign the same user in with no password typed. Each
// auth window is a page of its own, so each gets the virtual authenticator, the second one
// holding the passkey the first one made (the same device, as a platform authenticator is).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ListWebAuthnCredentialsCommand } from '@aws-sdk/client-cognito-identity-provider';
import { setUpManagedLogin } from '../../scripts/lib/managed-login-setup.ts';
import type { ExtensionDriver, ExtensionPage, VirtualCredential } from '../support/browser-driver.ts';
import { closeChecked, launchFor } from '../support/browser-launch.ts';
import { startLocalStack, type LocalStack } from '../support/stack.ts';
import { readyUser, signIn, stackCognito, type TestUser } from '../support/users.ts';
import { expectAccessible } from './a11y-steps.ts';
import { expectHome, expectView, openPopup } from './popup-steps.ts';
import { until } from './web-app-steps.ts';

// Settings' words (src/options/passkeys.tsx, which needs the extension's APIs to load).
const PASSKEY_SENTENCES = {
  add: 'Add a passkey',
  added: 'Passkey added. Next time, choose “Use the sign-in page” and “Sign in with a passkey”.',
};
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe('chromium: passkeys through managed login', () => {
  let stack: LocalStack;
  let driver: ExtensionDriver;
  let popup: ExtensionPage;
  let user: TestUser;
  let atHosted: (path: string) => RegExp;
  let passkeys: VirtualCredential[] = [];

  beforeAll(async () => {
    stack = await startLocalStack();
    // The relying party is managed login's host: `localhost` (WebAuthn refuses an IP address).
    expect(new URL(stack.managedLoginUrl).hostname).toBe('localhost');
    atHosted = (path) => new RegExp(`^${escape(stack.managedLoginUrl)}${escape(path)}\\?`);
    driver = await launchFor('chromium', stack, { managedLogin: { domain: stack.managedLoginUrl, providers: [] } });
    popup = await openPopup(driver);
    const redirectUrl = await popup.evaluate<string>('() => chrome.identity.getRedirectURL()');
    const sdk = stackCognito(stack);
    await setUpManagedLogin(sdk, { userPoolId: stack.userPoolId, clientId: stack.clientId, callbackUrls: [redirectUrl], logoutUrls: [redirectUrl] });
    sdk.destroy();
    ({ user } = await readyUser(stack, 'passkey-ext'));
  });

  afterAll(async () => {
    await closeChecked(driver, stack?.apiUrl);
    await stack?.stop();
  });

  it('signs in on the sign-in page with the password, then adds a passkey from Settings', async () => {
    await popup.click('Use the sign-in page');
    const login = await driver.authWindow(atHosted('/login'));
    await login.fill('Email', user.email);
    await login.fill('Password', user.password);
    await login.click('Sign in');
    await expectHome(popup, user);

    const options = await driver.open('options', { width: 800, height: 1000 });
    try {
      await options.waitFor('passkeys');
      await expectAccessible(options, 'passkeys-settings');
      await options.click(PASSKEY_SENTENCES.add);
      // The hosted session from that sign-in: straight to managed login's "Add a passkey".
      const add = await driver.authWindow(atHosted('/passkeys/add'));
      const authenticator = await add.virtualAuthenticator?.();
      if (!authenticator) throw new Error('this driver has no virtual authenticator');
      await add.screenshot('managed-login-passkey-add');
      await add.click('Add a passkey');
      await options.waitForText('passkey-notice', PASSKEY_SENTENCES.added);
      passkeys = authenticator.added();
      expect(passkeys).toEqual([expect.objectContaining({ rpId: 'localhost', isResidentCredential: true })]);
      expect((await options.texts('passkey-error')).filter(Boolean)).toEqual([]);
    } finally {
      await options.close();
    }
    // Cognito lists it for the user, for managed login's host.
    const sdk = stackCognito(stack);
    const listed = await sdk.send(new ListWebAuthnCredentialsCommand({ AccessToken: (await signIn(stack, user)).accessToken }));
    sdk.destroy();
    expect(listed.Credentials).toEqual([expect.objectContaining({ RelyingPartyId: 'localhost' })]);
  });

  it('closing the "Add a passkey" window adds nothing and says nothing', async () => {
    const options = await driver.open('options', { width: 800, height: 1000 });
    try {
      await options.click(PASSKEY_SENTENCES.add);
      const add = await driver.authWindow(atHosted('/passkeys/add'));
      await add.close();
      await until('the button to come back', async () => !(await options.isDisabled(PASSKEY_SENTENCES.add)));
      expect((await options.texts('passkey-notice')).filter(Boolean)).toEqual([]);
      expect((await options.texts('passkey-error')).filter(Boolean)).toEqual([]);
    } finally {
      await options.close();
    }
  });

  it('after sign-out, "Use the sign-in page" → "Sign in with a passkey" → the feed, with no password typed', async () => {
    expect(passkeys).toHaveLength(1);
    await popup.click('Sign out');
    await expectView(popup, 'sign-in');
    const before = driver.network().length;
    await popup.click('Use the sign-in page');
    // Sign-out ended the hosted session: the sign-in page asks again.
    const login = await driver.authWindow(atHosted('/login'));
    await login.virtualAuthenticator?.(passkeys);
    await login.click('Sign in with a passkey');
    await expectHome(popup, user);
    const posts = driver.network().slice(before).filter((r) => r.method === 'POST' && r.url.startsWith(`${stack.managedLoginUrl}/login?`));
    expect(posts.map((r) => new URLSearchParams(r.body ?? '').get('step'))).toEqual(['passkey']);
    expect(posts.some((r) => new URLSearchParams(r.body ?? '').has('password'))).toBe(false);
  });
});
