/**
 * The refresh economy in a real browser: one Cognito refresh for a burst of feed loads started
 * together from every kind of context the extension has (popup tabs, options tabs, and the
 * feed frame of the in-page panel on the web app), on an access token that has really expired.
 *
 * - The extension is built with the stack's 60-s client and a counting proxy as its Cognito
 *   endpoint (bench/cognito-proxy.ts): every call of every context is seen there.
 * - From sign-in on, the bench keeps clearing the extension's refresh alarm (from the first
 *   popup tab, every 0.5 s, with a `settings/get` message that keeps the background from idling
 *   out) while it opens the other tabs and waits past the token's `exp`. The alarm's early
 *   refresh is the economy working as designed, but it would hand the burst a fresh token and
 *   prove nothing about concurrent callers; a browser that slept through the alarm meets the
 *   expired token exactly so. `refreshesBeforeBurst` says whether it worked (run.ts counts
 *   the figure only when it is 0).
 * - Each context then sends its share of `feed/home` messages at once, through the same
 *   `runtime.sendMessage` and router its UI uses. Every answer must be a personalised feed (the
 *   token was attached); the proxy must have seen one refresh.
 *
 * Runs in Chromium (Playwright) and Firefox (puppeteer over WebDriver BiDi) with the same steps.
 */
import { startWebApp, type WebApp } from '../scripts/web-app/server.ts';
import { openWithPanel, expectPanelState } from '../test/e2e/panel-steps.ts';
import type { BrowserName, ExtensionDriver, ExtensionPage, WebPage } from '../test/support/browser-driver.ts';
import { launchFor } from '../test/support/browser-launch.ts';
import type { StackInfo } from '../test/support/stack.ts';
import { readyUser } from '../test/support/users.ts';
import { isRefresh, startCognitoProxy, type CognitoProxy } from './cognito-proxy.ts';
import { round, split, summarise, withTimeout, type Summary } from './stats.ts';

export interface ContextsOptions {
  /** Feed loads in the burst, split evenly over every context. Default 50. */
  loads?: number;
  /** Tabs of each kind. Default 3 popups, 2 options pages, 3 web-app pages with the panel. */
  popups?: number;
  options?: number;
  panels?: number;
}

export interface ContextsResult {
  browser: BrowserName;
  contexts: { popup: number; options: number; panel: number };
  loads: number;
  /** Refresh calls the proxy saw from the burst's start until its last answer (goal 1). */
  refreshCalls: number;
  /** Every Cognito call in that window, by operation. */
  cognitoCalls: Record<string, number>;
  /** Refresh calls between sign-in and the burst (must be 0, or the burst met a fresh token). */
  refreshesBeforeBurst: number;
  /** Seconds the access token had been expired when the burst started. */
  expiredForSeconds: number;
  /** Last send minus first send, across all contexts (ms). */
  sendSpreadMs: number;
  /** Loads sent before the refresh's answer came back: they had to wait for it, and shared it. */
  sentDuringRefresh: number;
  failed: number;
  /** Answers that were the signed-in user's feed (the token was attached). */
  personalised: number;
  /** Send → answer, per load (ms). */
  latency: Summary;
  errors: string[];
}

interface BurstLog {
  sent: number[];
  results: { i: number; ok: boolean; personalised: boolean; code: string | null; at: number }[];
}

/** Sends `n` feed loads at once from the context it runs in; the answers collect on a global. */
const arm = (n: number) => `function () {
  const runtime = (globalThis.browser ?? globalThis.chrome).runtime;
  const log = { sent: [], results: [] };
  globalThis.__cruddurBurst = log;
  for (let i = 0; i < ${n}; i += 1) {
    log.sent.push(Date.now());
    runtime.sendMessage({ type: 'feed/home' }).then(
      (a) => log.results.push({ i, ok: Boolean(a && a.ok), personalised: Boolean(a && a.ok && a.value.personalised), code: a && !a.ok ? a.error.code : a ? null : 'no-answer', at: Date.now() }),
      (e) => log.results.push({ i, ok: false, personalised: false, code: String(e), at: Date.now() }),
    );
  }
  return true;
}`;
const READ = `function () { const b = globalThis.__cruddurBurst; return b ? { sent: b.sent, results: b.results } : null; }`;
/**
 * Clears the refresh alarm, and asks for the auth state (which touches no token) so the
 * background stays up: a background that idles out and wakes reschedules its early refresh,
 * within 30 s on a timer no tab can clear.
 */
const HOLD_OFF = `() => { const api = globalThis.browser ?? globalThis.chrome; return Promise.all([api.alarms.clearAll(), api.runtime.sendMessage({ type: 'settings/get' })]); }`;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A context the burst runs in: the popup or options tab itself, or the feed frame inside a web page. */
interface BurstContext {
  kind: 'popup' | 'options' | 'panel';
  run<T>(fn: string): Promise<T | undefined>;
}
const pageContext = (kind: 'popup' | 'options', page: ExtensionPage): BurstContext => ({ kind, run: (fn) => page.evaluate(fn) });
const panelContext = (page: WebPage): BurstContext => ({ kind: 'panel', run: (fn) => page.inPanel(fn) });

