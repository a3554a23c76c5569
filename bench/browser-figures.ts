/**
 * The popup's two user-facing figures in Chromium and Firefox, side by side from one run:
 * - open → display name shown (signed in): the popup page opened afresh each time;
 * - sign-in by SRP through the popup's form: submit → home view shown (the background signs in
 *   with the Cognito front's SRP, native maths, then GetUser).
 *
 * Both are taken in the page, by the same script in both browsers (see OBSERVER): a
 * MutationObserver notes `performance.now()` (from the page's time origin) when the name is in
 * the DOM, when the form is submitted, and when the home view is in the DOM. The times do not include the drivers' round trips, which differ
 * (CDP vs WebDriver BiDi). The browsers alternate round by round, so machine drift biases
 * neither.
 */
import type { Page as PlaywrightPage } from 'playwright-core';
import type { Page as PuppeteerPage } from 'puppeteer-core';
import { buildForStack, type StackBuild } from '../test/support/browser-build.ts';
import { startChromium } from '../test/support/browser-chromium.ts';
import { EXTENSION_PATHS, type BrowserName } from '../test/support/browser-driver.ts';
import { bidiNavigate, closeFirefox, startFirefox } from '../test/support/browser-firefox.ts';
import type { StackInfo } from '../test/support/stack.ts';
import { confirm, signUp, uniqueUser, type TestUser } from '../test/support/users.ts';
import { round, summarise, withTimeout, type Summary } from './stats.ts';

export interface BrowserFigures {
  browser: BrowserName;
  /** Open → display name in the DOM, from the page's time origin (ms). */
  nameShown: Summary;
  /** Opens where the name was already shown when the observer landed (their figure is an upper bound). */
  lateOpens: number;
  /** Sign-in form submitted → home view in the DOM (ms). */
  signIn: Summary;
}

export interface BrowserFiguresResult {
  rounds: { open: number; signIn: number };
  browsers: BrowserFigures[];
  /** Firefox median / Chromium median, per figure (when both ran). */
  firefoxOverChromium: { nameShown: number; signIn: number } | null;
}

interface Times {
  late: boolean;
  name: number | null;
  submit: number | null;
  home: number | null;
}

/**
 * The timing observer. Chromium runs it as an init script, before the popup's own scripts;
 * Firefox runs no preload script in extension pages, so there it is installed by polling right
 * after navigation starts. If the name is already there when it lands, that open's figure is
 * the install time: an upper bound, counted in `late`.
 */
const OBSERVER = `() => {
  if (!location.pathname.endsWith('/${EXTENSION_PATHS.popup}')) return false;
  if (globalThis.__cruddurTimes) return true;
  const t = { name: null, submit: null, home: null, late: false };
  globalThis.__cruddurTimes = t;
  const check = () => {
    const name = document.querySelector('[data-testid="user-name"]');
    if (t.name === null && name && name.textContent.trim()) t.name = performance.now();
    if (t.submit !== null && t.home === null && document.querySelector('[data-testid="view-home"]')) t.home = performance.now();
  };
  check();
  t.late = t.name !== null;
  document.addEventListener('submit', () => { if (t.submit === null) t.submit = performance.now(); }, true);
  new MutationObserver(check).observe(document, { subtree: true, childList: true, characterData: true });
  return true;
}`;

const TIMES = `() => globalThis.__cruddurTimes ?? null`;
const runtime = `(globalThis.browser ?? globalThis.chrome).runtime`;

/** A popup page, opened with the observer in place; `evaluate` takes a no-argument function's source. */
interface TimedPage {
  evaluate<T>(fn: string): Promise<T>;
  close(): Promise<void>;
}
interface TimedBrowser {
  name: BrowserName;
  openPopup(): Promise<TimedPage>;
  close(): Promise<void>;
}

async function chromium(dir: string): Promise<TimedBrowser> {
  const session = await startChromium(dir);
  // Chromium runs init scripts in extension pages: the observer is in place before the popup's scripts.
  await session.context.addInitScript({ content: `(${OBSERVER})()` });
  const url = `chrome-extension://${session.extensionId}/${EXTENSION_PATHS.popup}`;
  const wrap = (page: PlaywrightPage): TimedPage => ({ evaluate: (fn) => page.evaluate(`(${fn})()`), close: () => page.close() });
  return {
    name: 'chromium',
    async openPopup() {
      const page = await session.context.newPage();
      await page.goto(url, { waitUntil: 'commit' });
      return observed(wrap(page));
    },
    close: () => session.close(),
  };
}

