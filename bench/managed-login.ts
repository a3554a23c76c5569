/**
 * Click → feed in the popup through each door, side by side in one Chromium (section
 * `managed-login`): the popup's own form (SRP), managed login's hosted page ("Use the sign-in
 * page", email and password there), and federation ("Continue with StandIn": managed login sends
 * the browser to the stand-in OpenID provider and back). The three alternate round by round, and
 * which goes first rotates, so machine drift biases none; the popup signs out between rounds
 * (for the managed-login doors that also revokes the refresh token and ends the hosted session,
 * so every round signs in afresh), and the provider's own session lasts one second, so each
 * federated round signs in on its page again.
 *
 * Times are wall-clock milliseconds (`performance.timeOrigin + performance.now()` in the pages,
 * `Date.now()` in Node: one machine, one clock). In the popup an observer notes every `submit`
 * and button click as the page receives it, and when the first crud of a feed appears:
 * - `submitToFeed`: the last step of the sign-in → the first crud of the feed in the popup: what
 *   the user waits for once they have done their part. For SRP the popup's own `submit` event;
 *   for the other two the moment Node asks the driver to click "Sign in" on the hosted or
 *   provider page (the auth window runs no script of ours), so those include the driver's click
 *   round trip: an upper bound.
 * - `clickToFeed`: the popup's button click → the feed, with a scripted user typing on the pages
 *   in between (the driver finds the auth window by polling every 100 ms).
 * The driver's own click on the popup's "Sign in" can take seconds to land (Playwright waits
 * for the button to be actionable), which is why nothing here starts the clock in Node before a
 * popup click.
 */
import { setUpManagedLogin } from '../scripts/lib/managed-login-setup.ts';
import { STAND_IN_ACCOUNT, STAND_IN_PROVIDER_NAME, startStandInProvider } from '../scripts/oidc-provider/stand-in-provider.ts';
import type { ExtensionDriver, ExtensionPage } from '../test/support/browser-driver.ts';
import { launchFor } from '../test/support/browser-launch.ts';
import type { StackInfo } from '../test/support/stack.ts';
import { readyUser, stackCognito } from '../test/support/users.ts';
import { round, summarise, withTimeout, type Summary } from './stats.ts';

export type Door = 'srp' | 'hosted' | 'federated';
export const DOORS: readonly Door[] = ['srp', 'hosted', 'federated'];

export interface DoorFigures {
  door: Door;
  submitToFeed: Summary;
  clickToFeed: Summary;
}

export interface ManagedLoginBench {
  rounds: number;
  doors: DoorFigures[];
  /** Medians over SRP's: submit → feed. */
  overSrp: { hosted: number; federated: number };
}

const PROVIDER_SESSION_S = 1;
const LABELS: Record<Door, string> = { srp: 'Sign in', hosted: 'Use the sign-in page', federated: `Continue with ${STAND_IN_PROVIDER_NAME}` };

interface PageTimes {
  submit: number[];
  click: [string, number][];
  feed: number[];
}

