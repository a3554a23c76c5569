/**
 * The web app's session, offered to the user and handed over only when they accept.
 * While the extension is signed out, the page's storage is re-read when it may have changed
 * (another tab wrote it, the tab regained focus, or the single-page app signed in meanwhile).
 */
import { useEffect, useState } from 'preact/hooks';
import type { SignInOutcome } from '../shared/messages.ts';
import { RequestError, send } from '../shared/messaging.ts';
import { findWebSession, readRefreshToken, RECHECK_MS, type WebSession } from './web-session.ts';

const same = (a: WebSession | null, b: WebSession | null) => a?.username === b?.username && a?.label === b?.label;

/** The page's session for `clientId`, kept current while `active`; null otherwise. */
export function useWebSession(clientId: string | null, active: boolean, storage: Storage = localStorage): WebSession | null {
  const [session, setSession] = useState<WebSession | null>(null);
  useEffect(() => {
    if (!clientId || !active) {
      setSession(null);
      return undefined;
    }
    const check = () => {
      const found = findWebSession(clientId, storage);
      setSession((current) => (same(current, found) ? current : found));
    };
    check();
    const timer = setInterval(check, RECHECK_MS);
    addEventListener('storage', check);
    addEventListener('focus', check);
    document.addEventListener('visibilitychange', check);
    return () => {
      clearInterval(timer);
      removeEventListener('storage', check);
      removeEventListener('focus', check);
      document.removeEventListener('visibilitychange', check);
    };
  }, [clientId, active, storage]);
  return session;
}

/**
 * The one moment a token passes through the content script: the user clicked "Continue as",
 * so the refresh token goes straight from the page's storage to the background, which proves
 * it with Cognito. It is not kept, logged or rendered.
 */
export async function adoptWebSession(session: WebSession, storage: Storage = localStorage): Promise<SignInOutcome> {
  const refreshToken = readRefreshToken(session, storage);
  if (!refreshToken) {
    throw new RequestError({ code: 'web-session-gone', message: 'That Cruddur session has ended. Sign in instead.' });
  }
  return send('auth/adopt-web-session', { clientId: session.clientId, refreshToken });
}
