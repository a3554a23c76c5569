/**
 * Reports the web app's session to the background, which proves it with Cognito and keeps it
 * as an offer for the extension's own pages. Reporting adopts nothing, and the answer says only
 * whether an offer exists: the confirming click happens in the toolbar popup, where no page
 * script can restyle, cover or click it, and the name is shown there, from Cognito's answer.
 *
 * While the extension is signed out, the page's storage is re-read when it may have changed
 * (another tab wrote it, the tab regained focus, or the single-page app signed in meanwhile).
 */
import { useEffect, useState } from 'preact/hooks';
import type { WebSessionReport } from '../shared/messages.ts';
import { send } from '../shared/messaging.ts';
import { findWebSession, RECHECK_MS, sameSession } from './web-session.ts';

/**
 * Keeps the background told about the page's session for `clientId` while `active`; true while
 * the background holds a proven offer for it.
 */
export function useWebSessionOffer(clientId: string | null, active: boolean, storage: Storage = localStorage): boolean {
  const [offered, setOffered] = useState(false);
  useEffect(() => {
    if (!clientId || !active) {
      setOffered(false);
      return undefined;
    }
    // The last finding sent; kept in this closure (the content script's own world), never rendered.
    let sent: WebSessionReport | null | undefined;
    let live = true;
    const check = (force = false) => {
      const found = findWebSession(clientId, storage);
      if (!force && sent !== undefined && sameSession(sent, found)) return;
      sent = found;
      send('web-session/report', found).then(
        (answer) => live && setOffered(answer.offered),
        () => live && setOffered(false),
      );
    };
    const recheck = () => check();
    // Back to the tab: ask again even if nothing changed (the offer may have been used meanwhile).
    const refocus = () => check(true);
    check();
    const timer = setInterval(recheck, RECHECK_MS);
    addEventListener('storage', recheck);
    addEventListener('focus', refocus);
    document.addEventListener('visibilitychange', refocus);
    return () => {
      live = false;
      clearInterval(timer);
      removeEventListener('storage', recheck);
      removeEventListener('focus', refocus);
      document.removeEventListener('visibilitychange', refocus);
    };
  }, [clientId, active, storage]);
  return offered;
}
