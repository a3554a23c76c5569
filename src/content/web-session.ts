/**
 * The web app's Cognito session, as amazon-cognito-identity-js (and Amplify) keep it in the
 * page's localStorage:
 *   CognitoIdentityServiceProvider.<clientId>.LastAuthUser = <username>
 *   CognitoIdentityServiceProvider.<clientId>.<username>.{idToken,accessToken,refreshToken}
 * Only the extension's own client id is looked at: a session of any other app client is none
 * of our business. Finding a session keeps no token: it decodes only the ID token's display claims
 * and looks whether a refresh token is there; the refresh token is taken only when the user
 * accepts (see `readRefreshToken`).
 */
import { decodeJwt } from '../shared/jwt.ts';

const PREFIX = 'CognitoIdentityServiceProvider';

/** How often the panel re-reads the page's storage while the extension is signed out. */
export const RECHECK_MS = 2000;

/** What the panel may show before the user accepts: who, never a token. */
export interface WebSession {
  clientId: string;
  username: string;
  /** `@handle` when the ID token carries `preferred_username`, else the email or username. */
  label: string;
}

type ReadableStorage = Pick<Storage, 'getItem'>;

const key = (clientId: string, ...rest: string[]) => [PREFIX, clientId, ...rest].join('.');

/** The signed-in web-app user for `clientId`, if the page holds a refresh token for them. */
export function findWebSession(clientId: string, storage: ReadableStorage): WebSession | null {
  if (!clientId) return null;
  const username = storage.getItem(key(clientId, 'LastAuthUser'));
  if (!username) return null;
  if (!storage.getItem(key(clientId, username, 'refreshToken'))) return null;
  return { clientId, username, label: displayLabel(storage.getItem(key(clientId, username, 'idToken')), username) };
}

/** Read on click only, and sent straight to the background: it never lands in panel state. */
export function readRefreshToken(session: WebSession, storage: ReadableStorage): string | null {
  return storage.getItem(key(session.clientId, session.username, 'refreshToken'));
}

/** For display only: the claims are not verified here (the background proves the refresh token). */
export function displayLabel(idToken: string | null, username: string): string {
  try {
    const claims = idToken ? decodeJwt(idToken) : {};
    const handle = typeof claims.preferred_username === 'string' ? claims.preferred_username.trim() : '';
    if (handle) return `@${handle}`;
    const email = typeof claims.email === 'string' ? claims.email.trim() : '';
    if (email) return email;
  } catch {
    // A malformed ID token only costs us the nice label.
  }
  return username;
}
