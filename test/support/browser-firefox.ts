/**
 * The Firefox driver: Debian's firefox-esr through puppeteer-core over WebDriver BiDi, with the
 * unpacked extension installed as a temporary add-on. The recipe and its traps:
 * - there is no geckodriver here, and Playwright cannot drive a stock Firefox;
 * - the moz-extension:// host is pinned with `extensions.webextensions.uuids`;
 * - MV3 host permissions need `extensions.originControls.grantByDefault`;
 * - `page.goto` never resolves for moz-extension:// pages: navigate with BiDi, `wait: 'none'`.
 */
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, Frame, HTTPRequest, Page } from 'puppeteer-core';
import {
  ACTION_TIMEOUT_MS,
  EXTENSION_PATHS,
  screenshotPath,
  withDeadline,
  type AuthWindow,
  type ExtensionDriver,
  type ExtensionPage,
  type ExtensionPath,
  type LaunchOptions,
  type NetworkExchange,
  type WebPage,
} from './browser-driver.ts';

export const FIREFOX_PATH = process.env.FIREFOX_PATH ?? '/usr/lib/firefox-esr/firefox-esr';

/** Firefox with the extension installed, before any driver wraps it (the bench times pages on it directly). */
export interface FirefoxSession {
  browser: Browser;
  /** `moz-extension://<uuid>` */
  origin: string;
  uuid: string;
}

export async function launchFirefox(extensionDir: string, o: LaunchOptions = {}): Promise<ExtensionDriver> {
  const { browser, origin, uuid } = await startFirefox(extensionDir, o);
  const log: NetworkExchange[] = [];
  let closed: Promise<void> | undefined;

  return {
    browser: 'firefox',
    extensionId: uuid,
    async open(path: ExtensionPath, o = {}) {
      const page = await browser.newPage();
      recordNetwork(page, log);
      await page.setViewport({ width: o.width ?? 360, height: o.height ?? 600 });
      await bidiNavigate(page, `${origin}/${EXTENSION_PATHS[path]}`);
      await page.waitForFunction(() => document.readyState === 'complete' && document.body?.children.length > 0, {
        timeout: ACTION_TIMEOUT_MS,
      });
      return firefoxPage(page);
    },
    async openWeb(url, o = {}) {
      const page = await browser.newPage();
      recordNetwork(page, log);
      await page.setViewport({ width: o.width ?? 1100, height: o.height ?? 720 });
      await page.goto(url);
      return firefoxWebPage(page);
    },
    stopBackground() {
      // Firefox suspends an idle event page on its own schedule and offers no command to do it
      // now; the restart scenarios run in Chromium, where CDP can stop the worker.
      return Promise.reject(new Error('Stopping the background on demand is not available in Firefox'));
    },
    network: () => log,
    async authWindow(url, timeoutMs = ACTION_TIMEOUT_MS) {
      // Firefox opens the flow in a browser window of its own; WebDriver BiDi lists its tab.
      const deadline = Date.now() + timeoutMs;
      let seen: string[] = [];
      while (Date.now() < deadline) {
        const pages = await browser.pages();
        seen = pages.map((p) => p.url());
        const page = pages.find((p) => url.test(p.url()));
        if (page) {
          const { fill, click, screenshot } = firefoxPage(page);
          return { fill, click, screenshot, url: () => page.url(), close: () => page.close() } satisfies AuthWindow;
        }
        await new Promise((r) => setTimeout(r, 200));
      }
      throw new Error(`Timed out after ${timeoutMs} ms waiting for an auth window at ${String(url)}; open pages: ${JSON.stringify(seen)}`);
    },
    close: () => (closed ??= closeFirefox(browser)),
  };
}

/** Launches Firefox under a deadline and installs `extensionDir` as a temporary add-on. */
export async function startFirefox(extensionDir: string, o: LaunchOptions = {}): Promise<FirefoxSession> {
  const manifest = JSON.parse(await readFile(join(extensionDir, 'manifest.json'), 'utf8')) as {
    browser_specific_settings?: { gecko?: { id?: string } };
  };
  const geckoId = manifest.browser_specific_settings?.gecko?.id;
  if (!geckoId) throw new Error(`${extensionDir} is not a Firefox build (no gecko id)`);
  const uuid = randomUUID();
  const { default: puppeteer } = await import('puppeteer-core');
  const browser: Browser = await withDeadline(
    'launching Firefox',
    45_000,
    puppeteer.launch({
      browser: 'firefox',
      executablePath: FIREFOX_PATH,
      headless: true,
      protocol: 'webDriverBiDi',
      acceptInsecureCerts: o.acceptInsecureCerts ?? false,
      args: ['--remote-allow-system-access'],
      extraPrefsFirefox: {
        'extensions.webextensions.uuids': JSON.stringify({ [geckoId]: uuid }),
        'extensions.originControls.grantByDefault': true,
        // The closed network refuses these anyway; asking costs start-up time.
        'app.update.enabled': false,
        'browser.shell.checkDefaultBrowser': false,
        'datareporting.policy.dataSubmissionEnabled': false,
        // What pages see as `prefers-color-scheme` (0 dark, 1 light): puppeteer's media emulation needs CDP.
        'layout.css.prefers-color-scheme.content-override': o.colorScheme === 'dark' ? 0 : 1,
        // The UI language, as the language menu of Settings sets it: Firefox uses it only when
        // its language pack is installed (Debian's firefox-esr-l10n-<lang>, an app-scope add-on).
        ...(o.language ? { 'intl.locale.requested': o.language } : {}),
      },
    }),
  );
  try {
    if (o.language) await expectUiLanguage(browser, o.language);
    await withDeadline('installing the add-on', 30_000, browser.installExtension(extensionDir));
  } catch (error) {
    await closeFirefox(browser);
    throw error;
  }
  return { browser, origin: `moz-extension://${uuid}`, uuid };
}

