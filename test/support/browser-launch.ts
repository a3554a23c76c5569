/**
 * One entry for every browser the journeys run in: build the extension for it against a
 * stack, launch it, hand back the driver. Journeys loop over E2E_BROWSERS, so the same steps
 * run in Chromium (Playwright) and Firefox (puppeteer over WebDriver BiDi).
 */
import type { Target } from '../../scripts/manifest.ts';
import { buildForStack } from './browser-build.ts';
import { launchChromium } from './browser-chromium.ts';
import { launchFirefox } from './browser-firefox.ts';
import type { BrowserName, ExtensionDriver, LaunchOptions, NetworkExchange } from './browser-driver.ts';
import type { StackInfo } from './stack.ts';
import { assertTokenConfined } from './token-confinement.ts';

interface BrowserSupport {
  target: Target;
  launch(extensionDir: string, o?: LaunchOptions): Promise<ExtensionDriver>;
}

const SUPPORT: Record<BrowserName, BrowserSupport> = {
  chromium: { target: 'chrome', launch: launchChromium },
  firefox: { target: 'firefox', launch: launchFirefox },
};

/**
 * The browsers every journey runs in: both, unless `E2E_BROWSERS=chromium` (comma list) narrows
 * it for a quick local run. An unknown name fails loudly rather than running nothing.
 */
export const E2E_BROWSERS: BrowserName[] = (process.env.E2E_BROWSERS ?? 'chromium,firefox')
  .split(',')
  .map((b) => b.trim())
  .filter(Boolean)
  .map((b) => {
    if (!(b in SUPPORT)) throw new Error(`E2E_BROWSERS: unknown browser "${b}" (known: ${Object.keys(SUPPORT).join(', ')})`);
    return b as BrowserName;
  });

/**
 * Closes the browser after checking everything it sent during the suite: the access token went
 * to the API the build was configured with (`apiUrl`) and nowhere else, and never as
 * `Bearer null`. Call it from every suite's teardown.
 *
 * `webApp`: the stand-in web app's origin (or origins), when the suite runs it. Its page calls the
 * API through its own origin (`<webApp>/api/…`, which its server forwards) with the web app's own
 * token: that header is allowed, unless it carries a token the extension sent.
 */
export async function closeChecked(
  driver: Pick<ExtensionDriver, 'network' | 'close'> | undefined,
  /** The API(s) the extension may send an Authorization header to (a suite's stand-in API too). */
  apiUrl: string | string[] | undefined,
  o: { webApp?: string | string[] } = {},
): Promise<void> {
  if (!driver) return;
  try {
    if (apiUrl) {
      const requests = driver.network();
      const bearer = (r: NetworkExchange) => /^Bearer (\S+)$/i.exec(r.headers.authorization ?? '')?.[1];
      const sentByExtension = new Set(requests.filter((r) => r.fromServiceWorker).map(bearer));
      // The web app's own Authorization header to its own /api is allowed; all else is checked.
      const webApps = [o.webApp ?? []].flat().filter(Boolean);
      const webAppsOwn = (r: NetworkExchange) =>
        !r.fromServiceWorker && webApps.some((origin) => r.url.startsWith(`${origin}/api/`)) && !sentByExtension.has(bearer(r));
      const checked = requests.map((r) => (webAppsOwn(r) ? { ...r, headers: { ...r.headers, authorization: undefined } } : r));
      assertTokenConfined(checked, { api: apiUrl, tokens: requests.map(bearer) });
    }
  } finally {
    await driver.close();
  }
}

/** The build target of each browser (for a suite that builds once and launches several times). */
export const targetOf = (browser: BrowserName): Target => SUPPORT[browser].target;

/** Launches `browser` on an extension already built for it (see `buildForStack`); the build stays. */
export function launchBuilt(browser: BrowserName, extensionDir: string, o: LaunchOptions = {}): Promise<ExtensionDriver> {
  return SUPPORT[browser].launch(extensionDir, o);
}

/** Builds the extension for `browser` against `stack` and launches it; closing the driver deletes the build too. */
export async function launchFor(
  browser: BrowserName,
  stack: StackInfo,
  o: { clientId?: string; webAppOrigins?: string[]; managedLogin?: { domain: string; providers: string[] }; launch?: LaunchOptions } = {},
): Promise<ExtensionDriver> {
  const support = SUPPORT[browser];
  const { launch, ...built } = o;
  const build = await buildForStack(stack, { target: support.target, ...built });
  let driver: ExtensionDriver;
  try {
    driver = await support.launch(build.dir, launch);
  } catch (error) {
    await build.remove();
    throw error;
  }
  return { ...driver, close: () => driver.close().finally(() => build.remove()) };
}
