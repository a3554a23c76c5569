// Every view of the extension passes axe-core with 0 violations, in each browser, light and dark
// (the browser is launched in each colour scheme: `prefers-color-scheme` is what the theme
// follows). One build per browser, two launches. Each view is saved as a screenshot named
// `a11y-<scheme>-<view>` to look at, at the popup's 360 × 600 (Settings and the welcome page too).
//
// With DOCS_SCREENSHOTS=1, the Chromium dark run also writes the README's picture of the popup
// (docs/images/popup-home.png).
import { copyFile, mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildForStack, type StackBuild } from '../support/browser-build.ts';
import type { ExtensionDriver, ExtensionPage } from '../support/browser-driver.ts';
import { E2E_BROWSERS, closeChecked, launchBuilt, targetOf } from '../support/browser-launch.ts';
import { setPoolMfa, userWithMfa } from '../support/mfa-users.ts';
import { startLocalStack, type LocalStack } from '../support/stack.ts';
import { confirm, invitedUser, signUp, uniqueUser, type TestUser } from '../support/users.ts';
import { axeViolations, expectAccessible } from './a11y-steps.ts';
import { expectHome, expectView, openPopup, signIn, waitForFocus } from './popup-steps.ts';

const DOCS_IMAGE = resolve(import.meta.dirname, '../../docs/images/popup-home.png');
const SIZE = { width: 360, height: 600 };

interface Cast {
  /** Signed in at the end: home, Settings, the feed page. A person's name, for the README picture. */
  reader: TestUser;
  unconfirmed: TestUser;
  invited: { user: TestUser; temporary: string };
  totp: TestUser;
  both: TestUser;
  /** No MFA yet: in a pool that requires it, sign-in sets an authenticator up. */
  fresh: TestUser;
}

/** The people each run signs in as (fresh ones per run: an invitation is spent once used). */
async function castFor(stack: LocalStack, run: string): Promise<Cast> {
  // A person's name and handle: the dark run's home is the README's picture.
  const reader: TestUser = { ...uniqueUser(`Reader${run}`), name: 'Ada Lovelace', handle: run === 'dark' ? 'ada' : 'lovelace' };
  await signUp(stack, reader);
  await confirm(stack, reader);
  const unconfirmed = uniqueUser(`Unconfirmed${run}`);
  await signUp(stack, unconfirmed);
  const invited = { user: uniqueUser(`Invited${run}`), temporary: 'Temp-Passw0rd!' };
  await invitedUser(stack, invited.user, invited.temporary);
  const { user: totp } = await userWithMfa(stack, `Totp${run}`, { totp: true });
  const { user: both } = await userWithMfa(stack, `Both${run}`, { totp: true, email: true });
  const fresh = uniqueUser(`Fresh${run}`);
  await signUp(stack, fresh);
  await confirm(stack, fresh);
  return { reader, unconfirmed, invited, totp, both, fresh };
}

