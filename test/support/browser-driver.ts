/**
 * What an end-to-end journey needs from a browser with the extension loaded, and nothing
 * more, so the same journey runs in Chromium (Playwright) and, later, Firefox (puppeteer
 * over WebDriver BiDi). Pages are found by what users see: labels, roles and names; and by
 * `data-testid` where a value has no label (a notice, a feed).
 *
 * Every wait has a deadline and throws when it passes: a journey fails, it never hangs.
 */
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';

export type BrowserName = 'chromium' | 'firefox';

/** The extension pages a journey opens. */
export type ExtensionPath = 'popup' | 'options' | 'feed' | 'welcome';

/** How a browser is launched: its colour scheme (`prefers-color-scheme`), light unless asked. */
export interface LaunchOptions {
  colorScheme?: 'light' | 'dark';
  /**
   * Accept the front's self-signed HTTPS certificate (managed login's domain as Amplify's
   * signInWithRedirect reaches it, `https://localhost:<front port>`), as a user who proceeds past
   * the warning once does.
   */
  acceptInsecureCerts?: boolean;
  /**
   * The browser's UI language (`de`, `ar`), which picks the extension's catalog and what
   * `i18n.getUILanguage()` answers; the system's (English here) unless asked. Chromium needs
   * Debian's chromium-l10n, Firefox its firefox-esr-l10n-<lang> language pack (.ci/run installs them).
   */
  language?: string;
}

export const EXTENSION_PATHS: Record<ExtensionPath, string> = {
  popup: 'src/popup/index.html',
  options: 'src/options/index.html',
  /** The feed page as Chrome's side panel loads it (Firefox's sidebar adds `?surface=sidebar`). */
  feed: 'src/feed/index.html',
  /** Opened by the worker at install (src/background/welcome.ts). */
  welcome: 'src/welcome/index.html',
};

export interface ExtensionPage {
  /** Types into the input whose visible label is exactly `label`. */
  fill(label: string, value: string): Promise<void>;
  /** The current value of the input labelled `label`. */
  value(label: string): Promise<string>;
  /** Clicks the button whose accessible name is exactly `name`, once it is enabled. */
  click(name: string): Promise<void>;
  /** Whether the button named `name` is disabled. */
  isDisabled(name: string): Promise<boolean>;
  /** Text of the element with this `data-testid` (waits for it to be visible). */
  text(testId: string): Promise<string>;
  /** Waits until the element with this `data-testid` is visible and its text matches. */
  waitForText(testId: string, expected: string | RegExp, timeoutMs?: number): Promise<string>;
  /** Waits for the element with this `data-testid` to be visible. */
  waitFor(testId: string, timeoutMs?: number): Promise<void>;
  /** Texts of every element with this `data-testid`, in document order. */
  texts(testId: string): Promise<string[]>;
  /** The `data-testid` of the focused element; null when it has none (e.g. <body>). */
  focusedTestId(): Promise<string | null>;
  /** Presses a key in the focused element (e.g. "Enter"). */
  press(label: string, key: string): Promise<void>;
  /** Presses a key (or a chord such as "Control+Enter") wherever focus is now, as a keyboard user does. */
  keyboard(key: string): Promise<void>;
  /**
   * Renders the page as with the system's light or dark scheme (`prefers-color-scheme`); false
   * where the driver cannot (puppeteer emulates media features over CDP only, not WebDriver BiDi).
   */
  colorScheme(scheme: 'light' | 'dark'): Promise<boolean>;
  /** Saves a PNG to test-results/screenshots/<browser>-<name>.png; returns the path. */
  screenshot(name: string): Promise<string>;
  /** Evaluates `fn` (function source, no arguments) in the page, e.g. to measure its height. */
  evaluate<T>(fn: string): Promise<T>;
  close(): Promise<void>;
}

/** The feed panel's frame host; its shadow root (holding the feed's iframe) is closed to page scripts. */
export const PANEL_HOST_TAG = 'cruddur-companion-panel';