/**
 * Fails the launch when Firefox does not speak `language`: without its language pack it falls
 * back to English silently, and a run in English would pass for the wrong reason. Pages'
 * `navigator.language` follows the UI language on a fresh profile, as `i18n.getUILanguage()` does.
 */
async function expectUiLanguage(browser: Browser, language: string): Promise<void> {
  const [page] = await browser.pages();
  const answered = page ? await page.evaluate(() => navigator.language) : '(no page to ask)';
  if (answered.split('-')[0] !== language) {
    throw new Error(
      `Firefox was asked for the UI language "${language}" (intl.locale.requested) but speaks "${answered}": ` +
        `install its language pack (Debian: apt-get install firefox-esr-l10n-${language})`,
    );
  }
}

/** Closes Firefox under a deadline; if that fails or hangs, says so and kills it, so none is left running. */
export async function closeFirefox(browser: Browser): Promise<void> {
  await withDeadline('closing Firefox', 15_000, browser.close()).catch((error: unknown) => {
    console.warn(`Firefox did not close cleanly, killing it: ${String(error)}`);
    browser.process()?.kill('SIGKILL');
  });
}

/** puppeteer's BiDi frame exposes its browsing context; its public types do not say so. */
export async function bidiNavigate(page: Page, url: string): Promise<void> {
  const frame = page.mainFrame() as unknown as { browsingContext?: { navigate(url: string, wait: 'none'): Promise<void> } };
  if (!frame.browsingContext) throw new Error('Firefox must be driven over WebDriver BiDi');
  await frame.browsingContext.navigate(url, 'none');
}

/** puppeteer's BiDi backend throws UnsupportedOperation for some request bodies: record none then. */
function postData(request: HTTPRequest): string | null {
  try {
    return request.postData() ?? null;
  } catch {
    return null;
  }
}

function recordNetwork(page: Page, log: NetworkExchange[]): void {
  const byRequest = new Map<HTTPRequest, NetworkExchange>();
  page.on('request', (request) => {
    if (!/^https?:/.test(request.url())) return;
    const entry: NetworkExchange = {
      url: request.url(),
      method: request.method(),
      headers: Object.fromEntries(Object.entries(request.headers()).map(([k, v]) => [k.toLowerCase(), v])),
      body: postData(request),
      status: null,
      fromServiceWorker: false,
      at: Date.now(),
    };
    byRequest.set(request, entry);
    log.push(entry);
  });
  page.on('response', (response) => {
    const entry = byRequest.get(response.request());
    if (entry) entry.status = response.status();
  });
}

const FEED_FRAME_URL = /^moz-extension:\/\/[^/]+\/src\/feed\/index\.html\?/;

/** The feed frame of `page`, if the panel is showing. */
async function feedFrame(page: Page): Promise<Frame | undefined> {
  for (const frame of page.frames()) {
    if (frame === page.mainFrame()) continue;
    const href = await frame.evaluate('location.href').catch(() => '');
    if (typeof href === 'string' && FEED_FRAME_URL.test(href)) return frame;
  }
  return undefined;
}

function firefoxWebPage(page: Page): WebPage {
  return {
    async inPanel<T>(fn: string, ...args: (string | number | boolean)[]) {
      // The feed lives in an extension-origin iframe inside the panel's closed shadow root;
      // WebDriver BiDi lists it as a child browsing context, which no page script can reach.
      // puppeteer keeps the iframe's first URL (about:blank); its document says where it is.
      const frame = await feedFrame(page);
      if (!frame) return undefined;
      const expression = `(() => ({ found: true, value: (${fn}).apply(document, ${JSON.stringify(args)}) }))()`;
      const answer = (await frame.evaluate(expression).catch((e: Error) => {
        if (/detached|destroyed|discarded|navigat/i.test(e.message)) return { found: false };
        throw new Error(`in the panel: ${e.message}`);
      })) as { found: boolean; value?: T };
      return answer.found ? answer.value : undefined;
    },
    evaluate: <T>(fn: string) => page.evaluate(`(${fn})()`) as Promise<T>,
    reload: async () => {
      await page.reload();
    },
    async screenshot(name) {
      const path = await screenshotPath('firefox', name);
      await page.screenshot({ path });
      return path;
    },
    clickAt: (x, y) => page.mouse.click(x, y),
    bringToFront: () => page.bringToFront(),
    close: () => page.close(),
  };
}

