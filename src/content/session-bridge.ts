/**
 * Reports the web app's session to the background, which proves it with Cognito and keeps it
 * as an offer for the extension's own pages. Reporting adopts nothing, and the answer says only
 * whether an offer exists: the confirming click happens in the toolbar popup, where no page
 * script can restyle, cover or click it, and the name is shown there, from Cognito's answer.
 *
 * While the extension is signed out, the page's storage is re-read when it may have changed
 * (another tab wrote it, the tab regained focus, or the single-page app signed in meanwhile).
 */
import { browser } from '../shared/browser.ts';
import type { WebSessionReport } from '../shared/messages.ts';
import { send } from '../shared/messaging.ts';
import { findWebSession, RECHECK_MS, sameSession, type ReadableStorage } from './web-session.ts';

/** Whether this content script outlived its extension (reloaded, updated or removed). */
const orphaned = () => !browser.runtime?.id;

/**
 * Keeps the background told about the page's session for `clientId` until `signal` aborts, or
 * until the extension is gone (a reload or an update leaves this script running in open tabs,
 * where it could only fail every two seconds for the tab's life).
 * Only a changed finding is sent (or any finding when the tab comes back into view: the offer
 * may have been used meanwhile). The background ignores reports while the extension is signed
 * in, without calling Cognito, and never spends more than a small budget of Cognito calls on an
 * origin's reports (background/report-budget.ts).
 */
export function reportWebSession(clientId: string, outer: AbortSignal, storage: ReadableStorage = localStorage, gone = orphaned): void {
  const own = new AbortController();
  const signal = AbortSignal.any([outer, own.signal]);
  // The last finding sent; kept in this closure (the content script's own world), never rendered.
  let sent: WebSessionReport | null | undefined;
  // Set when the background's budget for this origin was spent: one report once it is not.
  let retry: ReturnType<typeof setTimeout> | undefined;
  const check = (force = false) => {
    if (signal.aborted) return;
    const found = findWebSession(clientId, storage);
    if (!force && sent !== undefined && sameSession(sent, found)) return;
    sent = found;
    send('web-session/report', found).then(
      (answer) => {
        clearTimeout(retry);
        if (answer?.retryInMs) retry = setTimeout(() => check(true), answer.retryInMs);
      },
      () => {
        if (gone()) return own.abort();
        sent = undefined; // the worker is restarting: try again next time
      },
    );
  };
  // Only the browser's own events count: a page can dispatch `focus` or `visibilitychange` as
  // often as it likes (issue 20 re-sent a report for each), but not a trusted one.
  const recheck = (event?: Event) => (!event || event.isTrusted) && check();
  const refocus = (event: Event) => event.isTrusted && check(true);
  check();
  const timer = setInterval(() => check(), RECHECK_MS);
  addEventListener('storage', recheck, { signal });
  addEventListener('focus', refocus, { signal });
  document.addEventListener('visibilitychange', refocus, { signal });
  signal.addEventListener(
    'abort',
    () => {
      clearInterval(timer);
      clearTimeout(retry);
    },
    { once: true },
  );
}