/** An ordinary web page (the Cruddur web app), where the feed panel may appear. */
export interface WebPage {
  /**
   * Calls `fn` (function source; `this` is the document of the feed frame, the extension page
   * inside the panel's CLOSED shadow root) with `args`, through the browser's debugging
   * protocol, which reaches what page scripts cannot. Resolves to `undefined` when the page has
   * no panel.
   */
  inPanel<T>(fn: string, ...args: (string | number | boolean)[]): Promise<T | undefined>;
  /** Evaluates `fn` (function source, no arguments) in the page's own realm, as a page script. */
  evaluate<T>(fn: string): Promise<T>;
  reload(): Promise<void>;
  screenshot(name: string): Promise<string>;
  /** A real user's click (a trusted event) at viewport coordinates, whatever the page drew there. */
  clickAt(x: number, y: number): Promise<void>;
  /** Makes this the active tab (a background tab's timers are throttled to one a second or less). */
  bringToFront(): Promise<void>;
  close(): Promise<void>;
}

/** A window the browser opened for the extension's web auth flow (a sign-in page on another site). */
export interface AuthWindow extends Pick<ExtensionPage, 'fill' | 'click' | 'screenshot'> {
  url(): string;
  /** Closes the window as a user would: the flow ends without a redirect. */
  close(): Promise<void>;
  /**
   * Chromium only (DevTools `WebAuthn`): a virtual platform authenticator for this window, holding
   * `credentials` (a passkey made in an earlier window: the same device). Its `added()` lists the
   * passkeys registered through it, taken as they are made, so a window that closes right after
   * loses none.
   */
  virtualAuthenticator?(credentials?: VirtualCredential[]): Promise<{ added(): VirtualCredential[] }>;
}

/** A passkey as DevTools' `WebAuthn` domain gives and takes it (private key included). */
export interface VirtualCredential {
  credentialId: string;
  isResidentCredential: boolean;
  rpId?: string;
  privateKey: string;
  userHandle?: string;
  signCount: number;
}

export interface NetworkExchange {
  url: string;
  method: string;
  /** Lower-cased header names. */
  headers: Record<string, string>;
  body: string | null;
  status: number | null;
  /** Set when the service worker (the background) sent it. */
  fromServiceWorker: boolean;
  at: number;
}

export interface ExtensionDriver {
  readonly browser: BrowserName;
  readonly extensionId: string;
  /** Opens an extension page as a tab, sized like the popup unless `width` says otherwise. */
  open(path: ExtensionPath, o?: { width?: number; height?: number }): Promise<ExtensionPage>;
  /** Opens a web page in a new tab. */
  openWeb(url: string, o?: { width?: number; height?: number }): Promise<WebPage>;
  /** Stops the background (MV3 worker / event page), as the browser does when it is idle. */
  stopBackground(): Promise<void>;
  /** Requests seen so far, oldest first (the background's own fetches included). */
  network(): readonly NetworkExchange[];
  /**
   * The window the browser opened for `identity.launchWebAuthFlow`, once it shows a page whose
   * URL matches `url`: a real user's window, filled by label and clicked by name like our pages.
   */
  authWindow(url: RegExp, timeoutMs?: number): Promise<AuthWindow>;
  /** Closes the browser and deletes its profile; safe to call twice. */
  close(): Promise<void>;
}

export const SCREENSHOT_DIR = resolve(import.meta.dirname, '../../test-results/screenshots');

export async function screenshotPath(browser: BrowserName, name: string): Promise<string> {
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  return join(SCREENSHOT_DIR, `${browser}-${name}.png`);
}

/** How long a driver's own waits (for a field, a button, a text) last; well under the e2e test timeout. */
export const ACTION_TIMEOUT_MS = 15_000;

/** Rejects after `ms` with a message naming what was awaited. */
export function withDeadline<T>(what: string, ms: number, work: Promise<T>): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`Timed out after ${ms} ms: ${what}`)), ms);
  });
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}
