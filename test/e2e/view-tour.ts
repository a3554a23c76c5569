/**
 * Every view of the extension, one after another, as a person reaches them: the popup's forms
 * (empty and with their errors), each sign-in step, home and its question, Settings, the feed
 * page and the welcome page, then each of them signed out. Written once, in English: in another
 * language the names are looked up in the catalog (lang-steps.ts), so the same tour serves the
 * accessibility suite (axe on each view) and the languages suite (each view in German, Arabic).
 *
 * The browser is launched for one colour scheme and one language; each view is saved as a
 * screenshot at the popup's 360 × 600 (Settings and the welcome page too) and handed to `check`.
 */
import { afterAll, beforeAll, expect } from 'vitest';
import { buildForStack, type StackBuild } from '../support/browser-build.ts';
import type { BrowserName, ExtensionDriver, ExtensionPage, LaunchOptions } from '../support/browser-driver.ts';
import { closeChecked, launchBuilt, targetOf } from '../support/browser-launch.ts';
import { setPoolMfa, userWithMfa } from '../support/mfa-users.ts';
import { startLocalStack, type LocalStack } from '../support/stack.ts';
import { confirm, invitedUser, signUp, uniqueUser, type TestUser } from '../support/users.ts';
import { speaking, type Words } from './lang-steps.ts';
import { expectHome, expectView, openPopup, signIn, waitForFocus } from './popup-steps.ts';

export const TOUR_SIZE = { width: 360, height: 600 };

/**
 * What the runs of one suite (a `describe`, one browser) share: a stack of its own (MFA
 * optional; a tour switches it to required and back, and the reader's @handle is unique per
 * stack), the build for its browser, made when the first run needs it, and the run's browser,
 * closed with its requests checked for tokens (`closeChecked`) after the run, or at the end if
 * the run failed. Call it inside the `describe`: its hooks are the suite's.
 */
export function tourSuite() {
  let stack: LocalStack | undefined;
  let build: Promise<StackBuild> | undefined;
  let driver: ExtensionDriver | undefined;
  const started = () => {
    if (!stack) throw new Error('tourSuite: the stack is not started (call it inside the describe)');
    return stack;
  };
  const close = async () => {
    const open = driver;
    driver = undefined;
    await closeChecked(open, stack?.apiUrl);
  };

  beforeAll(async () => {
    stack = await startLocalStack();
    await setPoolMfa(stack, 'OPTIONAL');
  });
  afterAll(async () => {
    await close();
    await (await build?.catch(() => undefined))?.remove();
    await stack?.stop();
  });

  return {
    get stack(): LocalStack {
      return started();
    },
    /** Launches `browserName` (the suite's one browser) on the suite's build for it. */
    async launch(browserName: BrowserName, o: LaunchOptions): Promise<ExtensionDriver> {
      build ??= buildForStack(started(), { target: targetOf(browserName) });
      driver = await launchBuilt(browserName, (await build).dir, o);
      return driver;
    },
    close,
  };
}

export interface Cast {
  /** Signed in at the end: home, Settings, the feed page. A person's name, for the README picture. */
  reader: TestUser;
  unconfirmed: TestUser;
  invited: { user: TestUser; temporary: string };
  totp: TestUser;
  both: TestUser;
  /** No MFA yet: in a pool that requires it, sign-in sets an authenticator up. */
  fresh: TestUser;
}

/** The people a tour signs in as (fresh ones per tour: an invitation is spent once used). */
export async function castFor(stack: LocalStack, run: string, readerHandle = 'lovelace'): Promise<Cast> {
  const reader: TestUser = { ...uniqueUser(`Reader${run}`), name: 'Ada Lovelace', handle: readerHandle };
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

export interface Tour {
  driver: ExtensionDriver;
  /** A pool whose MFA the tour switches to required for the authenticator setup, then back. */
  stack: LocalStack;
  cast: Cast;
  words: Words;
  /** Called on each view once it shows, with its name (`sign-in`, `home`, `feed-signed-out`…). */
  check(page: ExtensionPage, view: string): Promise<void>;
  /** Called on the signed-in home once its feed is fresh (the README's picture). */
  atHome?(popup: ExtensionPage): Promise<void>;
}

export async function tourEveryView({ driver, stack, cast, words, check, atHome }: Tour): Promise<void> {
  const open = async (path: 'options' | 'feed' | 'welcome') => speaking(await driver.open(path, TOUR_SIZE), words);
  const popup = speaking(await openPopup(driver), words);
  // What the view may show for an English text: its translation, or the English itself while
  // the view is not converted (the view's check reports that).
  const said = (english: string) => [...words.say(english), english];

  // First run: installing opened the welcome page in a tab of its own (the worker opens it on
  // `onInstalled`, which may come after the popup is up: poll, do not read once).
  const tabViews = () => popup.evaluate<string[]>(`() => (globalThis.browser ?? globalThis.chrome).extension.getViews({ type: 'tab' }).map((w) => w.location.pathname)`);
  await expect.poll(tabViews, { timeout: 15_000 }).toContain('/src/welcome/index.html');

  // Signed out: each form, empty and with its errors (focus on the first invalid field).
  await expectView(popup, 'sign-in');
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
  // "Updated just now" in English; in another language its words and Intl's time, once converted.
  if (words.language === 'en') await popup.waitForText('feed-updated', 'Updated just now');
  else await popup.waitFor('feed-updated');
  await check(popup, 'home');
  await atHome?.(popup);
  await popup.click('Sign out of all devices');
  await popup.waitFor('confirm-sign-out-all');
  await check(popup, 'home-question');
  await popup.click('Cancel');

  const options = await open('options');
  await options.waitFor('options-form');
  await options.waitFor('two-step-state', 20_000);
  await check(options, 'options');
  await options.click('Set up authenticator app');
  await options.waitFor('two-step-setup');
  await check(options, 'options-two-step-setup');
  await options.click('Cancel');

  const feed = await open('feed');
  await feed.waitForText('panel-list-name', 'Your feed');
  await feed.waitFor('feed');
  await check(feed, 'feed-signed-in');

  const welcome = await open('welcome');
  await welcome.waitFor('view-welcome');
  await check(welcome, 'welcome');

  // Signed out again: what every open view shows then.
  await popup.click('Sign out');
  await expectView(popup, 'sign-in');
  expect(said('You have signed out.')).toContain(await popup.text('notice'));
  await check(popup, 'signed-out');
  await feed.waitForText('panel-list-name', 'Public feed');
  await check(feed, 'feed-signed-out');
  await options.waitFor('account-signed-out');
  await check(options, 'options-signed-out');
}
