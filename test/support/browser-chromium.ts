/**
 * The Chromium driver: Debian's /usr/bin/chromium through Playwright, with the unpacked
 * extension loaded into a throwaway profile (flags below).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Frame, Page, Request, Worker } from 'playwright-core';
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
  type VirtualCredential,
  type WebPage,
} from './browser-driver.ts';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Flags for Debian's Chromium with an unpacked extension: without the
 * background-networking ones, this machine's closed network refuses Chromium's own calls.
 */
export function chromiumArgs(extensionDir: string): string[] {
  return [
    `--disable-extensions-except=${extensionDir}`,
    `--load-extension=${extensionDir}`,
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ];
}

/** Chromium with the extension loaded, before any driver wraps it. */
export interface ChromiumSession {
  context: BrowserContext;
  /** The extension's service worker. */
  worker: Worker;
  extensionId: string;
  /** Every http(s) request seen so far, oldest first, the worker's own included. */
  network(): readonly NetworkExchange[];
  /** Closes Chromium and deletes its profile; safe to call twice. */
  close(): Promise<void>;
}

/**
 * Starts Chromium on a throwaway profile with `extensionDir` loaded, under a deadline, and waits
 * for the extension's worker. The driver below and the panel journeys' rig both start here.
 */
export async function startChromium(extensionDir: string, viewport = { width: 360, height: 600 }, o: LaunchOptions = {}): Promise<ChromiumSession> {
  // Playwright 1.65 reports a worker's fetches by default; older versions wanted this set
  // before launch. Harmless either way.
  process.env.PW_EXPERIMENTAL_SERVICE_WORKER_NETWORK_EVENTS = '1';
  const { chromium } = await import('playwright-core');
  const profile = await mkdtemp(join(tmpdir(), 'cruddur-chromium-'));
  let context: BrowserContext | undefined;
  try {
    context = await withDeadline(
      'launching Chromium',
      30_000,
      chromium.launchPersistentContext(profile, {
        executablePath: CHROMIUM_PATH,
        headless: true,
        viewport,
        colorScheme: o.colorScheme ?? 'light',
        ignoreHTTPSErrors: o.acceptInsecureCerts ?? false,
        ...languageSettings(o.language),
        args: [...chromiumArgs(extensionDir), ...(o.language ? [`--lang=${o.language}`] : [])],
      }),
    );
    context.setDefaultTimeout(ACTION_TIMEOUT_MS);
    const ctx = context;
    const log = recordNetwork(ctx);
    const worker = ctx.serviceWorkers()[0] ?? (await ctx.waitForEvent('serviceworker', { timeout: ACTION_TIMEOUT_MS }));
    if (o.language) await expectUiLanguage(worker, o.language);
    let closed: Promise<void> | undefined;
    return {
      context: ctx,
      worker,
      extensionId: new URL(worker.url()).host,
      network: () => log,
      close: () =>
        (closed ??= (async () => {
          await closeContext(ctx);
          await rm(profile, { recursive: true, force: true });
        })()),
    };
  } catch (error) {
    if (context) await closeContext(context);
    await rm(profile, { recursive: true, force: true });
    throw error;
  }
}

/**
 * Chromium on Linux takes its UI language from the environment (`LANGUAGE`), and only when
 * its locale pack is installed (Debian's chromium-l10n): `--lang` alone picks the extension's
 * catalog but leaves `i18n.getUILanguage()` in English, so a page would get German words and
 * English `Intl` formats. Both are given; the launch checks the result (below).
 */
function languageSettings(language: string | undefined): { env?: Record<string, string> } {
  if (!language) return {};
  const env = Object.fromEntries(Object.entries(process.env).filter((e): e is [string, string] => e[1] !== undefined));
  return { env: { ...env, LANGUAGE: language } };
}

/** Fails the launch when Chromium does not speak `language`: a run in English would pass for the wrong reason. */
async function expectUiLanguage(worker: Worker, language: string): Promise<void> {
  const answered = await worker.evaluate(() => chrome.i18n.getUILanguage());
  if (answered.split('-')[0] !== language) {
    throw new Error(
      `Chromium was asked for the UI language "${language}" but chrome.i18n.getUILanguage() answers "${answered}": ` +
        `install Debian's chromium-l10n (its locale packs, /usr/lib/chromium/locales/${language}.pak)`,
    );
  }
}

/** Closes Chromium under a deadline; a close that fails or hangs is reported, not thrown over the test's own result. */
async function closeContext(ctx: BrowserContext): Promise<void> {
  await withDeadline('closing Chromium', 15_000, ctx.close()).catch((error: unknown) => {
    console.warn(`Chromium did not close cleanly: ${String(error)}`);
  });
}

