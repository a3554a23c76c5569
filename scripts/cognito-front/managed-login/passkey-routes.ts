/**
 * Passkeys outside the sign-in page:
 * - `/passkeys/add?client_id&redirect_uri` (managed login's page): a signed-in user (hosted
 *   session; otherwise sign-in first, then back here) registers a passkey for managed login's
 *   host, then returns to the app's callback URL;
 * - the user-pool API's StartWebAuthnRegistration, CompleteWebAuthnRegistration,
 *   ListWebAuthnCredentials and DeleteWebAuthnCredential (access token with
 *   `aws.cognito.signin.user.admin`);
 * - USER_AUTH's WEB_AUTHN challenge: `startWebAuthnChallenge` for InitiateAuth, and
 *   `answerWebAuthnChallenge` for RespondToAuthChallenge (ChallengeName WEB_AUTHN).
 */
import type { ServerResponse } from 'node:http';
import type { CognitoDb, StoredUser } from '../cognito-db.ts';
import { CognitoError, invalidParameter } from '../errors.ts';
import type { Json } from '../srp-sign-in.ts';
import type { Claims } from '../tokens.ts';
import { requestQuery } from './authorize-request.ts';
import { oauthClient } from './clients.ts';
import { Expiring } from './expiring.ts';
import type { Grants } from './grants.ts';
import { fields, redirect, sendHtml, type Request } from './http.ts';
import { passkeyAddPage } from './pages.ts';
import type { Passkeys, PasskeyUser } from './passkeys.ts';
import { csrfMatches, csrfToken, type HostedSessions } from './sessions.ts';

export interface PasskeyRouteOptions {
  db: CognitoDb;
  passkeys: Passkeys;
  sessions: HostedSessions;
  grants: Grants;
  /** The front's access-token check; `scope` is the scope the call needs. */
  checkAccess: (token: unknown, scope?: string) => Claims;
}

/** AWS's sign-in session lifetime for a challenge. */
const SESSION_MS = 3 * 60_000;
const attribute = (user: StoredUser, name: string) => user.Attributes?.find((a) => a.Name === name)?.Value;
const passkeyUser = (poolId: string, user: StoredUser): PasskeyUser => ({
  poolId,
  username: user.Username,
  displayName: attribute(user, 'email') ?? user.Username,
  sub: attribute(user, 'sub') ?? user.Username,
});