/** The popup's observer: submits, button clicks (by label) and each time a feed's first crud appears. */
const OBSERVER = `() => {
  if (globalThis.__doorTimes) return;
  const t = { submit: [], click: [], feed: [] };
  globalThis.__doorTimes = t;
  const now = () => performance.timeOrigin + performance.now();
  document.addEventListener('submit', () => t.submit.push(now()), true);
  document.addEventListener('click', (e) => {
    const button = e.target instanceof Element ? e.target.closest('button') : null;
    if (button) t.click.push([button.textContent.trim(), now()]);
  }, true);
  let shown = false;
  new MutationObserver(() => {
    const has = document.querySelector('[data-testid="crud-message"]') !== null;
    if (has && !shown) t.feed.push(now());
    shown = has;
  }).observe(document, { subtree: true, childList: true, characterData: true });
}`;
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export async function managedLoginBench(stack: StackInfo, rounds = 5): Promise<ManagedLoginBench> {
  const idp = await startStandInProvider({ redirectUris: [`${stack.managedLoginUrl}/oauth2/idpresponse`], sessionSeconds: PROVIDER_SESSION_S });
  let driver: ExtensionDriver | undefined;
  try {
    driver = await withTimeout(launchFor('chromium', stack, { managedLogin: { domain: stack.managedLoginUrl, providers: [STAND_IN_PROVIDER_NAME] } }), 240_000, 'building and launching Chromium');
    const popup = await driver.open('popup');
    const redirectUrl = await popup.evaluate<string>('() => chrome.identity.getRedirectURL()');
    const sdk = stackCognito(stack);
    const provider = { name: STAND_IN_PROVIDER_NAME, issuer: idp.issuer, clientId: idp.clientId, clientSecret: idp.clientSecret };
    await setUpManagedLogin(sdk, { userPoolId: stack.userPoolId, clientId: stack.clientId, callbackUrls: [redirectUrl], logoutUrls: [redirectUrl], provider });
    sdk.destroy();
    const { user } = await readyUser(stack, 'bench-doors');
    const atHostedLogin = new RegExp(`^${escape(stack.managedLoginUrl)}/login\\?`);
    const atProvider = new RegExp(`^${escape(idp.issuer)}/interaction/`);
    let providerSignedInAt = 0;

    const d = driver;
    await popup.evaluate(OBSERVER);
    const times = () => popup.evaluate<PageTimes>('() => globalThis.__doorTimes');
    const through: Record<Door, () => Promise<{ submit?: number }>> = {
      srp: async () => {
        await popup.fill('Email', user.email);
        await popup.fill('Password', user.password);
        await popup.click('Sign in');
        return {};
      },
      hosted: async () => {
        await popup.click('Use the sign-in page');
        const page = await d.authWindow(atHostedLogin);
        await page.fill('Email', user.email);
        await page.fill('Password', user.password);
        const submit = Date.now();
        await page.click('Sign in');
        return { submit };
      },
      federated: async () => {
        // The provider's own session must be over, or it would answer without its page.
        await new Promise((r) => setTimeout(r, Math.max(0, providerSignedInAt + PROVIDER_SESSION_S * 1000 + 300 - Date.now())));
        await popup.click(`Continue with ${STAND_IN_PROVIDER_NAME}`);
        const page = await d.authWindow(atProvider);
        await page.fill('Email', STAND_IN_ACCOUNT.email);
        await page.fill('Password', STAND_IN_ACCOUNT.password);
        const submit = Date.now();
        await page.click('Sign in');
        providerSignedInAt = submit;
        return { submit };
      },
    };

    const once = async (door: Door) => {
      await popup.waitFor('view-sign-in', 30_000);
      const before = await times();
      const { submit } = await through[door]();
      await popup.waitFor('crud-message', 30_000);
      const after = await times();
      const feed = after.feed.slice(before.feed.length)[0];
      const clicked = after.click.slice(before.click.length).find(([label]) => label === LABELS[door])?.[1];
      const submitted = door === 'srp' ? after.submit.slice(before.submit.length).at(-1) : submit;
      if (feed === undefined || clicked === undefined || submitted === undefined) throw new Error(`${door}: the popup's observer missed the click, the submit or the feed`);
      await signOut(popup);
      return { clickToFeed: round(feed - clicked, 1), submitToFeed: round(feed - submitted, 1) };
    };

    // One warm-up per door (first connections, the worker's lazy modules), then the rounds.
    for (const door of DOORS) await once(door);
    const samples = new Map(DOORS.map((door) => [door, { clickToFeed: [] as number[], submitToFeed: [] as number[] }]));
    for (let i = 0; i < rounds; i += 1) {
      const order = DOORS.map((_, k) => DOORS[(i + k) % DOORS.length] as Door);
      for (const door of order) {
        const t = await once(door);
        samples.get(door)?.clickToFeed.push(t.clickToFeed);
        samples.get(door)?.submitToFeed.push(t.submitToFeed);
      }
    }
    const doors = DOORS.map((door): DoorFigures => ({ door, submitToFeed: summarise(samples.get(door)?.submitToFeed ?? []), clickToFeed: summarise(samples.get(door)?.clickToFeed ?? []) }));
    const median = (door: Door) => doors.find((f) => f.door === door)?.submitToFeed.p50 ?? NaN;
    return { rounds, doors, overSrp: { hosted: round(median('hosted') / median('srp')), federated: round(median('federated') / median('srp')) } };
  } finally {
    await driver?.close().catch(() => undefined);
    await idp.close();
  }
}

/** Sign out from home and wait for the sign-in view (a managed-login sign-out also ends the hosted session). */
async function signOut(popup: ExtensionPage): Promise<void> {
  await popup.click('Sign out');
  await popup.waitFor('view-sign-in', 30_000);
}
