/**
 * The popup in Chromium: the extension built against the local stack (in a temp dir), one user
 * signed in through the background, then the popup page opened 20 times → time until the
 * signed-in view shows the user's display name. Also the bundle sizes of that build.
 *
 * Then the feed cache: popup open → first crud on screen, from the `popup-script` mark (set
 * when the popup's first script runs) — warm (the worker running), and after a worker stop
 * (the cache comes back from storage.session), alternating. And the wake itself: the first
 * message an extension page sends after a worker stop → its answer, against the same message to
 * the running worker and the same wake of an empty reference worker, round by round, so machine
 * drift falls on all of them alike.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildForStack } from '../test/support/browser-build.ts';
import type { Page } from 'playwright-core';
import { startChromium, type ChromiumSession } from '../test/support/browser-chromium.ts';
import type { StackInfo } from '../test/support/stack.ts';
import { confirm, signUp, uniqueUser } from '../test/support/users.ts';
import { bundleSizes, type BundleSize } from '../scripts/lib/bundle-graph.ts';
import { round, summarise, withTimeout, type Summary } from './stats.ts';

export interface PopupResult {
  runs: number;
  /** In-page: from the page's time origin to the display name being in the DOM. */
  inPage: Summary;
  /** From the test's `goto` call to the name seen, including CDP round trips. */
  wall: Summary;
  medianMs: number;
  bundles: BundleSize[];
  /** Popup's first script → first crud shown from the cache, the worker running. */
  cacheWarm: Summary;
  /** The same, each open right after the worker was stopped. */
  cacheCold: Summary;
  /** cacheCold p50 / cacheWarm p50 (target ≤ 1.15). */
  coldRatio: number;
  /** `settings/get` sent by an extension page right after a worker stop → answered (the wake included). */
  wakeAnswer: Summary;
  /** The same message to the running worker. */
  warmAnswer: Summary;
  /**
   * The same wake of a reference extension whose worker is one line (it answers every message at
   * once), in its own Chromium, round by round with ours: the browser's share of a wake, that no
   * extension goes below on this machine.
   */
  emptyWakeAnswer: Summary;
}

/** The reference: an MV3 extension whose worker only answers. */
async function writeEmptyExtension(dir: string): Promise<void> {
  await writeFile(join(dir, 'manifest.json'), JSON.stringify({ manifest_version: 3, name: 'empty worker', version: '1', background: { service_worker: 'sw.js' } }));
  await writeFile(join(dir, 'sw.js'), 'chrome.runtime.onMessage.addListener((m, s, answer) => { answer({ ok: true }); });\n');
}

/** The message timed for the wake: like every message, it waits for the stored session to load. */
const WAKE_MESSAGE = 'settings/get';

/**
 * One message from an extension page that holds no port to the worker (so nothing else wakes
 * it first) → its answer, timed in the page.
 */
async function answerMs(page: Page): Promise<number> {
  const [ms, ok] = await page.evaluate(async (type) => {
    const t0 = performance.now();
    const answer = (await chrome.runtime.sendMessage({ type })) as { ok?: boolean } | undefined;
    return [performance.now() - t0, answer?.ok === true] as const;
  }, WAKE_MESSAGE);
  if (!ok) throw new Error(`${WAKE_MESSAGE} was not answered ok`);
  return ms;
}

/** Opens the popup and times its first script → the first crud on screen. */
async function feedShownMs(page: Page, popupUrl: string): Promise<number> {
  await page.goto(popupUrl, { waitUntil: 'commit', timeout: 20_000 });
  const handle = await page.waitForFunction(
    () => {
      if (!document.querySelector('[data-testid="crud"]')) return false;
      const mark = performance.getEntriesByName('popup-script')[0];
      return mark ? performance.now() - mark.startTime : false;
    },
    undefined,
    { polling: 'raf', timeout: 15_000 },
  );
  return Number(await handle.jsonValue());
}

/** Stops the extension's worker (CDP), waiting until it is reported stopped. */
async function stopWorker(chromium: ChromiumSession, page: Page): Promise<void> {
  const cdp = await chromium.context.newCDPSession(page);
  try {
    const stopped = new Promise<void>((resolve) => {
      cdp.on('ServiceWorker.workerVersionUpdated', ({ versions }) => {
        if (versions.some((v) => v.scriptURL.includes(chromium.extensionId) && v.runningStatus === 'stopped')) resolve();
      });
    });
    await cdp.send('ServiceWorker.enable');
    await cdp.send('ServiceWorker.stopAllWorkers');
    await withTimeout(stopped, 10_000, 'the worker to stop');
  } finally {
    await cdp.detach();
  }
}

