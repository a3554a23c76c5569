/**
 * Steps for the feed panel, for any driver: the feed lives in an extension-origin iframe inside
 * a CLOSED shadow root, so these probes go through the browser's debugging protocol (CDP in
 * Chromium, BiDi in Firefox), which reaches what page scripts cannot.
 */
import type { ExtensionDriver, WebPage } from '../support/browser-driver.ts';

const STATE = `function () { return this.querySelector('[data-testid=panel]')?.dataset.state ?? null; }`;
const TEXT = `function (selector) { const el = this.querySelector(selector); return el ? el.innerText.trim() : null; }`;

async function poll<T>(what: string, timeoutMs: number, probe: () => Promise<T | null | undefined>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | null | undefined;
  while (Date.now() < deadline) {
    last = await probe();
    if (last !== null && last !== undefined) return last;
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`Timed out after ${timeoutMs} ms: ${what}`);
}

/**
 * Opens the web app and waits for the panel. The background registers the panel at start-up,
 * asynchronously; a page that loaded before that shows it after a reload, as it would for a user.
 */
export async function openWithPanel(driver: ExtensionDriver, url: string): Promise<WebPage> {
  const page = await driver.openWeb(url);
  for (let attempt = 0; attempt < 4; attempt++) {
    const found = await poll('the panel', 4_000, () => page.inPanel<string | null>(STATE)).catch(() => null);
    if (found) return page;
    await page.reload();
  }
  throw new Error(`The feed panel never appeared on ${url}`);
}

export async function expectPanelState(page: WebPage, state: 'signed-in' | 'signed-out', timeoutMs = 15_000): Promise<void> {
  let last: string | null | undefined;
  await poll(`the panel to be ${state}`, timeoutMs, async () => {
    last = await page.inPanel<string | null>(STATE);
    return last === state ? true : null;
  }).catch((e: Error) => Promise.reject(new Error(`${e.message}; it was ${String(last)}`)));
}

/** Waits until the panel element matching `selector` has text that satisfies `match`; returns it. */
export async function panelText(page: WebPage, selector: string, match: (text: string) => boolean = () => true, timeoutMs = 15_000): Promise<string> {
  let last: string | null | undefined;
  return poll(`panel text at ${selector}`, timeoutMs, async () => {
    last = await page.inPanel<string | null>(TEXT, selector);
    return last !== null && last !== undefined && match(last) ? last : null;
  }).catch((e: Error) => Promise.reject(new Error(`${e.message}; last text: ${JSON.stringify(last)}`)));
}
