/**
 * The popup in Chromium: the extension built against the local stack (in a temp dir), one user
 * signed in through the background, then the popup page opened 20 times → time until the
 * signed-in view shows the user's display name. Also the bundle sizes of that build.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import { buildExtension } from '../scripts/lib/build.ts';
import { chromiumArgs } from '../test/support/browser-chromium.ts';
import type { StackInfo } from '../test/support/stack.ts';
import { confirm, signUp, uniqueUser } from '../test/support/users.ts';
import { bundleSizes, type BundleSize } from './bundles.ts';
import { round, summarise, withTimeout, type Summary } from './stats.ts';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export interface PopupResult {
  runs: number;
  /** What was measured: the name in the signed-in view, or (UI not ready) the auth/state answer. */
  measured: 'display-name' | 'auth-state';
  /** In-page: from the page's time origin to the name being in the DOM. */
  inPage: Summary;
  /** From the test's `goto` call to the name seen, including CDP round trips. */
  wall: Summary;
  medianMs: number;
  bundles: BundleSize[];
  note?: string;
}

export async function buildAgainst(stack: StackInfo, outRoot: string): Promise<string> {
  const { chrome } = await buildExtension({
    targets: ['chrome'],
    outRoot,
    quiet: true,
    env: {
      VITE_COGNITO_REGION: stack.region,
      VITE_COGNITO_USER_POOL_ID: stack.userPoolId,
      VITE_COGNITO_CLIENT_ID: stack.clientId,
      VITE_COGNITO_ENDPOINT: stack.cognitoUrl,
      VITE_AUTH_FLOW: 'USER_SRP_AUTH',
      VITE_API_URL: stack.apiUrl,
      VITE_WEB_APP_ORIGINS: 'http://localhost:3000',
    },
  });
  return chrome;
}

export async function launchWithExtension(dist: string, profileDir: string): Promise<{ context: BrowserContext; extensionId: string }> {
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: CHROMIUM,
    headless: true,
    timeout: 30_000,
    args: chromiumArgs(dist),
  });
  try {
    const sw = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker', { timeout: 20_000 }));
    return { context, extensionId: new URL(sw.url()).host };
  } catch (e) {
    await context.close();
    throw e;
  }
}

export async function popupBench(stack: StackInfo, runs = 20): Promise<PopupResult> {
  const root = await mkdtemp(join(tmpdir(), 'cruddur-bench-popup-'));
  let context: BrowserContext | undefined;
  try {
    const dist = await withTimeout(buildAgainst(stack, join(root, 'dist')), 180_000, 'extension build');
    const bundles = bundleSizes(dist);
    const user = uniqueUser('bench-popup');
    await signUp(stack, user);
    await confirm(stack, user);

    const launched = await launchWithExtension(dist, join(root, 'profile'));
    context = launched.context;
    const popupUrl = `chrome-extension://${launched.extensionId}/src/popup/index.html`;
    const first = await context.newPage();
    await first.goto(popupUrl, { timeout: 20_000 });
    const signIn = await withTimeout(
      first.evaluate(
        (p) => chrome.runtime.sendMessage({ type: 'auth/sign-in', payload: p }),
        { email: user.email, password: user.password },
      ),
      20_000,
      'sign-in through the background',
    );
    if (!(signIn as { ok?: boolean }).ok) throw new Error(`sign-in failed: ${JSON.stringify(signIn)}`);
    await first.close();

    // Is the signed-in view there? If not (UI still being written), fall back to auth/state.
    const probe = await context.newPage();
    await probe.goto(popupUrl, { timeout: 20_000 });
    const uiReady = await probe
      .getByTestId('user-name')
      .filter({ hasText: user.name })
      .waitFor({ timeout: 10_000 })
      .then(() => true, () => false);
    await probe.close();

    const inPage: number[] = [];
    const wall: number[] = [];
    for (let i = 0; i < runs; i += 1) {
      const page = await context.newPage();
      try {
        const t0 = performance.now();
        await page.goto(popupUrl, { waitUntil: 'commit', timeout: 20_000 });
        const handle = uiReady
          ? await page.waitForFunction(
              (name) => {
                const el = document.querySelector('[data-testid="user-name"]');
                return el?.textContent?.includes(name) ? performance.now() : false;
              },
              user.name,
              { polling: 'raf', timeout: 15_000 },
            )
          : await page.waitForFunction(
              () =>
                chrome.runtime
                  .sendMessage({ type: 'auth/state' })
                  .then((a: { ok?: boolean; value?: { status?: string } }) => (a.value?.status === 'signed-in' ? performance.now() : false)),
              undefined,
              { timeout: 15_000 },
            );
        wall.push(performance.now() - t0);
        inPage.push(Number(await handle.jsonValue()));
      } finally {
        await page.close();
      }
    }
    const inPageSummary = summarise(inPage);
    return {
      runs,
      measured: uiReady ? 'display-name' : 'auth-state',
      inPage: inPageSummary,
      wall: summarise(wall),
      medianMs: round(inPageSummary.p50),
      bundles,
      ...(uiReady ? {} : { note: 'the popup did not show the display name; measured the auth/state answer instead' }),
    };
  } finally {
    await context?.close().catch(() => {});
    await rm(root, { recursive: true, force: true });
  }
}
