/**
 * The browser-facing endpoints of managed login: `/oauth2/authorize` (to `/login`, to the
 * identity provider, or straight back with a code while the hosted session lasts), `/login`
 * (email and password through the front's own InitiateAuth, then whatever challenge the pool asks
 * for: MFA, MFA setup, a new password; or a passkey), `/oauth2/idpresponse`, `/logout` and
 * `/error`. Sign-in goes through the front's API operations, so the password policy, lockout
 * wording, MFA and revocation are exactly those of the API.
 */
import type { ServerResponse } from 'node:http';
import type { CognitoDb } from '../cognito-db.ts';
import { CognitoError } from '../errors.ts';
import { params, type Json } from '../srp-sign-in.ts';
import { decodeJwt } from '../tokens.ts';
import { checkAuthorizeRequest, errorRedirect, requestQuery, type AuthorizeRequest, type Checked } from './authorize-request.ts';
import type { OAuthClient } from './clients.ts';
import type { Federation } from './federation.ts';
import { tokensOf, type Grants, type Tokens } from './grants.ts';
import { fields, redirect, sendHtml, type Request } from './http.ts';
import type { FrontCall } from './oauth-endpoints.ts';
import { challengePage, errorPage, signInPage } from './pages.ts';
import type { Passkeys } from './passkeys.ts';
import { csrfMatches, csrfToken, type HostedSessions } from './sessions.ts';
import type { ManagedLoginStore } from './store.ts';

export interface HostedContext {
  db: CognitoDb;
  store: ManagedLoginStore;
  grants: Grants;
  passkeys: Passkeys;
  sessions: HostedSessions;
  federation: Federation;
  call: FrontCall;
  /** Managed login's origin as this request reached it (`http://localhost:<port>`). */
  base: (req: Request) => string;
}

/** The sentence each error page shows (AWS's own pages are as terse). */
const PAGE_ERRORS: Record<string, string> = {
  redirect_mismatch: 'The redirect URL is not one this app allows. Ask the app to list it as a callback URL.',
  invalid_client: 'This app is not known to the user pool.',
  invalid_request: 'This sign-in link is not valid or has expired. Start again from the app.',
  unauthorized_client: 'This app may not sign users in here.',
};
/** Plain sentences for the Cognito errors a sign-in form can meet. */
const SIGN_IN_ERRORS: Record<string, string> = {
  NotAuthorizedException: 'Incorrect email or password.',
  UserNotFoundException: 'Incorrect email or password.',
  CodeMismatchException: 'That code is not right. Check it and try again.',
  ExpiredCodeException: 'That code has expired or was already used. Start again to get a new one.',
  UserNotConfirmedException: 'This account is not confirmed yet. Confirm it from the app first.',
  PasswordResetRequiredException: 'This account needs a password reset. Reset it from the app first.',
  LimitExceededException: 'Too many attempts. Wait a while, then try again.',
  TooManyRequestsException: 'Too many attempts. Wait a while, then try again.',
  InvalidParameterException: 'Check what you entered and try again.',
};
const EXPIRED_FORM = 'This page expired. Please try again.';

/** What a refused sign-in step says: the policy's own words for a new password, else a plain sentence. */
const sentenceFor = (error: CognitoError) =>
  error.code === 'InvalidPasswordException' ? error.message : (SIGN_IN_ERRORS[error.code] ?? 'Something went wrong. Please try again.');

