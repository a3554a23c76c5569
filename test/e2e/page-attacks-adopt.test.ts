// "Continue as" against a hostile page on the web app's origin, in each real browser (issue 20):
// the page plants the session of an attacker's account named like the user's. The popup must
// tell it apart (mixed scripts flagged, hidden characters revealed and refused, "not used in this
// browser before"), a hidden click on the framed "Sign in" plus the user's next Enter must adopt
// nothing, and a page inventing sessions and focus events costs Cognito at most the README's
// two GetUser calls a minute. The extension reaches Cognito through a proxy that counts its calls.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebApp, type WebApp } from '../../scripts/web-app/server.ts';
import { GETUSER_BUDGET } from '../../src/background/report-budget.ts';
import { ARM_DELAY_MS } from '../../src/popup/arming.ts';
import { ADOPT_TEXT, displayEmail } from '../../src/popup/offer-check.ts';
import { PANEL_HOST_TAG, type ExtensionDriver, type ExtensionPage } from '../support/browser-driver.ts';
import { E2E_BROWSERS, closeChecked, launchFor } from '../support/browser-launch.ts';
import { countOperation, startCountingProxy, type CountingProxy } from '../support/counting-proxy.ts';
import { startLocalStack, type LocalStack } from '../support/stack.ts';
import { confirm, readyUser, signIn as cognitoSignIn, signUp, type TestUser, type Tokens } from '../support/users.ts';
import { openWithPanel } from './panel-steps.ts';
import { expectHome, expectView, openPopup, signIn } from './popup-steps.ts';
import { plant, signedOutState, spoofedIdToken, until } from './web-app-steps.ts';

/** How long the page below invents sessions and focus events; the budget is per rolling minute. */
const ATTACK_MS = 30_000;

async function readyAs(stack: LocalStack, user: TestUser): Promise<Tokens> {
  await signUp(stack, user);
  await confirm(stack, user);
  return cognitoSignIn(stack, user);
}

/** Whether Continue can be pressed, read right after the popup lost and regained focus (the delay starts again). */
const REARMED = `async () => {
  dispatchEvent(new Event('blur'));
  dispatchEvent(new Event('focus'));
  await new Promise((r) => setTimeout(r, 50));
  const b = document.querySelector('[data-testid=adopt-continue]');
  return { armed: b.dataset.armed, disabled: b.disabled };
}`;

async function expectOffer(driver: ExtensionDriver): Promise<ExtensionPage> {
  await until('the popup to offer the web session', async () => (await signedOutState(driver)) === 'adopt');
  const popup = await openPopup(driver);
  await expectView(popup, 'adopt');
  return popup;
}

/** The popup at 360 × 600 in light and dark, to look at (in the browser's own scheme where the driver cannot switch). */
async function shootBoth(popup: ExtensionPage, name: string): Promise<void> {
  for (const scheme of ['light', 'dark'] as const) {
    if (!(await popup.colorScheme(scheme))) return void (await popup.screenshot(name));
    await popup.screenshot(`${name}-${scheme}`);
  }
}