describe.each(E2E_BROWSERS)('%s: every view passes axe, light and dark', (browserName) => {
  let stack: LocalStack;
  let build: StackBuild;
  let driver: ExtensionDriver | undefined;

  beforeAll(async () => {
    stack = await startLocalStack();
    await setPoolMfa(stack, 'OPTIONAL');
    build = await buildForStack(stack, { target: targetOf(browserName) });
  });

  afterAll(async () => {
    await closeChecked(driver, stack?.apiUrl);
    await build?.remove();
    await stack?.stop();
  });

  it.each(['light', 'dark'] as const)('%s: the popup, Settings, the feed page and the welcome page', { timeout: 300_000 }, async (scheme) => {
    const cast = await castFor(stack, scheme);
    driver = await launchBuilt(browserName, build.dir, { colorScheme: scheme });
    const check = (page: ExtensionPage, view: string) => expectAccessible(page, `a11y-${scheme}-${view}`);
    const popup = await openPopup(driver);

    // First run: installing opened the welcome page in a tab of its own (the worker opens it on
    // `onInstalled`, which may come after the popup is up: poll, do not read once).
    const tabViews = () => popup.evaluate<string[]>(`() => (globalThis.browser ?? globalThis.chrome).extension.getViews({ type: 'tab' }).map((w) => w.location.pathname)`);
    await expect.poll(tabViews, { timeout: 15_000 }).toContain('/src/welcome/index.html');

    // The check bites: an image without a text alternative is found, then removed.
    await expectView(popup, 'sign-in');
    await popup.evaluate(`() => document.body.append(Object.assign(document.createElement('img'), { id: 'no-alt', src: 'data:,' }))`);
    expect((await axeViolations(popup)).map((v) => v.id)).toContain('image-alt');
    await popup.evaluate(`() => document.getElementById('no-alt').remove()`);

    // Signed out: each form, empty and with its errors (focus on the first invalid field).
    await check(popup, 'sign-in');
    await popup.click('Sign in');
    await waitForFocus(popup, 'field-email');
    await check(popup, 'sign-in-errors');
    await popup.click('Create account');
    await expectView(popup, 'sign-up');
    await popup.click('Create account');
    await waitForFocus(popup, 'field-name');
    await check(popup, 'sign-up-errors');
    await popup.click('Sign in');
    await popup.click('Forgot password?');
    await expectView(popup, 'forgot');
    await check(popup, 'forgot');
    await popup.fill('Email', cast.reader.email);
    await popup.click('Send code');
    await expectView(popup, 'reset');
    await check(popup, 'reset');
    await popup.click('Back to sign in');

    await signIn(popup, cast.unconfirmed.email, cast.unconfirmed.password);
    await expectView(popup, 'confirm');
    await check(popup, 'confirm');
    await popup.click('Back to sign in');

    await signIn(popup, cast.invited.user.email, cast.invited.temporary);
    await expectView(popup, 'new-password');
    await check(popup, 'new-password');
    await popup.click('Back to sign in');

    await signIn(popup, cast.totp.email, cast.totp.password);
    await expectView(popup, 'mfa');
    await popup.waitFor('mfa-form');
    await check(popup, 'mfa-code');
    await popup.click('Back to sign in');
    await signIn(popup, cast.both.email, cast.both.password);
    await popup.waitFor('mfa-choose');
    await check(popup, 'mfa-choose');
    await popup.click('Back to sign in');
    // The authenticator setup (QR code, key in groups, copy button), in a pool that requires MFA.
    await setPoolMfa(stack, 'ON');
    try {
      await signIn(popup, cast.fresh.email, cast.fresh.password);
      await popup.waitFor('mfa-setup');
      await check(popup, 'mfa-setup');
      await popup.click('Back to sign in');
    } finally {
      await setPoolMfa(stack, 'OPTIONAL');
    }

    // Signed in: home, its question, Settings, the feed page beside the tabs.
    await signIn(popup, cast.reader.email, cast.reader.password);
    await expectHome(popup, cast.reader);
    await popup.waitForText('feed-updated', 'Updated just now');
    await check(popup, 'home');
    if (process.env.DOCS_SCREENSHOTS && browserName === 'chromium' && scheme === 'dark') {
      await mkdir(resolve(DOCS_IMAGE, '..'), { recursive: true });
      await copyFile(await popup.screenshot('docs-popup-home'), DOCS_IMAGE);
    }
    await popup.click('Sign out of all devices');
    await popup.waitFor('confirm-sign-out-all');
    await check(popup, 'home-question');
    await popup.click('Cancel');

    const options = await driver.open('options', SIZE);
    await options.waitFor('options-form');
    await options.waitFor('two-step-state', 20_000);
    await check(options, 'options');
    await options.click('Set up authenticator app');
    await options.waitFor('two-step-setup');
    await check(options, 'options-two-step-setup');
    await options.click('Cancel');

    const feed = await driver.open('feed', SIZE);
    await feed.waitForText('panel-list-name', 'Your feed');
    await feed.waitFor('feed');
    await check(feed, 'feed-signed-in');

    const welcome = await driver.open('welcome', SIZE);
    await welcome.waitFor('view-welcome');
    await check(welcome, 'welcome');

    // Signed out again: what every open view shows then.
    await popup.click('Sign out');
    await expectView(popup, 'sign-in');
    expect(await popup.text('notice')).toBe('You have signed out.');
    await check(popup, 'signed-out');
    await feed.waitForText('panel-list-name', 'Public feed');
    await check(feed, 'feed-signed-out');
    await options.waitFor('account-signed-out');
    await check(options, 'options-signed-out');

    await closeChecked(driver, stack.apiUrl);
    driver = undefined;
  });
});