export function createHostedPages(c: HostedContext) {
  const showError = (res: ServerResponse, code: string) => sendHtml(res, 400, errorPage(code, PAGE_ERRORS[code] ?? PAGE_ERRORS.invalid_request ?? ''));

  /** The checked request, or the answer it already got (error page or error redirect). */
  const checked = async (q: URLSearchParams, res: ServerResponse): Promise<Extract<Checked, { ok: true }> | undefined> => {
    const result = await checkAuthorizeRequest(c.db, q);
    if (result.ok) return result;
    if ('page' in result) redirect(res, `/error?${new URLSearchParams({ error: result.page, client_id: q.get('client_id') ?? '' })}`);
    else redirect(res, result.redirect);
    return undefined;
  };

  /** The user is signed in: start (or keep) the hosted session and send them on. */
  const signedIn = (req: Request, res: ServerResponse, request: AuthorizeRequest, client: OAuthClient, username: string, tokens: Tokens) => {
    const cookie = c.sessions.start({ poolId: client.UserPoolId, username });
    if (req.url.searchParams.get('ml_next') === 'passkeys_add') {
      return redirect(res, `/passkeys/add?${new URLSearchParams({ client_id: request.clientId, redirect_uri: request.redirectUri })}`, [cookie]);
    }
    redirect(res, c.grants.redirectFor(request, tokens), [cookie]);
  };

  const renderSignIn = async (req: Request, res: ServerResponse, ok: Extract<Checked, { ok: true }>, extra: { email?: string; error?: string } = {}) => {
    const csrf = csrfToken(req);
    const query = new URLSearchParams(req.url.searchParams);
    const supported = ok.client.SupportedIdentityProviders ?? [];
    const providers = supported
      .filter((name) => name !== 'COGNITO' && c.store.provider(ok.client.UserPoolId, name))
      .map((name) => ({ name, href: `/oauth2/authorize?${new URLSearchParams({ ...Object.fromEntries(requestQuery(ok.request)), identity_provider: name })}` }));
    const { options, challengeId } = await c.passkeys.authenticationOptions(ok.client.UserPoolId);
    const page = signInPage({ query: query.toString(), csrf: csrf.token, providers, passkeyOptions: JSON.stringify(options), passkeyChallenge: challengeId, ...extra });
    sendHtml(res, extra.error ? 400 : 200, page, csrf.cookie ? { 'set-cookie': [csrf.cookie] } : {});
  };

  /** Answers a Cognito sign-in result: tokens finish the sign-in, a challenge gets its page. */
  const afterStep = async (req: Request, res: ServerResponse, ok: Extract<Checked, { ok: true }>, result: Json) => {
    if (result.AuthenticationResult) {
      const tokens = tokensOf(result);
      return signedIn(req, res, ok.request, ok.client, String(decodeJwt(tokens.AccessToken)?.username ?? ''), tokens);
    }
    const challenge = String(result.ChallengeName ?? '');
    const parameters = params(result.ChallengeParameters);
    let session = String(result.Session ?? '');
    const page = { query: req.url.searchParams.toString(), csrf: csrfToken(req).token, challenge, session, username: String(parameters.USER_ID_FOR_SRP ?? '') };
    if (challenge === 'MFA_SETUP') {
      const associated = await c.call('AssociateSoftwareToken', { Session: session });
      session = String(associated.Session ?? '');
      return sendHtml(res, 200, challengePage({ ...page, session, secret: String(associated.SecretCode ?? '') }));
    }
    const options = typeof parameters.MFAS_CAN_CHOOSE === 'string' ? (JSON.parse(parameters.MFAS_CAN_CHOOSE) as string[]) : undefined;
    sendHtml(res, 200, challengePage({ ...page, destination: String(parameters.CODE_DELIVERY_DESTINATION ?? ''), options }));
  };

  /** RespondToAuthChallenge for the step the form answers. */
  const respond = async (form: URLSearchParams, clientId: string): Promise<Json> => {
    const challenge = form.get('challenge') ?? '';
    const base = { ClientId: clientId, ChallengeName: challenge, Session: form.get('session') ?? '' };
    const USERNAME = form.get('username') ?? '';
    const code = (form.get('code') ?? '').replace(/[\s-]/g, '');
    switch (challenge) {
      case 'SOFTWARE_TOKEN_MFA':
        return c.call('RespondToAuthChallenge', { ...base, ChallengeResponses: { USERNAME, SOFTWARE_TOKEN_MFA_CODE: code } });
      case 'EMAIL_OTP':
        return c.call('RespondToAuthChallenge', { ...base, ChallengeResponses: { USERNAME, EMAIL_OTP_CODE: code } });
      case 'SELECT_MFA_TYPE':
        return c.call('RespondToAuthChallenge', { ...base, ChallengeResponses: { USERNAME, ANSWER: form.get('answer') ?? '' } });
      case 'MFA_SETUP': {
        const verified = await c.call('VerifySoftwareToken', { Session: base.Session, UserCode: code });
        return c.call('RespondToAuthChallenge', { ...base, Session: String(verified.Session ?? ''), ChallengeResponses: { USERNAME } });
      }
      case 'NEW_PASSWORD_REQUIRED':
        return c.call('RespondToAuthChallenge', { ...base, ChallengeResponses: { USERNAME, NEW_PASSWORD: form.get('new_password') ?? '' } });
      default:
        throw new CognitoError('InvalidParameterException', `Unknown challenge ${challenge}`);
    }
  };

  const login = async (req: Request, res: ServerResponse) => {
    const ok = await checked(req.url.searchParams, res);
    if (!ok) return;
    if (req.method !== 'POST') return renderSignIn(req, res, ok);
    const form = fields(req);
    if (!csrfMatches(req, form)) return renderSignIn(req, res, ok, { error: EXPIRED_FORM, email: form.get('email') ?? '' });
    const step = form.get('step');
    try {
      if (step === 'passkey') {
        const username = await c.passkeys.authenticate(ok.client.UserPoolId, form.get('challenge_id') ?? '', JSON.parse(form.get('credential') || 'null'));
        return signedIn(req, res, ok.request, ok.client, username, await c.grants.mint(ok.client.UserPoolId, username, ok.client.ClientId));
      }
      if (step === 'challenge') return await afterStep(req, res, ok, await respond(form, ok.client.ClientId));
      const email = form.get('email') ?? '';
      const result = await c.call('InitiateAuth', { AuthFlow: 'USER_PASSWORD_AUTH', ClientId: ok.client.ClientId, AuthParameters: { USERNAME: email, PASSWORD: form.get('password') ?? '' } });
      return await afterStep(req, res, ok, result);
    } catch (error) {
      if (!(error instanceof CognitoError) && !(error instanceof SyntaxError)) throw error;
      const sentence = error instanceof CognitoError ? sentenceFor(error) : SIGN_IN_ERRORS.InvalidParameterException;
      if (step === 'challenge' && !(error instanceof CognitoError && ['NotAuthorizedException', 'ExpiredCodeException'].includes(error.code))) {
        // A wrong code keeps the step (and its session), as the API does.
        // MFA_SETUP's key and EMAIL_OTP's destination stay on the page (they came with the form).
        const page = { query: req.url.searchParams.toString(), csrf: csrfToken(req).token, challenge: form.get('challenge') ?? '', session: form.get('session') ?? '', username: form.get('username') ?? '', secret: form.get('secret') ?? undefined, destination: form.get('destination') ?? undefined };
        return sendHtml(res, 400, challengePage({ ...page, error: sentence }));
      }
      return renderSignIn(req, res, ok, { email: form.get('email') ?? '', error: sentence });
    }
  };

  const authorize = async (req: Request, res: ServerResponse) => {
    const ok = await checked(req.url.searchParams, res);
    if (!ok) return;
    const { request, client } = ok;
    let providerName = request.identityProvider;
    if (request.idpIdentifier) providerName = c.store.providers(client.UserPoolId).find((p) => p.IdpIdentifiers.includes(request.idpIdentifier ?? ''))?.ProviderName;
    if (providerName && providerName !== 'COGNITO') {
      const provider = c.store.provider(client.UserPoolId, providerName);
      if (!provider || !(client.SupportedIdentityProviders ?? []).includes(providerName)) {
        return redirect(res, errorRedirect(request.redirectUri, 'invalid_request', `identity provider ${providerName} is not available`, request.state));
      }
      return redirect(res, await c.federation.start(provider, request, c.base(req)));
    }
    const session = request.prompt === 'login' ? undefined : c.sessions.current(req, client.UserPoolId);
    if (session) return signedIn(req, res, request, client, session.username, await c.grants.mint(client.UserPoolId, session.username, client.ClientId));
    if (request.prompt === 'none') return redirect(res, errorRedirect(request.redirectUri, 'login_required', 'The user is not signed in', request.state));
    redirect(res, `/login?${requestQuery(request)}`);
  };

  const idpResponse = async (req: Request, res: ServerResponse) => {
    const trip = c.federation.take(req.url.searchParams.get('state'));
    if (!trip) return showError(res, 'invalid_request');
    const { request } = trip;
    const error = req.url.searchParams.get('error');
    if (error) return redirect(res, errorRedirect(request.redirectUri, error, req.url.searchParams.get('error_description') ?? error, request.state));
    const client = (await c.db.client(request.clientId)) as OAuthClient;
    let username: string;
    try {
      username = await c.federation.finish(trip, req.url);
    } catch (failure) {
      return redirect(res, errorRedirect(request.redirectUri, 'invalid_request', `The identity provider's answer was refused: ${(failure as Error).message}`, request.state));
    }
    signedIn(req, res, request, client, username, await c.grants.mint(client.UserPoolId, username, client.ClientId));
  };

  /** `/logout?client_id&logout_uri` (signed out, back to the app) or `&redirect_uri&response_type` (signed out, sign in again). */
  const logout = async (req: Request, res: ServerResponse) => {
    const q = req.url.searchParams;
    let client: OAuthClient;
    try {
      client = (await c.db.client(q.get('client_id'))) as OAuthClient;
    } catch {
      return showError(res, 'invalid_client');
    }
    const cleared = c.sessions.end(req, client.UserPoolId);
    const logoutUri = q.get('logout_uri');
    if (logoutUri !== null) {
      if (!(client.LogoutURLs ?? []).includes(logoutUri)) return showError(res, 'redirect_mismatch');
      return redirect(res, logoutUri, [cleared]);
    }
    if (!(client.CallbackURLs ?? []).includes(q.get('redirect_uri') ?? '')) return showError(res, 'redirect_mismatch');
    redirect(res, `/login?${q}`, [cleared]);
  };

  const error = async (req: Request, res: ServerResponse) => showError(res, req.url.searchParams.get('error') ?? 'invalid_request');

  return { authorize, login, idpResponse, logout, error };
}