/** Elements are found in the page by label, accessible name and data-testid, as users see them. */
function firefoxPage(page: Page): ExtensionPage {
  const poll = async <T>(what: string, timeoutMs: number, probe: () => Promise<T | null>): Promise<T> => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = await probe();
      if (found !== null) return found;
      if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms: ${what}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  // Runs in the page: the control labelled exactly `label`, and the button named exactly `name`.
  const FIND = `
    const visible = (el) => !!el && el.getClientRects().length > 0;
    const byLabel = (label) => [...document.querySelectorAll('label')].filter(visible)
      .find((l) => l.textContent.trim() === label || l.firstChild?.textContent?.trim() === label)?.control ?? null;
    const byName = (name) => [...document.querySelectorAll('button, [role=button]')].filter(visible)
      .find((b) => (b.getAttribute('aria-label') ?? b.textContent).trim() === name) ?? null;
    const byTestId = (id) => [...document.querySelectorAll('[data-testid="' + id + '"]')].filter(visible);
  `;
  const inPage = <T>(body: string, ...args: unknown[]) =>
    page.evaluate(new Function('args', `${FIND}; return (${body})(...args);`) as (a: unknown[]) => T, args) as Promise<T>;

  const field = (label: string) =>
    poll(`the field labelled "${label}"`, ACTION_TIMEOUT_MS, () => inPage<boolean>('(label) => !!byLabel(label)', label).then((ok) => (ok ? true : null)));
  const button = (name: string) =>
    poll(`the button "${name}"`, ACTION_TIMEOUT_MS, () => inPage<boolean>('(name) => !!byName(name)', name).then((ok) => (ok ? true : null)));
  // As Playwright's click does: wait until the button is enabled (a click on a disabled one is lost).
  const enabledButton = (name: string) =>
    poll(`the button "${name}" to be enabled`, ACTION_TIMEOUT_MS, () => inPage<boolean>('(name) => !!byName(name) && !byName(name).disabled', name).then((ok) => (ok ? true : null)));
  const testIdText = (id: string) => inPage<string | null>('(id) => byTestId(id)[0]?.innerText.trim() ?? null', id);

  return {
    async fill(label, value) {
      await field(label);
      // Preact listens to `input` events; setting the value and dispatching one is what typing does.
      await inPage(
        `(label, value) => { const el = byLabel(label); el.focus(); el.value = value; el.dispatchEvent(new Event('input', { bubbles: true })); }`,
        label,
        value,
      );
    },
    async value(label) {
      await field(label);
      return inPage<string>('(label) => byLabel(label).value', label);
    },
    async click(name) {
      await enabledButton(name);
      await inPage('(name) => byName(name).click()', name);
    },
    async isDisabled(name) {
      await button(name);
      return inPage<boolean>('(name) => byName(name).disabled', name);
    },
    text: (id) => poll(`[data-testid=${id}]`, ACTION_TIMEOUT_MS, () => testIdText(id)),
    async waitForText(id, expected, timeoutMs = ACTION_TIMEOUT_MS) {
      let last = '';
      return poll(`[data-testid=${id}] to read ${String(expected)}`, timeoutMs, async () => {
        last = (await testIdText(id)) ?? last;
        return (typeof expected === 'string' ? last === expected : expected.test(last)) ? last : null;
      }).catch((e: Error) => Promise.reject(new Error(`${e.message}; last text: ${JSON.stringify(last)}`)));
    },
    async waitFor(id, timeoutMs = ACTION_TIMEOUT_MS) {
      await poll(`[data-testid=${id}]`, timeoutMs, () => testIdText(id));
    },
    texts: (id) => inPage<string[]>('(id) => byTestId(id).map((el) => el.innerText.trim())', id),
    focusedTestId: () => inPage<string | null>(`() => document.activeElement?.getAttribute('data-testid') ?? null`),
    async press(label, key) {
      await field(label);
      await inPage('(label) => byLabel(label).focus()', label);
      await page.keyboard.press(key as Parameters<Page['keyboard']['press']>[0]);
    },
    async keyboard(key) {
      // A chord ("Control+Enter"): modifiers held down around the last key, as Playwright does.
      const keys = key.split('+') as Parameters<Page['keyboard']['press']>[0][];
      const last = keys.pop()!;
      for (const k of keys) await page.keyboard.down(k);
      await page.keyboard.press(last);
      for (const k of keys.reverse()) await page.keyboard.up(k);
    },
    colorScheme: (scheme) =>
      page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: scheme }]).then(
        () => true,
        () => false,
      ),
    async screenshot(name) {
      const path = await screenshotPath('firefox', name);
      await page.screenshot({ path, fullPage: true });
      return path;
    },
    evaluate: <T>(fn: string) => page.evaluate(`(${fn})()`) as Promise<T>,
    close: () => page.close(),
  };
}
