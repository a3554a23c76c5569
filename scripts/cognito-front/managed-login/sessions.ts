/**
 * Managed login's browser state, in cookies on its host:
 * - the hosted session (AWS: the `cognito` cookie, 1 hour): a later `/oauth2/authorize` of any
 *   app client of the pool signs the user in without asking again, until `/logout` ends it;
 * - the CSRF token (AWS: `XSRF-TOKEN`), double-submitted by every form, so a page elsewhere
 *   cannot post a sign-in or a passkey registration into managed login.
 * Both cookies are HttpOnly and SameSite=Lax; the session itself lives in this process's memory.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { Expiring } from './expiring.ts';
import { cookies, setCookie, type Request } from './http.ts';

/** AWS's managed-login session lifetime. */
const SESSION_SECONDS = 3600;
const CSRF_COOKIE = 'XSRF-TOKEN';

export interface HostedSession {
  poolId: string;
  /** cognito-local's username. */
  username: string;
}

const cookieName = (poolId: string) => `cognito_${poolId}`;

export class HostedSessions {
  private readonly sessions = new Expiring<HostedSession>(SESSION_SECONDS * 1000);

  /** Starts a session; the Set-Cookie value that holds it. */
  start(session: HostedSession): string {
    return setCookie(cookieName(session.poolId), this.sessions.add(session), SESSION_SECONDS);
  }

  current(req: Request, poolId: string): HostedSession | undefined {
    const found = this.sessions.get(cookies(req).get(cookieName(poolId)));
    return found?.poolId === poolId ? found : undefined;
  }

  /** Ends the pool's session, if any; the Set-Cookie value that clears the cookie. */
  end(req: Request, poolId: string): string {
    this.sessions.delete(cookies(req).get(cookieName(poolId)));
    return setCookie(cookieName(poolId), '', 0);
  }
}

/** The request's CSRF token, and the Set-Cookie that gives the browser one when it has none. */
export function csrfToken(req: Request): { token: string; cookie?: string } {
  const existing = cookies(req).get(CSRF_COOKIE);
  if (existing && /^[\w-]{43}$/.test(existing)) return { token: existing };
  const token = randomBytes(32).toString('base64url');
  return { token, cookie: setCookie(CSRF_COOKIE, token, SESSION_SECONDS) };
}

/** Whether a form's `_csrf` matches the browser's cookie. */
export function csrfMatches(req: Request, form: URLSearchParams): boolean {
  const cookie = cookies(req).get(CSRF_COOKIE) ?? '';
  const sent = form.get('_csrf') ?? '';
  return cookie.length > 0 && cookie.length === sent.length && timingSafeEqual(Buffer.from(cookie), Buffer.from(sent));
}
