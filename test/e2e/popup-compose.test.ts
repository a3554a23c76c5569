// The popup as a feed client, in each real browser against the real stack: every view fits
// Chrome's 600 px popup (measured, and saved as screenshots at the popup's size), a crud is
// posted from the popup and is in the API's feed afterwards, the API's 422 shows beside the
// field, the draft survives closing the popup, and "Sign out of all devices" asks first.
// With the keyboard alone: Ctrl+Enter posts and focus stays in the box, a crud that is too long
// says so, the question takes focus and Escape cancels it, giving focus back.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExtensionDriver, ExtensionPage } from '../support/browser-driver.ts';
import { E2E_BROWSERS, closeChecked, launchFor } from '../support/browser-launch.ts';
import { startLocalStack, type LocalStack } from '../support/stack.ts';
import { readyUser, type Tokens, type TestUser } from '../support/users.ts';
import { expectHome, expectView, openPopup, signIn, waitForFocus } from './popup-steps.ts';

/** Chrome's popup is at most 800 × 600 px; past 600 it scrolls the whole page. */
const POPUP_MAX_HEIGHT = 600;

/** The page's full height at the popup's width, and a screenshot to look at. */
async function expectFits(popup: ExtensionPage, name: string): Promise<number> {
  await popup.screenshot(name);
  const height = await popup.evaluate<number>('() => document.documentElement.scrollHeight');
  expect(height, `${name} is ${height} px tall`).toBeLessThanOrEqual(POPUP_MAX_HEIGHT);
  // Fitting by scrolling inside the frame's body does not count: only the home feed may scroll.
  const hidden = await popup.evaluate<number>(
    `() => { const b = document.querySelector('[data-testid=view-body]'); return b ? b.scrollHeight - b.clientHeight : 0; }`,
  );
  expect(hidden, `${name} hides ${hidden} px in its body`).toBeLessThanOrEqual(1);
  // Nor sideways: nothing wider than the popup's 360 px, nothing past its padding.
  const width = await popup.evaluate<number>('() => document.documentElement.scrollWidth');
  expect(width, `${name} is ${width} px wide`).toBeLessThanOrEqual(360);
  const outside = await popup.evaluate<string[]>(`() => {
    const main = document.querySelector('main').getBoundingClientRect();
    const edge = main.right - parseFloat(getComputedStyle(document.querySelector('main')).paddingRight);
    return [...document.querySelectorAll('main button, main select, main textarea, main input')].filter((el) => el.getBoundingClientRect().right > edge + 1).map((el) => el.dataset.testid || el.id || el.textContent.trim());
  }`);
  expect(outside, `${name}: controls past the popup's padding`).toEqual([]);
  return height;
}

async function chooseExpiry(popup: ExtensionPage, ttl: string): Promise<void> {
  await popup.evaluate(`() => {
    const select = document.getElementById('crud-ttl');
    select.value = ${JSON.stringify(ttl)};
    select.dispatchEvent(new Event('change', { bubbles: true }));
  }`);
}

async function apiFeed(stack: LocalStack, tokens: Tokens): Promise<{ uuid: string; message: string; expires_at: string; created_at: string }[]> {
  const res = await fetch(`${stack.apiUrl}/api/activities/home`, { headers: { Authorization: `Bearer ${tokens.accessToken}` } });
  expect(res.status).toBe(200);
  return (await res.json()) as never;
}

/** Cruds posted straight to the API, so the home feed is longer than the popup. */
async function fillFeed(stack: LocalStack, tokens: Tokens, n: number): Promise<void> {
  for (let i = 1; i <= n; i += 1) {
    const res = await fetch(`${stack.apiUrl}/api/activities`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${tokens.accessToken}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ message: `Crud number ${i}, long enough to wrap onto a second line in the popup.`, ttl: '7-days' }),
    });
    expect(res.status).toBe(200);
  }
}