export async function refreshAcrossContexts(stack: StackInfo, browser: BrowserName, o: ContextsOptions = {}): Promise<ContextsResult> {
  const want = { popup: o.popups ?? 3, options: o.options ?? 2, panel: o.panels ?? 3 };
  const loads = o.loads ?? 50;
  let proxy: CognitoProxy | undefined;
  let webApp: WebApp | undefined;
  let driver: ExtensionDriver | undefined;
  try {
    proxy = await startCognitoProxy(stack.cognitoUrl);
    webApp = await startWebApp({ cognitoUrl: stack.cognitoUrl, userPoolId: stack.userPoolId, clientId: stack.clientId, apiUrl: stack.apiUrl });
    driver = await withTimeout(
      launchFor(browser, { ...stack, cognitoUrl: proxy.url }, { clientId: stack.shortLivedClientId, webAppOrigins: [webApp.url] }),
      180_000,
      `building the extension and launching ${browser}`,
    );
    const { user } = await readyUser(stack, 'bench-contexts', stack.shortLivedClientId);

    const first = await driver.open('popup');
    await first.waitFor('view-sign-in');
    await first.fill('Email', user.email);
    await first.fill('Password', user.password);
    await first.click('Sign in');
    await first.waitFor('view-home');
    await first.waitFor('feed', 20_000);
    const exp = proxy.lastAccessTokenExp();
    if (exp === null) throw new Error('the proxy saw no access token in the sign-in answer');

    // From sign-in until the burst, keep the alarm's early refresh away (see the header).
    const refreshesAtSignIn = proxy.calls().filter(isRefresh).length;
    let clearing = true;
    const clearer = (async () => {
      while (clearing) {
        await first.evaluate(HOLD_OFF).catch(() => undefined); // counted below if it failed
        await sleep(500);
      }
    })();

    const contexts: BurstContext[] = [pageContext('popup', first)];
    for (let i = 1; i < want.popup; i += 1) {
      const popup = await driver.open('popup');
      await popup.waitFor('feed', 20_000);
      contexts.push(pageContext('popup', popup));
    }
    const options: ExtensionPage[] = [];
    for (let i = 0; i < want.options; i += 1) {
      options.push(await driver.open('options', { width: 900, height: 700 }));
      contexts.push(pageContext('options', options.at(-1) as ExtensionPage));
    }
    for (let i = 0; i < want.panel; i += 1) {
      const page = await openWithPanel(driver, webApp.url);
      await expectPanelState(page, 'signed-in', 20_000);
      contexts.push(panelContext(page));
    }

    await sleep(Math.max(0, exp * 1000 + 1_000 - Date.now()));
    clearing = false;
    await clearer;
    const refreshesBeforeBurst = proxy.calls().filter(isRefresh).length - refreshesAtSignIn;

    const before = proxy.calls().length;
    const shares = split(loads, contexts.length);
    const armedAt = Date.now();
    await Promise.all(contexts.map((c, i) => c.run(arm(shares[i] ?? 0))));
    const logs = await withTimeout(
      (async () => {
        for (;;) {
          const all = await Promise.all(contexts.map((c) => c.run<BurstLog | null>(READ)));
          if (all.every((l, i) => l && l.results.length === shares[i])) return all as BurstLog[];
          await sleep(100);
        }
      })(),
      60_000,
      'the burst’s feed loads to answer',
    );
    await sleep(500); // a late refresh would still be counted
    const during = proxy.calls().slice(before);
    const refreshes = during.filter(isRefresh);
    const cognitoCalls: Record<string, number> = {};
    for (const c of during) cognitoCalls[c.operation] = (cognitoCalls[c.operation] ?? 0) + 1;
    const sent = logs.flatMap((l) => l.sent);
    const results = logs.flatMap((l) => l.results);
    const refreshEnd = refreshes[0]?.endedAt ?? armedAt;
    return {
      browser,
      contexts: { popup: want.popup, options: want.options, panel: want.panel },
      loads: results.length,
      refreshCalls: refreshes.length,
      cognitoCalls,
      refreshesBeforeBurst,
      expiredForSeconds: round((Math.min(...sent) - exp * 1000) / 1000, 1),
      sendSpreadMs: Math.max(...sent) - Math.min(...sent),
      sentDuringRefresh: sent.filter((t) => t <= refreshEnd).length,
      failed: results.filter((r) => !r.ok).length,
      personalised: results.filter((r) => r.personalised).length,
      latency: summarise(logs.flatMap((l) => l.results.map((r) => r.at - (l.sent[r.i] ?? r.at)))),
      errors: [...new Set(results.flatMap((r) => (r.code ? [r.code] : [])))],
    };
  } finally {
    await driver?.close();
    await webApp?.close();
    await proxy?.stop();
  }
}