describe.each(E2E_BROWSERS)('%s: "Continue as" cannot be imitated or pressed by a page', (browserName) => {
  let stack: LocalStack;
  let cognito: CountingProxy;
  // One origin per scenario: each origin's reports have their own GetUser budget.
  let lookalikes: WebApp;
  let genuineApp: WebApp;
  let spam: WebApp;
  let driver: ExtensionDriver;
  let demo: TestUser;

  beforeAll(async () => {
    stack = await startLocalStack();
    cognito = await startCountingProxy(stack.cognitoUrl);
    const config = { cognitoUrl: stack.cognitoUrl, userPoolId: stack.userPoolId, clientId: stack.clientId, apiUrl: stack.apiUrl };
    [lookalikes, genuineApp, spam] = await Promise.all([startWebApp(config), startWebApp(config), startWebApp(config)]);
    driver = await launchFor(browserName, { ...stack, cognitoUrl: cognito.url }, { webAppOrigins: [lookalikes.url, genuineApp.url, spam.url] });
    // The user's own account signs in to the extension once, then out: "used in this browser".
    ({ user: demo } = await readyUser(stack, 'Demo'));
    const popup = await openPopup(driver);
    await signIn(popup, demo.email, demo.password);
    await expectHome(popup, demo);
    await popup.click('Sign out');
    await expectView(popup, 'sign-in');
    await popup.close();
  });

  afterAll(async () => {
    await closeChecked(driver, stack?.apiUrl, { webApp: [lookalikes, genuineApp, spam].map((app) => app?.url ?? '') });
    await cognito?.stop();
    await Promise.all([lookalikes?.close(), genuineApp?.close(), spam?.close()]);
    await stack?.stop();
  });

  it('flags a look-alike (same name, Cyrillic letters in the handle, a capital I for the l) as new here; a hidden click and Enter adopt nothing', async () => {
    const lookalike: TestUser = {
      name: demo.name,
      handle: demo.handle.replace('e', '\u0435').replace('o', '\u043E'),
      email: demo.email.replace(/\.local$/, '.Iocal'),
      password: demo.password,
    };
    const page = await openWithPanel(driver, lookalikes.url);
    await plant(page, stack.clientId, lookalike.email, await readyAs(stack, lookalike));
    await page.reload();
    await until('the framed Sign in', () => page.inPanel<boolean>(`function () { return !!this.querySelector('[data-testid=panel-sign-in]'); }`));

    // The page hides the panel and takes one real click on its "Sign in", which opens the toolbar popup.
    const host = await page.evaluate<number[]>(
      `() => { const h = document.querySelector('${PANEL_HOST_TAG}'); h.style.opacity = '0'; const r = h.getBoundingClientRect(); return [r.x, r.y]; }`,
    );
    const button = await page.inPanel<number[]>(`function () { const r = this.querySelector('[data-testid=panel-sign-in]').getBoundingClientRect(); return [r.x + r.width / 2, r.y + r.height / 2]; }`);
    await page.clickAt((host[0] ?? 0) + (button?.[0] ?? 0), (host[1] ?? 0) + (button?.[1] ?? 0));

    const popup = await expectOffer(driver);
    // Nothing is focused: the user's next Enter, typed anywhere, lands on no button.
    expect(await popup.focusedTestId()).toBeNull();
    expect(await popup.evaluate<boolean>('() => document.activeElement === document.body')).toBe(true);
    // Continue waits for the view to have been visible for a moment, and for a press begun after that.
    expect(await popup.evaluate(REARMED)).toEqual({ armed: 'false', disabled: true });
    await popup.keyboard('Enter');
    await popup.keyboard(' ');
    await new Promise((r) => setTimeout(r, ARM_DELAY_MS + 500));
    expect(await popup.evaluate(`() => document.querySelector('[data-testid=adopt-continue]').dataset.armed`)).toBe('true');
    await popup.keyboard('Enter');
    await new Promise((r) => setTimeout(r, 1000));
    await expectView(popup, 'adopt');
    expect(await popup.texts('view-home')).toEqual([]);

    expect(await popup.text('adopt-who')).toBe(`${lookalike.name}\n@${lookalike.handle}\n${displayEmail(lookalike.email)}\n${ADOPT_TEXT.newHere}`);
    expect(await popup.text('adopt-flags')).toBe(ADOPT_TEXT.mixedHandle('Latin and Cyrillic'));
    await shootBoth(popup, 'adopt-lookalike');
    await popup.click('Not now');
    await expectView(popup, 'sign-in');
    await popup.close();
    await page.close();
  });

  it('reveals hidden characters in the name and handle (bidi isolates, a zero-width space) and refuses the offer with a plain sentence', async () => {
    const hidden: TestUser = {
      name: `\u2067${demo.name}\u2069`,
      handle: `${demo.handle}\u200B`,
      email: demo.email.replace(/^[^-]+/, 'hidden'),
      password: demo.password,
    };
    const page = await openWithPanel(driver, lookalikes.url);
    await plant(page, stack.clientId, hidden.email, await readyAs(stack, hidden));
    await page.reload();
    const popup = await expectOffer(driver);
    expect(await popup.text('adopt-refused')).toBe(ADOPT_TEXT.hidden);
    expect(await popup.texts('adopt-hidden')).toEqual(['U+2067', 'U+2069', 'U+200B']);
    expect(await popup.evaluate<string>(`() => document.querySelector('h1').textContent`)).toBe(`Continue as @${demo.handle}[U+200B]`);
    expect(await popup.texts('adopt-continue')).toEqual([]);
    await shootBoth(popup, 'adopt-hidden-characters');
    await popup.click('Sign in instead');
    await expectView(popup, 'sign-in');
    await popup.close();
    await page.close();
  });

  it('says the user’s own account was used in this browser before, with nothing flagged', async () => {
    const page = await openWithPanel(driver, genuineApp.url);
    await plant(page, stack.clientId, demo.email, await cognitoSignIn(stack, demo));
    await page.reload();
    const popup = await expectOffer(driver);
    expect(await popup.text('adopt-who')).toBe(`${demo.name}\n@${demo.handle}\n${demo.email}\n${ADOPT_TEXT.usedBefore}`);
    expect(await popup.texts('adopt-flags')).toEqual([]);
    await shootBoth(popup, 'adopt-used-before');
    await popup.click('Not now');
    await popup.close();
    await page.close();
  });

  it(`costs Cognito at most ${GETUSER_BUDGET} GetUser calls while a page invents a session every 50 ms and dispatches focus events nonstop`, async () => {
    const { user: mallory, tokens } = await readyUser(stack, 'Mallory');
    const page = await openWithPanel(driver, spam.url);
    await page.bringToFront();
    const forged = spoofedIdToken(tokens.accessToken, { sub: 'forged', username: 'forged' });
    const since = Date.now();
    // Issue 20's page: a valid access token beside a made-up refresh token per report, forged
    // access tokens in between, and synthetic focus events, which made 1,038 GetUser a minute.
    const rounds = await page.evaluate<number>(`async () => {
      const p = 'CognitoIdentityServiceProvider.' + ${JSON.stringify(stack.clientId)};
      const u = ${JSON.stringify(mallory.email)};
      const end = Date.now() + ${ATTACK_MS};
      let n = 0;
      while (Date.now() < end) {
        localStorage.setItem(p + '.LastAuthUser', u);
        localStorage.setItem(p + '.' + u + '.accessToken', n % 2 ? ${JSON.stringify(forged)} : ${JSON.stringify(tokens.accessToken)});
        localStorage.setItem(p + '.' + u + '.refreshToken', 'made-up-' + n + '-' + Math.random());
        for (let i = 0; i < 20; i++) {
          dispatchEvent(new Event('focus'));
          document.dispatchEvent(new Event('visibilitychange'));
        }
        n += 1;
        await new Promise((r) => setTimeout(r, 50));
      }
      return n;
    }`);
    await new Promise((r) => setTimeout(r, 3000));
    expect(rounds).toBeGreaterThan(ATTACK_MS / 100);
    const getUser = countOperation(cognito, 'GetUser', since);
    expect(getUser, `${getUser} GetUser calls`).toBeGreaterThanOrEqual(1);
    expect(getUser).toBeLessThanOrEqual(GETUSER_BUDGET);
    // Reports never refresh anything.
    expect(countOperation(cognito, 'InitiateAuth', since) + countOperation(cognito, 'GetTokensFromRefreshToken', since)).toBe(0);
    await page.close();
  }, 90_000);
});