export function createPasskeyRoutes(o: PasskeyRouteOptions) {
  const { db, passkeys } = o;
  /** USER_AUTH sessions: Session → the challenge it answers. */
  const webAuthnSessions = new Expiring<{ clientId: string; poolId: string; username: string; challengeId: string }>(SESSION_MS);

  const tokenUser = async (token: unknown) => {
    const claims = o.checkAccess(token);
    const client = await db.client(claims.client_id);
    const user = await db.user(client.UserPoolId, claims.username);
    if (!user) throw new CognitoError('UserNotFoundException', 'User does not exist.');
    return passkeyUser(client.UserPoolId, user);
  };
  /** The API registers at most one passkey at a time per user, as AWS keeps one pending challenge. */
  const apiKey = (u: PasskeyUser) => `api:${u.poolId}/${u.username}`;

  const operations: Record<string, (req: Json) => Promise<Json>> = {
    StartWebAuthnRegistration: async (req) => {
      const user = await tokenUser(req.AccessToken);
      const { options } = await passkeys.registrationOptions(user, apiKey(user));
      return { CredentialCreationOptions: options };
    },
    CompleteWebAuthnRegistration: async (req) => {
      const user = await tokenUser(req.AccessToken);
      if (req.Credential === undefined) throw invalidParameter("1 validation error detected: Value null at 'credential' failed to satisfy constraint: Member must not be null");
      await passkeys.register(user, apiKey(user), req.Credential);
      return {};
    },
    ListWebAuthnCredentials: async (req) => {
      const user = await tokenUser(req.AccessToken);
      const Credentials = passkeys.list(user).map((p) => ({
        CredentialId: p.id,
        FriendlyCredentialName: p.friendlyName,
        RelyingPartyId: p.relyingPartyId,
        AuthenticatorAttachment: p.authenticatorAttachment,
        AuthenticatorTransports: p.transports,
        CreatedAt: p.createdAt,
      }));
      return { Credentials };
    },
    DeleteWebAuthnCredential: async (req) => {
      const user = await tokenUser(req.AccessToken);
      if (!passkeys.remove(user, String(req.CredentialId ?? ''))) throw new CognitoError('ResourceNotFoundException', 'The credential was not found.');
      return {};
    },
  };

  /** USER_AUTH with PREFERRED_CHALLENGE WEB_AUTHN (or the user's choice of it): the challenge to answer. */
  const startWebAuthnChallenge = async (s: { clientId: string; poolId: string; username: string }): Promise<Json> => {
    const { options, challengeId } = await passkeys.authenticationOptions(s.poolId, s.username);
    const Session = webAuthnSessions.add({ ...s, challengeId });
    return { ChallengeName: 'WEB_AUTHN', Session, ChallengeParameters: { CREDENTIAL_REQUEST_OPTIONS: JSON.stringify(options) } };
  };

  /** RespondToAuthChallenge WEB_AUTHN: the tokens, once the assertion verifies. */
  const answerWebAuthnChallenge = async (req: Json): Promise<Json> => {
    const session = webAuthnSessions.take(typeof req.Session === 'string' ? req.Session : undefined);
    if (!session || session.clientId !== req.ClientId) throw new CognitoError('NotAuthorizedException', 'Invalid session for the user, session is expired.');
    const responses = (req.ChallengeResponses ?? {}) as Record<string, unknown>;
    const credential = typeof responses.CREDENTIAL === 'string' ? (JSON.parse(responses.CREDENTIAL) as unknown) : responses.CREDENTIAL;
    const username = await passkeys.authenticate(session.poolId, session.challengeId, credential);
    const tokens = await o.grants.mint(session.poolId, username, session.clientId);
    return { ChallengeParameters: {}, AuthenticationResult: { ...tokens, TokenType: 'Bearer' } };
  };

  /** `/passkeys/add`: GET shows the page (or sends the user to sign in first), POST registers. */
  const addPage = async (req: Request, res: ServerResponse) => {
    const q = req.url.searchParams;
    const client = await oauthClient(db, q.get('client_id')).catch(() => undefined);
    const redirectUri = q.get('redirect_uri') ?? '';
    if (!client) return redirect(res, `/error?${new URLSearchParams({ error: 'invalid_client', client_id: q.get('client_id') ?? '' })}`);
    if (!(client.CallbackURLs ?? []).includes(redirectUri)) return redirect(res, `/error?${new URLSearchParams({ error: 'redirect_mismatch', client_id: client.ClientId })}`);
    const session = o.sessions.current(req, client.UserPoolId);
    const user = session && (await db.user(client.UserPoolId, session.username));
    if (!user) {
      const signIn = requestQuery({ clientId: client.ClientId, redirectUri, responseType: 'code', scopes: client.AllowedOAuthScopes ?? [] });
      signIn.set('ml_next', 'passkeys_add');
      return redirect(res, `/login?${signIn}`);
    }
    const who = passkeyUser(client.UserPoolId, user);
    const csrf = csrfToken(req);
    const show = async (status: number, error?: string) => {
      const { options, challengeId } = await passkeys.registrationOptions(who);
      const page = passkeyAddPage({ action: `/passkeys/add?${q}`, csrf: csrf.token, user: who.displayName, options: JSON.stringify(options), challengeId, error });
      sendHtml(res, status, page, csrf.cookie ? { 'set-cookie': [csrf.cookie] } : {});
    };
    if (req.method !== 'POST') return show(200);
    const form = fields(req);
    if (!csrfMatches(req, form)) return show(400, 'This page expired. Please try again.');
    try {
      await passkeys.register(who, form.get('challenge_id') ?? '', JSON.parse(form.get('credential') || 'null'));
    } catch (error) {
      if (!(error instanceof CognitoError) && !(error instanceof SyntaxError)) throw error;
      return show(400, 'The passkey could not be added. Try again.');
    }
    redirect(res, redirectUri);
  };

  return { operations, addPage, startWebAuthnChallenge, answerWebAuthnChallenge };
}