async function firefox(dir: string): Promise<TimedBrowser> {
  const { browser, origin } = await startFirefox(dir);
  const url = `${origin}/${EXTENSION_PATHS.popup}`;
  const wrap = (page: PuppeteerPage): TimedPage => ({ evaluate: <T>(fn: string) => page.evaluate(`(${fn})()`) as Promise<T>, close: () => page.close() });
  return {
    name: 'firefox',
    async openPopup() {
      const page = await browser.newPage();
      await page.setViewport({ width: 360, height: 600 });
      await bidiNavigate(page, url);
      return observed(wrap(page));
    },
    close: () => closeFirefox(browser),
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Installs the observer as early as the popup document can be reached. */
async function observed(page: TimedPage): Promise<TimedPage> {
  const deadline = Date.now() + 20_000;
  // An evaluate that lands during the navigation fails or finds the blank page: try again.
  while (!(await page.evaluate<boolean>(OBSERVER).catch(() => false))) {
    if (Date.now() > deadline) throw new Error('the popup page never loaded');
  }
  return page;
}

/** Polls the page until `pick` finds what it waits for in its times; names the step on timeout. */
async function until(page: TimedPage, what: string, pick: (t: Times) => number | null, ms = 30_000): Promise<number> {
  const deadline = Date.now() + ms;
  let last: Times | null = null;
  while (Date.now() < deadline) {
    // Right after navigation the page may still be the blank one, without the observer.
    last = await page.evaluate<Times | null>(TIMES).catch(() => null);
    const value = last ? pick(last) : null;
    if (value !== null) return value;
    await sleep(50);
  }
  throw new Error(`${what}: not seen within ${ms} ms (times in the page: ${JSON.stringify(last)})`);
}

async function openUntilName(b: TimedBrowser): Promise<{ ms: number; late: boolean }> {
  const page = await b.openPopup();
  try {
    const ms = await until(page, `${b.name}: the popup showing the display name`, (t) => t.name);
    return { ms, late: (await page.evaluate<Times>(TIMES)).late };
  } finally {
    await page.close();
  }
}

/** Signs out through the background, then signs in through the popup's form; submit → home. */
async function signInThroughForm(b: TimedBrowser, user: TestUser): Promise<number> {
  const page = await b.openPopup();
  try {
    await until(page, `${b.name}: the popup loading`, () => 0);
    await page.evaluate(`() => ${runtime}.sendMessage({ type: 'auth/sign-out', payload: { global: false } })`);
    const form = `() => {
      const field = (label) => [...document.querySelectorAll('label')].find((l) => l.textContent.trim() === label || l.firstChild?.textContent?.trim() === label)?.control ?? null;
      const email = field('Email'), password = field('Password');
      if (!email || !password) return false;
      for (const [el, value] of [[email, ${JSON.stringify(user.email)}], [password, ${JSON.stringify(user.password)}]]) {
        el.value = value;
        el.dispatchEvent(new Event('input', { bubbles: true }));
      }
      return true;
    }`;
    const deadline = Date.now() + 20_000;
    while (!(await page.evaluate<boolean>(form))) {
      if (Date.now() > deadline) throw new Error(`${b.name}: the sign-in form never showed`);
      await sleep(50);
    }
    // A separate step, as typing then clicking is: the form's state has settled by then.
    await page.evaluate(`() => [...document.querySelectorAll('button')].find((b) => b.textContent.trim() === 'Sign in').click()`);
    const submit = await until(page, `${b.name}: the form submitted`, (t) => t.submit);
    const home = await until(page, `${b.name}: home after sign-in`, (t) => t.home);
    return home - submit;
  } finally {
    await page.close();
  }
}

export async function browserFigures(stack: StackInfo, browsers: readonly BrowserName[], o = { opens: 10, signIns: 5 }): Promise<BrowserFiguresResult> {
  const user = uniqueUser('bench-browsers');
  await signUp(stack, user);
  await confirm(stack, user);
  const builds: StackBuild[] = [];
  const open: TimedBrowser[] = [];
  try {
    for (const name of browsers) {
      const build = await withTimeout(buildForStack(stack, { target: name === 'chromium' ? 'chrome' : 'firefox' }), 180_000, `building for ${name}`);
      builds.push(build);
      open.push(await withTimeout((name === 'chromium' ? chromium : firefox)(build.dir), 90_000, `launching ${name}`));
    }
    const names = new Map(open.map((b) => [b.name, [] as { ms: number; late: boolean }[]]));
    const signIns = new Map(open.map((b) => [b.name, [] as number[]]));
    // One warm-up sign-in each (module load, first connections), then the rounds, browsers alternating.
    for (const b of open) await signInThroughForm(b, user);
    for (let i = 0; i < o.signIns; i += 1) {
      for (const b of i % 2 === 0 ? open : [...open].reverse()) signIns.get(b.name)?.push(await signInThroughForm(b, user));
    }
    for (let i = 0; i < o.opens; i += 1) {
      for (const b of i % 2 === 0 ? open : [...open].reverse()) names.get(b.name)?.push(await openUntilName(b));
    }
    const figures = open.map((b): BrowserFigures => ({ browser: b.name, nameShown: summarise((names.get(b.name) ?? []).map((n) => n.ms)), lateOpens: (names.get(b.name) ?? []).filter((n) => n.late).length, signIn: summarise(signIns.get(b.name) ?? []) }));
    const ch = figures.find((f) => f.browser === 'chromium');
    const ff = figures.find((f) => f.browser === 'firefox');
    return {
      rounds: { open: o.opens, signIn: o.signIns },
      browsers: figures,
      firefoxOverChromium: ch && ff ? { nameShown: round(ff.nameShown.p50 / ch.nameShown.p50), signIn: round(ff.signIn.p50 / ch.signIn.p50) } : null,
    };
  } finally {
    for (const b of open) await b.close().catch(() => undefined);
    for (const build of builds) await build.remove();
  }
}