export async function popupBench(stack: StackInfo, runs = 20): Promise<PopupResult> {
  const build = await withTimeout(buildForStack(stack, { target: 'chrome', webAppOrigins: ['http://localhost:3000'] }), 180_000, 'extension build');
  let chromium: ChromiumSession | undefined;
  try {
    const bundles = bundleSizes(build.dir);
    const user = uniqueUser('bench-popup');
    await signUp(stack, user);
    await confirm(stack, user);

    chromium = await startChromium(build.dir);
    const { context } = chromium;
    const popupUrl = `chrome-extension://${chromium.extensionId}/src/popup/index.html`;
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

    let wake: Pick<PopupResult, 'wakeAnswer' | 'warmAnswer' | 'emptyWakeAnswer'> | undefined;
    const inPage: number[] = [];
    const wall: number[] = [];
    for (let i = 0; i < runs; i += 1) {
      const page = await context.newPage();
      try {
        const t0 = performance.now();
        await page.goto(popupUrl, { waitUntil: 'commit', timeout: 20_000 });
        const handle = await page.waitForFunction(
          (name) => {
            const el = document.querySelector('[data-testid="user-name"]');
            return el?.textContent?.includes(name) ? performance.now() : false;
          },
          user.name,
          { polling: 'raf', timeout: 15_000 },
        );
        wall.push(performance.now() - t0);
        inPage.push(Number(await handle.jsonValue()));
      } finally {
        await page.close();
      }
    }
    // The feed was fetched (and cached) by the opens above; time the cache, warm and cold. The
    // sender is an extension page that runs no script of its own (the manifest), so a timed
    // message is the first thing a woken worker hears.
    const warm: number[] = [];
    const cold: number[] = [];
    const sender = await context.newPage();
    try {
      await sender.goto(`chrome-extension://${chromium.extensionId}/manifest.json`, { timeout: 20_000 });
      for (let i = 0; i < runs; i += 1) {
        for (const kind of ['warm', 'cold'] as const) {
          if (kind === 'cold') await stopWorker(chromium, sender);
          const page = await context.newPage();
          try {
            (kind === 'warm' ? warm : cold).push(await feedShownMs(page, popupUrl));
          } finally {
            await page.close();
          }
        }
      }
      // The wake itself, round by round beside the same wake of the empty reference worker (its
      // own Chromium, open alongside): the browser's share of a wake on this machine, right now.
      const wakeAnswer: number[] = [];
      const warmAnswer: number[] = [];
      const emptyWake: number[] = [];
      const emptyDir = await mkdtemp(join(tmpdir(), 'cruddur-empty-worker-'));
      let reference: ChromiumSession | undefined;
      try {
        await writeEmptyExtension(emptyDir);
        reference = await startChromium(emptyDir);
        const referenceSender = await reference.context.newPage();
        await referenceSender.goto(`chrome-extension://${reference.extensionId}/manifest.json`, { timeout: 20_000 });
        for (let i = 0; i < runs; i += 1) {
          await stopWorker(chromium, sender);
          wakeAnswer.push(await answerMs(sender));
          warmAnswer.push(await answerMs(sender));
          await stopWorker(reference, referenceSender);
          emptyWake.push(await answerMs(referenceSender));
        }
      } finally {
        await reference?.close();
        await rm(emptyDir, { recursive: true, force: true });
      }
      wake = { wakeAnswer: summarise(wakeAnswer), warmAnswer: summarise(warmAnswer), emptyWakeAnswer: summarise(emptyWake) };
    } finally {
      await sender.close();
    }
    if (!wake) throw new Error('the wake was not measured');
    const inPageSummary = summarise(inPage);
    const cacheWarm = summarise(warm);
    const cacheCold = summarise(cold);
    return {
      runs,
      inPage: inPageSummary,
      wall: summarise(wall),
      medianMs: round(inPageSummary.p50),
      bundles,
      cacheWarm,
      cacheCold,
      coldRatio: round(cacheCold.p50 / cacheWarm.p50),
      ...wake,
    };
  } finally {
    await chromium?.close();
    await build.remove();
  }
}
