/**
 * Reports the web app's session to the background, which proves it with Cognito and keeps it
 * as an offer for the extension's own pages. Reporting adopts nothing, and the answer says only
 * whether an offer exists: the confirming click happens in the toolbar popup, where no page
 * script can restyle, cover or click it, and the name is shown there, from Cognito's answer.
 *
 * While the extension is signed out, the page's storage is re-read when it may have changed
 * (another tab wrote it, the tab regained focus, or the single-page app signed in meanwhile).
 */
import type { WebSessionReport } from '../shared/messages.ts';
import { send } from '../shared/messaging.ts';
import { findWebSession, RECHECK_MS, sameSession } from './web-session.ts';

/**
 * Keeps the background told about the page's session for `clientId` until `signal` aborts.
 * Only a changed finding is sent (or any finding when the tab comes back into view: the offer
 * may have been used meanwhile). The background ignores reports while the extension is signed
 * in, without calling Cognito.
 */
export function reportWebSession(clientId: string, signal: AbortSignal, storage: Storage = localStorage): void {
  // The last finding sent; kept in this closure (the content script's own world), never rendered.
  let sent: WebSessionReport | null | undefined;
  const check = (force = false) => {
    if (signal.aborted) return;
    const found = findWebSession(clientId, storage);
    if (!force && sent !== undefined && sameSession(sent, found)) return;
    sent = found;
    send('web-session/report', found).catch(() => {
      sent = undefined; // the worker restarts or the extension was removed: try again next time
    });
  };
  const recheck = () => check();
  const refocus = () => check(true);
  check();
  const timer = setInterval(recheck, RECHECK_MS);
  addEventListener('storage', recheck, { signal });
  addEventListener('focus', refocus, { signal });
  document.addEventListener('visibilitychange', refocus, { signal });
  signal.addEventListener('abort', () => clearInterval(timer), { once: true });
}