describe.each(E2E_BROWSERS)('%s: the popup as a feed client', (browserName) => {
  let stack: LocalStack;
  let driver: ExtensionDriver;
  let popup: ExtensionPage;
  let user: TestUser;
  let tokens: Tokens;

  beforeAll(async () => {
    stack = await startLocalStack();
    ({ user, tokens } = await readyUser(stack, 'Composer'));
    await fillFeed(stack, tokens, 6);
    driver = await launchFor(browserName, stack);
  });

  afterAll(async () => {
    await closeChecked(driver, stack?.apiUrl);
    await stack?.stop();
  });

  it('fits every signed-out view in 600 px, sign-up with all its errors included; focus goes to the first invalid field', async () => {
    popup = await openPopup(driver);
    await expectView(popup, 'sign-in');
    await expectFits(popup, 'fit-sign-in');
    await popup.click('Sign in');
    await waitForFocus(popup, 'field-email');
    await expectFits(popup, 'fit-sign-in-errors');

    await popup.click('Create account');
    await expectView(popup, 'sign-up');
    await popup.fill('Password', 'short');
    await popup.fill('Password again', 'different');
    await popup.click('Create account');
    await popup.waitFor('error-email');
    await waitForFocus(popup, 'field-name');
    await expectFits(popup, 'fit-sign-up-errors');

    await popup.click('Sign in');
    await expectView(popup, 'sign-in');
    await popup.click('Forgot password?');
    await expectView(popup, 'forgot');
    await expectFits(popup, 'fit-forgot');
    await popup.click('Back to sign in');
    await popup.close();
  });

  it('signs in to a full feed that fits: focus on the heading, only the feed scrolls', async () => {
    popup = await openPopup(driver);
    await signIn(popup, user.email, user.password);
    await expectHome(popup, user);
    expect(await popup.focusedTestId()).toBe('user-name');
    // The six posted here, the welcome crud, and the seeded public cruds.
    expect((await popup.texts('crud')).length).toBeGreaterThanOrEqual(7);
    await popup.waitForText('feed-updated', 'Updated just now');
    // The list is named for what it shows.
    expect(await popup.evaluate<string | null>(`() => document.querySelector('[data-testid=feed]').getAttribute('aria-label')`)).toBe('Your home feed');
    await expectFits(popup, 'fit-home-full-feed');
    const scroller = await popup.evaluate<{ client: number; scroll: number }>(
      `() => { const f = document.querySelector('[data-testid=feed-region]'); return { client: f.clientHeight, scroll: f.scrollHeight }; }`,
    );
    expect(scroller.scroll).toBeGreaterThan(scroller.client);
    for (const name of ['Crud', 'Show feed on this page', 'Sign out', 'Settings', 'Sign out of all devices']) {
      expect(await popup.evaluate<boolean>(`() => [...document.querySelectorAll('button')].some((b) => (b.getAttribute('aria-label') ?? b.textContent).trim() === ${JSON.stringify(name)} && b.getBoundingClientRect().bottom <= ${POPUP_MAX_HEIGHT})`), name).toBe(true);
    }
  });

  it('keeps the composer draft when the popup closes', async () => {
    await popup.fill('What would you like to say?', 'A thought to finish later');
    await chooseExpiry(popup, '3-hours');
    await popup.close();

    popup = await openPopup(driver);
    await expectView(popup, 'home');
    await popup.waitForText('crud-counter', '25/280');
    expect(await popup.value('What would you like to say?')).toBe('A thought to finish later');
    expect(await popup.value('Expires in')).toBe('3-hours');
  });

  it('refuses a crud of only spaces before sending it, beside the field, and keeps the text', async () => {
    const before = (await popup.texts('crud')).length;
    await popup.fill('What would you like to say?', '   ');
    await popup.click('Crud');
    expect(await popup.text('error-crud-message')).toBe('Write something first: spaces alone are not a crud.');
    expect(await popup.value('What would you like to say?')).toBe('   ');
    // Nothing was posted, not even for a moment.
    expect(await popup.texts('crud')).toHaveLength(before);
    await expectFits(popup, 'fit-home-422');
  });

  it('says how much a crud is too long, beside the box, and will not post it', async () => {
    await popup.fill('What would you like to say?', 'x'.repeat(283));
    expect(await popup.text('error-crud-message')).toBe('3 characters too long: a crud holds at most 280.');
    expect(await popup.isDisabled('Crud')).toBe(true);
    await expectFits(popup, 'fit-home-too-long');
    await popup.fill('What would you like to say?', '');
  });

  it('keeps the composer row still while posting: the pending label takes the room of the idle one', async () => {
    const row = () =>
      popup.evaluate<number[]>(`() => ['label[for=crud-ttl]', '#crud-ttl', '[data-testid=crud-counter]', '[data-testid=crud-send]'].map((selector) => {
        const r = document.querySelector(selector).getBoundingClientRect();
        return Math.round(r.left) * 10000 + Math.round(r.width) * 10 + Math.round(r.top);
      })`);
    const idle = await row();
    const pending = (on: boolean) => popup.evaluate(`() => { document.querySelector('[data-testid=crud-send]').dataset.pending = '${on}'; }`);
    await pending(true);
    expect(await popup.evaluate<string>(`() => getComputedStyle(document.querySelector('.composer__label--pending')).visibility`)).toBe('visible');
    expect(await row()).toEqual(idle);
    await pending(false);
  });

  it('posts with Ctrl+Enter from the box, and focus stays there for the next crud', async () => {
    const message = `Posted with the keyboard from ${browserName} ${Date.now()}`;
    await popup.fill('What would you like to say?', message);
    await popup.keyboard('Control+Enter');
    await popup.waitForText('crud-message', message);
    await popup.waitForText('crud-counter', '0/280');
    await waitForFocus(popup, 'field-crud-message');
  });

  it('posts a crud: on top at once, then the API\'s own, and in the API\'s feed afterwards', async () => {
    const message = `Posted from the ${browserName} popup ${Date.now()}`;
    await popup.fill('What would you like to say?', message);
    await chooseExpiry(popup, '1-day');
    await popup.click('Crud');
    await popup.waitForText('crud-message', message);
    // Accepted: the box is empty again, the first crud is no longer pending.
    await popup.waitForText('crud-counter', '0/280');
    // The pressed button was disabled while posting: focus went back to the box, not to <body>.
    await waitForFocus(popup, 'field-crud-message');
    expect(await popup.evaluate<string | null>(`() => document.querySelector('[data-testid=crud]').getAttribute('data-pending')`)).toBeNull();
    await expectFits(popup, 'fit-home-posted');

    const posted = (await apiFeed(stack, tokens)).find((a) => a.message === message);
    expect(posted).toBeDefined();
    const hours = (Date.parse(posted!.expires_at) - Date.parse(posted!.created_at)) / 3_600_000;
    expect(hours).toBeCloseTo(24, 1);
  });

  it('asks before signing out of all devices: focus on Cancel, Escape or Cancel keep the session and give focus back', async () => {
    await popup.click('Sign out of all devices');
    await popup.waitFor('confirm-sign-out-all');
    await waitForFocus(popup, 'sign-out-all-cancel');
    await expectFits(popup, 'fit-home-confirm-sign-out-all');
    await popup.keyboard('Escape');
    await waitForFocus(popup, 'sign-out-all');
    await expectView(popup, 'home');
    await popup.click('Sign out of all devices');
    await waitForFocus(popup, 'sign-out-all-cancel');
    await popup.click('Cancel');
    await waitForFocus(popup, 'sign-out-all');
    await expectView(popup, 'home');
    await popup.click('Sign out of all devices');
    await popup.click('Yes, sign out everywhere');
    await expectView(popup, 'sign-in');
    expect(await popup.text('notice')).toBe('You signed out of all devices.');
    await popup.close();
  });
});