export async function launchChromium(extensionDir: string, o: LaunchOptions = {}): Promise<ExtensionDriver> {
  const { context: ctx, extensionId, network, close } = await startChromium(extensionDir, undefined, o);
  return {
    browser: 'chromium',
    extensionId,
    async open(path: ExtensionPath, o = {}) {
      const page = await ctx.newPage();
      await page.setViewportSize({ width: o.width ?? 360, height: o.height ?? 600 });
      await page.goto(`chrome-extension://${extensionId}/${EXTENSION_PATHS[path]}`);
      return chromiumPage(page);
    },
    async openWeb(url, o = {}) {
      const page = await ctx.newPage();
      await page.setViewportSize({ width: o.width ?? 1100, height: o.height ?? 720 });
      await page.goto(url);
      return chromiumWebPage(page);
    },
    async stopBackground() {
      // Any extension page can host the CDP session; a blank one keeps the journey's tabs untouched.
      const page = await ctx.newPage();
      try {
        await page.goto(`chrome-extension://${extensionId}/${EXTENSION_PATHS.options}`);
        const cdp = await ctx.newCDPSession(page);
        const stopped = new Promise<void>((resolveStopped) => {
          cdp.on('ServiceWorker.workerVersionUpdated', ({ versions }) => {
            if (versions.some((v) => v.scriptURL.includes(extensionId) && v.runningStatus === 'stopped')) resolveStopped();
          });
        });
        await cdp.send('ServiceWorker.enable');
        await cdp.send('ServiceWorker.stopAllWorkers');
        await withDeadline('the service worker to stop', 10_000, stopped);
        await cdp.detach();
      } finally {
        await page.close();
      }
    },
    network,
    async authWindow(url, timeoutMs = ACTION_TIMEOUT_MS) {
      // Chromium opens the flow in a window of its own: Playwright sees it as a page of the context.
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        const page = ctx.pages().find((p) => url.test(p.url()));
        if (page) return chromiumAuthWindow(page);
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error(`Timed out after ${timeoutMs} ms waiting for an auth window at ${String(url)}; open pages: ${JSON.stringify(ctx.pages().map((p) => p.url()))}`);
    },
    close,
  };
}

function chromiumAuthWindow(page: Page): AuthWindow {
  const { fill, click, screenshot } = chromiumPage(page);
  return {
    fill,
    click,
    screenshot,
    url: () => page.url(),
    close: () => page.close(),
    async virtualAuthenticator(credentials = []) {
      const cdp = await page.context().newCDPSession(page);
      const added: VirtualCredential[] = [];
      cdp.on('WebAuthn.credentialAdded', ({ credential }) => added.push(credential as VirtualCredential));
      await cdp.send('WebAuthn.enable');
      const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
        options: { protocol: 'ctap2', transport: 'internal', hasResidentKey: true, hasUserVerification: true, isUserVerified: true, automaticPresenceSimulation: true },
      });
      for (const credential of credentials) await cdp.send('WebAuthn.addCredential', { authenticatorId, credential });
      return { added: () => [...added] };
    },
  };
}

function recordNetwork(ctx: BrowserContext): NetworkExchange[] {
  const log: NetworkExchange[] = [];
  const byRequest = new Map<Request, NetworkExchange>();
  ctx.on('request', (request) => {
    if (!/^https?:/.test(request.url())) return;
    const entry: NetworkExchange = {
      url: request.url(),
      method: request.method(),
      headers: request.headers(),
      body: request.postData(),
      status: null,
      fromServiceWorker: request.serviceWorker() !== null,
      at: Date.now(),
    };
    byRequest.set(request, entry);
    log.push(entry);
  });
  ctx.on('response', (response) => {
    const entry = byRequest.get(response.request());
    if (entry) entry.status = response.status();
  });
  return log;
}

function chromiumWebPage(page: Page): WebPage {
  return {
    inPanel: <T>(fn: string, ...args: (string | number | boolean)[]) => callInPanel<T>(page, fn, args),
    evaluate: <T>(fn: string) => page.evaluate(`(${fn})()`) as Promise<T>,
    reload: async () => {
      await page.reload();
    },
    async screenshot(name) {
      const path = await screenshotPath('chromium', name);
      await page.screenshot({ path, animations: 'disabled' });
      return path;
    },
    clickAt: (x, y) => page.mouse.click(x, y),
    bringToFront: () => page.bringToFront(),
    close: () => page.close(),
  };
}

