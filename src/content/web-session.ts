/**
 * The web app's Cognito session, as Amplify (v5 and v6) and amazon-cognito-identity-js keep it in
 * the page's localStorage:
 *   CognitoIdentityServiceProvider.<clientId>.LastAuthUser = <username> (Amplify v6: the user's sub)
 *   CognitoIdentityServiceProvider.<clientId>.<username>.{idToken,accessToken,refreshToken,clockDrift}
 * A redirect sign-in (Amplify v6 `signInWithRedirect`, managed login) is kept under the same keys:
 * LastAuthUser is then the access token's `username` (a federated user's `<Provider>_<sub>`),
 * beside an `oauthMetadata` key and without `signInDetails`; neither is read here.
 * Only the extension's own client id is looked at: a session of any other app client is none
 * of our business. The ID token is not read at all: every claim in it is page-written and
 * unverified, so who the session belongs to is asked of Cognito, in the background.
 */
import type { WebSessionReport } from '../shared/messages.ts';

const PREFIX = 'CognitoIdentityServiceProvider';

/** How often the page's storage is re-read while the extension is signed out. */
export const RECHECK_MS = 2000;

export type ReadableStorage = Pick<Storage, 'getItem'>;

const key = (clientId: string, ...rest: string[]) => [PREFIX, clientId, ...rest].join('.');

/** The page's session for `clientId`: the two tokens the background needs to prove and adopt it. */
export function findWebSession(clientId: string, storage: ReadableStorage): WebSessionReport | null {
  if (!clientId) return null;
  const username = storage.getItem(key(clientId, 'LastAuthUser'));
  if (!username) return null;
  const accessToken = storage.getItem(key(clientId, username, 'accessToken'));
  const refreshToken = storage.getItem(key(clientId, username, 'refreshToken'));
  if (!accessToken || !refreshToken) return null;
  return { clientId, accessToken, refreshToken };
}

/** Whether two findings are the same session (so it is reported once, not every few seconds). */
export function sameSession(a: WebSessionReport | null, b: WebSessionReport | null): boolean {
  return a?.clientId === b?.clientId && a?.accessToken === b?.accessToken && a?.refreshToken === b?.refreshToken;
}