/**
 * Calls `fn` (function source) with `args`, `this` being the document of the feed frame (the
 * extension page inside the panel's CLOSED shadow root), or the element in it matching
 * `selector` when given. Undefined when the page has no panel frame, or no such element. The
 * frame is on the extension's origin: Playwright reaches it as an out-of-process frame, which
 * no page script can.
 */
export async function callInPanel<T>(page: Page, fn: string, args: unknown[] = [], selector?: string): Promise<T | undefined> {
  const frame = feedFrame(page);
  if (!frame) return undefined;
  // A string expression: CDP evaluates it despite the extension page's CSP (no eval inside).
  const target = selector ? `document.querySelector(${JSON.stringify(selector)})` : 'document';
  const expression = `(() => { const t = ${target}; return t ? { found: true, value: (${fn}).apply(t, ${JSON.stringify(args)}) } : { found: false }; })()`;
  const answer = (await frame.evaluate(expression).catch((e: Error) => {
    // The frame navigated or went away between finding and calling: as if absent.
    if (/detached|destroyed|navigat/i.test(e.message)) return { found: false };
    throw new Error(`in the panel: ${e.message}`);
  })) as { found: boolean; value?: T };
  return answer.found ? answer.value : undefined;
}

/** The feed frame of `page`, if the panel is showing: an extension-origin frame of the feed page. */
export function feedFrame(page: Page): Frame | undefined {
  return page.frames().find((f) => /^chrome-extension:\/\/[^/]+\/src\/feed\/index\.html\?/.test(f.url()));
}

function chromiumPage(page: Page): ExtensionPage {
  const byTestId = (id: string) => page.getByTestId(id);
  const field = (label: string) => page.getByLabel(label, { exact: true });
  const button = (name: string) => page.getByRole('button', { name, exact: true });
  return {
    fill: (label, value) => field(label).fill(value),
    value: (label) => field(label).inputValue(),
    click: (name) => button(name).click(),
    isDisabled: (name) => button(name).isDisabled(),
    async text(id) {
      await byTestId(id).waitFor({ state: 'visible' });
      return (await byTestId(id).innerText()).trim();
    },
    async waitForText(id, expected, timeoutMs = ACTION_TIMEOUT_MS) {
      const deadline = Date.now() + timeoutMs;
      let last = '';
      while (Date.now() < deadline) {
        const el = byTestId(id);
        if ((await el.count()) > 0 && (await el.first().isVisible())) {
          last = (await el.first().innerText()).trim();
          if (typeof expected === 'string' ? last === expected : expected.test(last)) return last;
        }
        await page.waitForTimeout(100);
      }
      throw new Error(`Timed out after ${timeoutMs} ms waiting for [data-testid=${id}] to read ${String(expected)}; last text: ${JSON.stringify(last)}`);
    },
    async waitFor(id, timeoutMs = ACTION_TIMEOUT_MS) {
      try {
        await byTestId(id).first().waitFor({ state: 'visible', timeout: timeoutMs });
      } catch (error) {
        throw new Error(`Timed out after ${timeoutMs} ms waiting for [data-testid=${id}]; the page shows ${await describe(page)}`, { cause: error });
      }
    },
    texts: async (id) => (await byTestId(id).allInnerTexts()).map((t) => t.trim()),
    focusedTestId: () => page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? null),
    press: (label, key) => field(label).press(key),
    keyboard: (key) => page.keyboard.press(key),
    colorScheme: (colorScheme) => page.emulateMedia({ colorScheme }).then(() => true),
    async screenshot(name) {
      const path = await screenshotPath('chromium', name);
      // Let the skeleton shimmer and focus rings settle: a frame, not a timer.
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => r(undefined))));
      await page.screenshot({ path, fullPage: true, animations: 'disabled' });
      return path;
    },
    evaluate: <T>(fn: string) => page.evaluate(`(${fn})()`) as Promise<T>,
    close: () => page.close(),
  };
}

/** What the page shows, for a failure message: its view and any alert or notice text. */
async function describe(page: Page): Promise<string> {
  return page
    .evaluate(() => {
      const view = document.querySelector<HTMLElement>('[data-view]')?.dataset.view ?? '(no view)';
      const said = [...document.querySelectorAll('[role=alert], [role=status]')].map((e) => e.textContent?.trim()).filter(Boolean);
      return `view "${view}"${said.length ? `, saying ${JSON.stringify(said)}` : ''}`;
    })
    .catch(() => '(page not readable)');
}
