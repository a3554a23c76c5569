import { readFileSync } from 'node:fs';
import {
  AuthenticationDetails,
  CognitoUser,
  CognitoUserPool,
  type CognitoUserSession,
  type ICognitoStorage,
} from 'amazon-cognito-identity-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCognitoFront, type CognitoFront } from '../../scripts/cognito-front/front.ts';
import { DEMO_USER } from '../../scripts/lib/bootstrap.ts';
import { poolDbPath, readConfirmationCode } from '../../scripts/lib/codes.ts';
import type { LocalCognito } from '../../scripts/lib/local-cognito.ts';
import { cognitoCall } from '../support/cognito-call.ts';
import { expectingCalls, startFrontFixture, type FrontFixture } from '../support/front-fixture.ts';

// Cognito's wire JSON, read by field path in assertions: typing every reply adds nothing here.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;
const INCORRECT = { code: 'NotAuthorizedException', message: 'Incorrect username or password.' };
const PASSWORD = 'Str0ng-Passw0rd!';

let f: FrontFixture;
let dir: string;
let cognito: LocalCognito;
let front: CognitoFront;
let userPoolId: string;
let clientId: string;
let seq = 0;

beforeAll(async () => {
  f = await startFrontFixture();
  ({ dir, cognito, userPoolId, clientId } = f);
  front = cognito.front;
});

afterAll(() => f?.stop());

/** One Cognito JSON call to the front (signed: the administrative calls need it, the public ones ignore it). */
const call = (op: string, body: Json, url = front.url) => cognitoCall(url, op, body, front.credentials);
const { ok, fails } = expectingCalls(call);

function mapStorage(): ICognitoStorage {
  const m = new Map<string, string>();
  return {
    setItem: (k, v) => void m.set(k, v),
    getItem: (k) => m.get(k) ?? null,
    removeItem: (k) => void m.delete(k),
    clear: () => m.clear(),
  };
}
const libraryPool = () => new CognitoUserPool({ UserPoolId: userPoolId, ClientId: clientId, endpoint: front.url, Storage: mapStorage() });

type SignInOutcome = { session: CognitoUserSession } | { newPasswordRequired: CognitoUser } | { error: { code: string; message: string } };
/** amazon-cognito-identity-js's default flow (USER_SRP_AUTH), as the extension runs it. */
function srpSignIn(username: string, password: string): Promise<SignInOutcome> {
  const user = new CognitoUser({ Username: username, Pool: libraryPool() });
  return new Promise((resolve) =>
    user.authenticateUser(new AuthenticationDetails({ Username: username, Password: password }), {
      onSuccess: (session) => resolve({ session }),
      onFailure: (err: { code: string; message: string }) => resolve({ error: { code: err.code, message: err.message } }),
      newPasswordRequired: () => resolve({ newPasswordRequired: user }),
    }),
  );
}
const claims = (jwt: string) => JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString()) as Json;

/** A fresh, unconfirmed sign-up through the front. */
async function signUp(): Promise<string> {
  const email = `user${++seq}-${Date.now()}@cruddur.local`;
  await ok('SignUp', {
    ClientId: clientId,
    Username: email,
    Password: PASSWORD,
    UserAttributes: [
      { Name: 'email', Value: email },
      { Name: 'name', Value: 'Test User' },
      { Name: 'preferred_username', Value: `user${seq}` },
    ],
  });
  return email;
}
async function passwordTokens(email: string, password = PASSWORD): Promise<Json> {
  const r = await ok('InitiateAuth', { AuthFlow: 'USER_PASSWORD_AUTH', ClientId: clientId, AuthParameters: { USERNAME: email, PASSWORD: password } });
  return r.AuthenticationResult as Json;
}
/** An admin-created user in FORCE_CHANGE_PASSWORD, and the NEW_PASSWORD_REQUIRED session for it. */
async function adminCreated(): Promise<{ email: string; temporary: string }> {
  const email = `admin${++seq}-${Date.now()}@cruddur.local`;
  const temporary = 'Temp-Passw0rd!';
  await ok('AdminCreateUser', {
    UserPoolId: userPoolId,
    Username: email,
    TemporaryPassword: temporary,
    MessageAction: 'SUPPRESS',
    UserAttributes: [{ Name: 'email', Value: email }, { Name: 'email_verified', Value: 'true' }],
  });
  return { email, temporary };
}

describe('cognito front: SRP sign-in (USER_SRP_AUTH + PASSWORD_VERIFIER)', () => {
  it("the library's default SRP flow signs the demo user in with cognito-local's tokens", async () => {
    const started = performance.now();
    const outcome = await srpSignIn(DEMO_USER.email, DEMO_USER.password);
    const ms = performance.now() - started;
    if (!('session' in outcome)) throw new Error(`expected a session, got ${JSON.stringify(outcome)}`);
    const access = claims(outcome.session.getAccessToken().getJwtToken());
    expect(access).toMatchObject({ iss: `${front.url}/${userPoolId}`, token_use: 'access', client_id: clientId });
    expect(claims(outcome.session.getIdToken().getJwtToken())).toMatchObject({ email: DEMO_USER.email, aud: clientId });
    const user = await ok('GetUser', { AccessToken: outcome.session.getAccessToken().getJwtToken() });
    expect(user.Username).toBe(access.username);
    console.info(`SRP sign-in wall time: ${ms.toFixed(0)} ms`);
  });

  it.each([
    ['a wrong password', DEMO_USER.email, 'Wrong-Passw0rd!'],
    ['an unknown user', 'nobody@cruddur.local', PASSWORD],
  ])('SRP with %s fails with NotAuthorizedException "Incorrect username or password."', async (_case, username, password) => {
    expect(await srpSignIn(username, password)).toEqual({ error: INCORRECT });
  });

  it('SRP for an unconfirmed user with the right password fails with UserNotConfirmedException', async () => {
    const email = await signUp();
    expect(await srpSignIn(email, PASSWORD)).toMatchObject({ error: { code: 'UserNotConfirmedException' } });
  });

  it('SRP for an admin-created user asks for a new password, and the new password signs in', async () => {
    const { email, temporary } = await adminCreated();
    const outcome = await srpSignIn(email, temporary);
    if (!('newPasswordRequired' in outcome)) throw new Error(`expected newPasswordRequired, got ${JSON.stringify(outcome)}`);
    const session = await new Promise<CognitoUserSession>((resolve, reject) =>
      outcome.newPasswordRequired.completeNewPasswordChallenge(PASSWORD, {}, { onSuccess: resolve, onFailure: reject }),
    );
    expect(claims(session.getAccessToken().getJwtToken()).token_use).toBe('access');
    expect(await srpSignIn(email, PASSWORD)).toHaveProperty('session');
  });

  it('a PASSWORD_VERIFIER answer with a forged signature fails with NotAuthorizedException', async () => {
    const challenge = await ok('InitiateAuth', {
      AuthFlow: 'USER_SRP_AUTH',
      ClientId: clientId,
      AuthParameters: { USERNAME: DEMO_USER.email, SRP_A: 'ab'.repeat(384) },
    });
    const p = challenge.ChallengeParameters as Json;
    expect(Object.keys(p).sort()).toEqual(['SALT', 'SECRET_BLOCK', 'SRP_B', 'USERNAME', 'USER_ID_FOR_SRP']);
    const answer = {
      ChallengeName: 'PASSWORD_VERIFIER',
      ClientId: clientId,
      ChallengeResponses: {
        USERNAME: p.USER_ID_FOR_SRP,
        PASSWORD_CLAIM_SECRET_BLOCK: p.SECRET_BLOCK,
        TIMESTAMP: 'Mon Jan 5 10:00:00 UTC 2026',
        PASSWORD_CLAIM_SIGNATURE: Buffer.alloc(32).toString('base64'),
      },
    };
    expect(await fails('RespondToAuthChallenge', answer)).toEqual(INCORRECT);
    // The challenge is single-use: a second answer finds no session.
    expect(await fails('RespondToAuthChallenge', answer)).toEqual({
      code: 'NotAuthorizedException',
      message: 'Invalid session for the user, session is expired.',
    });
  });
});

describe('cognito front: USER_PASSWORD_AUTH failures as AWS words them', () => {
  it.each([
    ['a wrong password', DEMO_USER.email, 'Wrong-Passw0rd!'],
    ['an unknown user', 'nobody@cruddur.local', PASSWORD],
  ])('USER_PASSWORD_AUTH with %s fails with NotAuthorizedException', async (_case, USERNAME, PASSWORD) => {
    const body = { AuthFlow: 'USER_PASSWORD_AUTH', ClientId: clientId, AuthParameters: { USERNAME, PASSWORD } };
    expect(await fails('InitiateAuth', body)).toEqual(INCORRECT);
  });

  it('USER_PASSWORD_AUTH for an admin-created user with a wrong temporary password fails with NotAuthorizedException', async () => {
    const { email } = await adminCreated();
    const body = { AuthFlow: 'USER_PASSWORD_AUTH', ClientId: clientId, AuthParameters: { USERNAME: email, PASSWORD: 'Not-The-Temp1!' } };
    expect(await fails('InitiateAuth', body)).toEqual(INCORRECT);
  });
});

describe('cognito front: ResendConfirmationCode', () => {
  it('a resent code confirms the user (SignUp and ConfirmSignUp forwarded), who can then sign in with SRP', async () => {
    const email = await signUp();
    const signUpCode = await readConfirmationCode(dir, userPoolId, email);
    const resent = await ok('ResendConfirmationCode', { ClientId: clientId, Username: email });
    expect(resent.CodeDeliveryDetails).toEqual({ AttributeName: 'email', DeliveryMedium: 'EMAIL', Destination: 'u***@c***' });
    const code = await readConfirmationCode(dir, userPoolId, email);
    expect(code).toMatch(/^\d{6}$/);
    expect(code).not.toBe(signUpCode); // random 6-digit codes: equal once in a million runs
    await ok('ConfirmSignUp', { ClientId: clientId, Username: email, ConfirmationCode: code });
    expect(await srpSignIn(email, PASSWORD)).toHaveProperty('session');
  });

  it('resending to a confirmed user fails with InvalidParameterException "User is already confirmed."', async () => {
    expect(await fails('ResendConfirmationCode', { ClientId: clientId, Username: DEMO_USER.email })).toEqual({
      code: 'InvalidParameterException',
      message: 'User is already confirmed.',
    });
  });
});

describe('cognito front: GlobalSignOut', () => {
  it('after a global sign-out every refresh token and access token of the user is refused', async () => {
    const email = await signUp();
    await ok('ConfirmSignUp', { ClientId: clientId, Username: email, ConfirmationCode: await readConfirmationCode(dir, userPoolId, email) });
    const first = await passwordTokens(email);
    const second = await passwordTokens(email);
    const refreshed = await ok('InitiateAuth', { AuthFlow: 'REFRESH_TOKEN_AUTH', ClientId: clientId, AuthParameters: { REFRESH_TOKEN: first.RefreshToken } });
    expect((refreshed.AuthenticationResult as Json).AccessToken).toEqual(expect.any(String));

    expect(await ok('GlobalSignOut', { AccessToken: second.AccessToken })).toEqual({});

    for (const token of [first.RefreshToken, second.RefreshToken]) {
      const body = { AuthFlow: 'REFRESH_TOKEN_AUTH', ClientId: clientId, AuthParameters: { REFRESH_TOKEN: token } };
      expect(await fails('InitiateAuth', body)).toEqual({ code: 'NotAuthorizedException', message: 'Refresh Token has been revoked' });
    }
    for (const token of [first.AccessToken, (refreshed.AuthenticationResult as Json).AccessToken]) {
      expect(await fails('GetUser', { AccessToken: token })).toEqual({ code: 'NotAuthorizedException', message: 'Access Token has been revoked' });
    }
    // A new sign-in is unaffected, even within the same second.
    const after = await passwordTokens(email);
    expect((await ok('GetUser', { AccessToken: after.AccessToken })).Username).toBe(claims(after.AccessToken).username);
    await ok('InitiateAuth', { AuthFlow: 'REFRESH_TOKEN_AUTH', ClientId: clientId, AuthParameters: { REFRESH_TOKEN: after.RefreshToken } });
  });

  it('an ID token in place of an access token fails with NotAuthorizedException "Invalid Access Token"', async () => {
    const tokens = await passwordTokens(DEMO_USER.email, DEMO_USER.password);
    expect(await fails('GetUser', { AccessToken: tokens.IdToken })).toEqual({ code: 'NotAuthorizedException', message: 'Invalid Access Token' });
  });
});

describe('cognito front: every code it causes to be sent is reported', () => {
  it('SignUp, ResendConfirmationCode and ForgotPassword each report the fresh code cognito-local stored', async () => {
    const email = await signUp();
    const signUpCode = await readConfirmationCode(dir, userPoolId, email);
    expect(front.deliveries.latest(email, 'sign-up')).toEqual({ purpose: 'sign-up', username: expect.any(String), email, code: signUpCode });
    await ok('ResendConfirmationCode', { ClientId: clientId, Username: email });
    const resent = await readConfirmationCode(dir, userPoolId, email);
    expect(front.deliveries.latest(email, 'resend')?.code).toBe(resent);
    await ok('ConfirmSignUp', { ClientId: clientId, Username: email, ConfirmationCode: front.deliveries.newest(email)?.code });
    await ok('ForgotPassword', { ClientId: clientId, Username: email });
    expect(front.deliveries.newest(email)).toMatchObject({ purpose: 'forgot-password', code: await readConfirmationCode(dir, userPoolId, email) });
  });

  it('ForgotPassword for an unknown user reports nothing', async () => {
    const email = `nobody${++seq}@cruddur.local`;
    await call('ForgotPassword', { ClientId: clientId, Username: email });
    expect(front.deliveries.newest(email)).toBeUndefined();
  });

  it('startCognitoFront({ onCode }) is told each code as it is sent', async () => {
    const told: unknown[] = [];
    const second = await startCognitoFront({ upstreamSocket: cognito.cognito.socketPath, credentials: front.credentials, dataDir: dir, onCode: (d) => told.push(d) });
    try {
      const email = `listener${++seq}@cruddur.local`;
      const res = await fetch(second.url, {
        method: 'POST',
        headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AWSCognitoIdentityProviderService.SignUp' },
        body: JSON.stringify({ ClientId: clientId, Username: email, Password: PASSWORD, UserAttributes: [{ Name: 'email', Value: email }, { Name: 'name', Value: 'L' }, { Name: 'preferred_username', Value: `l${seq}` }] }),
      });
      expect(res.status).toBe(200);
      expect(told).toEqual([{ purpose: 'sign-up', username: expect.any(String), email, code: await readConfirmationCode(dir, userPoolId, email) }]);
    } finally {
      await second.close();
    }
  });
});

describe('cognito front: tokens shaped like AWS\'s', () => {
  const confirmed = async () => {
    const email = await signUp();
    await ok('ConfirmSignUp', { ClientId: clientId, Username: email, ConfirmationCode: await readConfirmationCode(dir, userPoolId, email) });
    return email;
  };
  const accessShape = () => ({
    origin_jti: expect.any(String),
    jti: expect.any(String),
    event_id: expect.any(String),
    auth_time: expect.any(Number),
    scope: 'aws.cognito.signin.user.admin',
    username: expect.any(String),
    token_use: 'access',
    client_id: clientId,
    sub: expect.any(String),
  });

  it('password sign-in: the access token has AWS\'s claims, the ID token the user\'s attributes', async () => {
    const email = await confirmed();
    const tokens = await passwordTokens(email);
    const access = claims(tokens.AccessToken);
    expect(access).toMatchObject(accessShape());
    expect(claims(tokens.IdToken)).toMatchObject({
      name: 'Test User',
      preferred_username: expect.stringMatching(/^user\d+$/),
      email,
      email_verified: true,
      'cognito:username': access.username,
      sub: access.sub,
      auth_time: access.auth_time,
      origin_jti: access.origin_jti,
      jti: expect.any(String),
      event_id: expect.any(String),
      aud: clientId,
      token_use: 'id',
    });
  });

  it('SRP sign-in goes through the same path: origin_jti and the profile claims are there', async () => {
    const outcome = await srpSignIn(DEMO_USER.email, DEMO_USER.password);
    if (!('session' in outcome)) throw new Error(`expected a session, got ${JSON.stringify(outcome)}`);
    expect(claims(outcome.session.getAccessToken().getJwtToken())).toMatchObject(accessShape());
    expect(claims(outcome.session.getIdToken().getJwtToken())).toMatchObject({ name: DEMO_USER.name, preferred_username: DEMO_USER.handle });
  });

  it('origin_jti and auth_time stay those of the sign-in across refreshes by both APIs; jti changes', async () => {
    const signedIn = await passwordTokens(await confirmed());
    const first = claims(signedIn.AccessToken);
    await new Promise((r) => setTimeout(r, 1100)); // a later second, so a wrongly fresh auth_time would show
    const viaOld = (await ok('InitiateAuth', { AuthFlow: 'REFRESH_TOKEN_AUTH', ClientId: clientId, AuthParameters: { REFRESH_TOKEN: signedIn.RefreshToken } })).AuthenticationResult as Json;
    const viaNew = (await ok('GetTokensFromRefreshToken', { ClientId: clientId, RefreshToken: signedIn.RefreshToken })).AuthenticationResult as Json;
    for (const result of [viaOld, viaNew]) {
      expect(claims(result.AccessToken)).toMatchObject({ origin_jti: first.origin_jti, auth_time: first.auth_time });
      expect(claims(result.AccessToken).jti).not.toBe(first.jti);
      expect(claims(result.IdToken)).toMatchObject({ origin_jti: first.origin_jti, name: 'Test User' });
    }
    // The front's re-signed tokens still pass cognito-local's own calls.
    expect((await ok('GetUser', { AccessToken: viaNew.AccessToken })).Username).toBe(first.username);
  });

  it('two sign-ins of one user get different origin_jti', async () => {
    const email = await confirmed();
    const [a, b] = [await passwordTokens(email), await passwordTokens(email)];
    expect(claims(a.AccessToken).origin_jti).not.toBe(claims(b.AccessToken).origin_jti);
  });
});

describe('cognito front: RevokeToken and sign-out as AWS', () => {
  const refreshFails = async (client: string, token: unknown) =>
    fails('GetTokensFromRefreshToken', { ClientId: client, RefreshToken: token });
  const REVOKED = { code: 'NotAuthorizedException', message: 'Refresh Token has been revoked' };
  const confirmed = async () => {
    const email = await signUp();
    await ok('ConfirmSignUp', { ClientId: clientId, Username: email, ConfirmationCode: await readConfirmationCode(dir, userPoolId, email) });
    return email;
  };

  it('RevokeToken revokes that sign-in\'s refresh and access tokens, not another sign-in of the user', async () => {
    const email = await confirmed();
    const revoked = await passwordTokens(email);
    const kept = await passwordTokens(email);
    const refreshed = (await ok('GetTokensFromRefreshToken', { ClientId: clientId, RefreshToken: revoked.RefreshToken })).AuthenticationResult as Json;
    expect(await ok('RevokeToken', { ClientId: clientId, Token: revoked.RefreshToken })).toEqual({});
    expect(await refreshFails(clientId, revoked.RefreshToken)).toEqual(REVOKED);
    for (const token of [revoked.AccessToken, refreshed.AccessToken]) {
      expect(await fails('GetUser', { AccessToken: token })).toEqual({ code: 'NotAuthorizedException', message: 'Access Token has been revoked' });
    }
    expect((await ok('GetUser', { AccessToken: kept.AccessToken })).Username).toBe(claims(kept.AccessToken).username);
    await ok('GetTokensFromRefreshToken', { ClientId: clientId, RefreshToken: kept.RefreshToken });
  });

  it('RevokeToken of a front-minted (rotated) refresh token revokes the whole family, earlier tokens within grace too', async () => {
    const created = await ok('CreateUserPoolClient', {
      UserPoolId: userPoolId,
      ClientName: 'revoke-rotating',
      ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
      RefreshTokenRotation: { Feature: 'ENABLED', RetryGracePeriodSeconds: 60 },
    });
    const client = (created.UserPoolClient as Json).ClientId as string;
    const email = await confirmed();
    const first = (await ok('InitiateAuth', { AuthFlow: 'USER_PASSWORD_AUTH', ClientId: client, AuthParameters: { USERNAME: email, PASSWORD } })).AuthenticationResult as Json;
    const second = (await ok('GetTokensFromRefreshToken', { ClientId: client, RefreshToken: first.RefreshToken })).AuthenticationResult as Json;
    const third = (await ok('GetTokensFromRefreshToken', { ClientId: client, RefreshToken: second.RefreshToken })).AuthenticationResult as Json;
    expect(await ok('RevokeToken', { ClientId: client, Token: third.RefreshToken })).toEqual({});
    for (const token of [first.RefreshToken, second.RefreshToken, third.RefreshToken]) expect(await refreshFails(client, token)).toEqual(REVOKED);
    expect((await fails('GetUser', { AccessToken: second.AccessToken })).message).toBe('Access Token has been revoked');
  });

  it('RevokeToken with another app client\'s id is refused and revokes nothing', async () => {
    const created = await ok('CreateUserPoolClient', { UserPoolId: userPoolId, ClientName: 'revoke-other' });
    const other = (created.UserPoolClient as Json).ClientId as string;
    const tokens = await passwordTokens(await confirmed());
    expect((await fails('RevokeToken', { ClientId: other, Token: tokens.RefreshToken })).code).toBe('UnauthorizedException');
    await ok('GetTokensFromRefreshToken', { ClientId: clientId, RefreshToken: tokens.RefreshToken });
  });

  it.each([
    ['no token', { Token: undefined }, 'InvalidParameterException'],
    ['an unknown token shaped like the front\'s (an opaque JWE)', { Token: 'eyJjdHkiOiJKV1QiLCJlbmMiOiJBMjU2R0NNIiwiYWxnIjoiUlNBLU9BRVAifQ.a.b.c.d' }, 'NotAuthorizedException'],
    ['a token nobody issued', { Token: 'not-a-token' }, 'NotAuthorizedException'],
  ])('RevokeToken with %s fails with %s', async (_case, body, code) => {
    expect((await fails('RevokeToken', { ClientId: clientId, ...body })).code).toBe(code);
  });

  it('a GlobalSignOut is kept in the state file: a restarted front still refuses the user\'s old tokens', async () => {
    const tokens = await passwordTokens(await confirmed());
    await ok('GlobalSignOut', { AccessToken: tokens.AccessToken });
    const restarted = await startCognitoFront({ upstreamSocket: cognito.cognito.socketPath, credentials: front.credentials, dataDir: dir });
    try {
      const res = await fetch(restarted.url, {
        method: 'POST',
        headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AWSCognitoIdentityProviderService.GetUser' },
        body: JSON.stringify({ AccessToken: tokens.AccessToken }),
      });
      expect(res.status).toBe(400);
      expect(await res.json()).toEqual({ __type: 'NotAuthorizedException', message: 'Access Token has been revoked' });
    } finally {
      await restarted.close();
    }
  });

  it('AdminUserGlobalSignOut revokes every sign-in of the named user', async () => {
    const email = await confirmed();
    const tokens = await passwordTokens(email);
    expect(await ok('AdminUserGlobalSignOut', { UserPoolId: userPoolId, Username: email })).toEqual({});
    expect(await refreshFails(clientId, tokens.RefreshToken)).toEqual(REVOKED);
    expect((await fails('GetUser', { AccessToken: tokens.AccessToken })).message).toBe('Access Token has been revoked');
    expect((await fails('AdminUserGlobalSignOut', { UserPoolId: userPoolId, Username: 'nobody@cruddur.local' })).code).toBe('UserNotFoundException');
  });
});

describe('cognito front: GetTokensFromRefreshToken and refresh tokens bound to their client', () => {
  const refreshBody = (token: unknown, client = clientId) => ({ AuthFlow: 'REFRESH_TOKEN_AUTH', ClientId: client, AuthParameters: { REFRESH_TOKEN: token } });
  let otherClientId: string;
  beforeAll(async () => {
    const created = await ok('CreateUserPoolClient', { UserPoolId: userPoolId, ClientName: 'other-client' });
    otherClientId = (created.UserPoolClient as Json).ClientId as string;
  });

  it('GetTokensFromRefreshToken answers new ID and access tokens for the user, and no refresh token (no rotation)', async () => {
    const tokens = await passwordTokens(DEMO_USER.email, DEMO_USER.password);
    const r = await ok('GetTokensFromRefreshToken', { ClientId: clientId, RefreshToken: tokens.RefreshToken });
    const result = r.AuthenticationResult as Json;
    expect(result).toEqual({ AccessToken: expect.any(String), IdToken: expect.any(String), ExpiresIn: expect.any(Number), TokenType: 'Bearer' });
    expect(result.ExpiresIn).toBeGreaterThan(0);
    expect(claims(result.AccessToken).username).toBe(claims(tokens.AccessToken).username);
    expect((await ok('GetUser', { AccessToken: result.AccessToken })).Username).toBe(claims(tokens.AccessToken).username);
  });

  it.each([
    ['GetTokensFromRefreshToken', (token: string, client: string) => ['GetTokensFromRefreshToken', { ClientId: client, RefreshToken: token }] as const],
    ['InitiateAuth REFRESH_TOKEN_AUTH', (token: string, client: string) => ['InitiateAuth', refreshBody(token, client)] as const],
  ])('%s with a refresh token issued to another app client fails with NotAuthorizedException', async (_name, request) => {
    const tokens = await passwordTokens(DEMO_USER.email, DEMO_USER.password);
    const [op, body] = request(tokens.RefreshToken, otherClientId);
    expect(await fails(op, body)).toEqual({ code: 'NotAuthorizedException', message: 'Invalid Refresh Token' });
    await ok(op, request(tokens.RefreshToken, clientId)[1]); // the right client still refreshes
  });

  it('a second front on the same data dir knows which client a refresh token belongs to (state kept in a file)', async () => {
    const tokens = await passwordTokens(DEMO_USER.email, DEMO_USER.password);
    const second = await startCognitoFront({ upstreamSocket: cognito.cognito.socketPath, credentials: front.credentials, dataDir: dir });
    try {
      const res = await fetch(second.url, {
        method: 'POST',
        headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AWSCognitoIdentityProviderService.GetTokensFromRefreshToken' },
        body: JSON.stringify({ ClientId: otherClientId, RefreshToken: tokens.RefreshToken }),
      });
      expect(res.status).toBe(400);
      expect(await res.json()).toEqual({ __type: 'NotAuthorizedException', message: 'Invalid Refresh Token' });
    } finally {
      await second.close();
    }
  });

  it('GetTokensFromRefreshToken after a global sign-out fails with NotAuthorizedException "Refresh Token has been revoked"', async () => {
    const email = await signUp();
    await ok('ConfirmSignUp', { ClientId: clientId, Username: email, ConfirmationCode: await readConfirmationCode(dir, userPoolId, email) });
    const tokens = await passwordTokens(email);
    await ok('GlobalSignOut', { AccessToken: tokens.AccessToken });
    expect(await fails('GetTokensFromRefreshToken', { ClientId: clientId, RefreshToken: tokens.RefreshToken })).toEqual({
      code: 'NotAuthorizedException',
      message: 'Refresh Token has been revoked',
    });
  });

  it('GetTokensFromRefreshToken for an unknown app client fails with ResourceNotFoundException', async () => {
    const tokens = await passwordTokens(DEMO_USER.email, DEMO_USER.password);
    expect((await fails('GetTokensFromRefreshToken', { ClientId: 'nosuchclient', RefreshToken: tokens.RefreshToken })).code).toBe('ResourceNotFoundException');
  });
});

describe('cognito front: refresh-token rotation per app client', () => {
  // AWS's API model: RefreshTokenReuseException for "a refresh token that has been invalidated by refresh-token rotation".
  const REUSED = { code: 'RefreshTokenReuseException', message: 'The refresh token has been rotated out and its grace period has passed.' };
  const createClient = async (rotation?: Json) => {
    const flows = ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'];
    const created = await ok('CreateUserPoolClient', { UserPoolId: userPoolId, ClientName: 'rotating', ExplicitAuthFlows: flows, ...(rotation && { RefreshTokenRotation: rotation }) });
    return (created.UserPoolClient as Json).ClientId as string;
  };
  const signInWith = async (client: string) =>
    (await ok('InitiateAuth', { AuthFlow: 'USER_PASSWORD_AUTH', ClientId: client, AuthParameters: { USERNAME: DEMO_USER.email, PASSWORD: DEMO_USER.password } }))
      .AuthenticationResult as Json;
  const rotate = (client: string, token: string) => call('GetTokensFromRefreshToken', { ClientId: client, RefreshToken: token });

  it('CreateUserPoolClient keeps RefreshTokenRotation, DescribeUserPoolClient and UpdateUserPoolClient answer it', async () => {
    const client = await createClient({ Feature: 'ENABLED', RetryGracePeriodSeconds: 10 });
    const described = await ok('DescribeUserPoolClient', { UserPoolId: userPoolId, ClientId: client });
    expect((described.UserPoolClient as Json).RefreshTokenRotation).toEqual({ Feature: 'ENABLED', RetryGracePeriodSeconds: 10 });
    const updated = await ok('UpdateUserPoolClient', { UserPoolId: userPoolId, ClientId: client, RefreshTokenRotation: { Feature: 'DISABLED' } });
    expect((updated.UserPoolClient as Json).RefreshTokenRotation).toEqual({ Feature: 'DISABLED', RetryGracePeriodSeconds: 0 });
  });

  it.each([
    ['an unknown Feature', { Feature: 'SOMETIMES' }],
    ['a grace period over 60 s', { Feature: 'ENABLED', RetryGracePeriodSeconds: 61 }],
    ['a negative grace period', { Feature: 'ENABLED', RetryGracePeriodSeconds: -1 }],
  ])('CreateUserPoolClient with %s fails with InvalidParameterException', async (_name, rotation) => {
    expect((await fails('CreateUserPoolClient', { UserPoolId: userPoolId, ClientName: 'bad', RefreshTokenRotation: rotation })).code).toBe('InvalidParameterException');
  });

  it('with rotation on and no grace, each refresh returns a new refresh token and the old one is invalid at once', async () => {
    const client = await createClient({ Feature: 'ENABLED', RetryGracePeriodSeconds: 0 });
    const first = await signInWith(client);
    const r1 = await rotate(client, first.RefreshToken);
    expect(r1.status).toBe(200);
    const second = (r1.body.AuthenticationResult as Json).RefreshToken as string;
    expect(second).toEqual(expect.any(String));
    expect(second).not.toBe(first.RefreshToken);
    expect((await ok('GetUser', { AccessToken: (r1.body.AuthenticationResult as Json).AccessToken })).Username).toBe(claims(first.AccessToken).username);
    expect(await fails('GetTokensFromRefreshToken', { ClientId: client, RefreshToken: first.RefreshToken })).toEqual(REUSED);
    const r2 = await rotate(client, second);
    expect(r2.status).toBe(200);
    const third = (r2.body.AuthenticationResult as Json).RefreshToken as string;
    expect(third).not.toBe(second);
    expect(await fails('GetTokensFromRefreshToken', { ClientId: client, RefreshToken: second })).toEqual(REUSED);
  });

  it('with rotation on and a grace period, the rotated-out refresh token still works within it', async () => {
    const client = await createClient({ Feature: 'ENABLED', RetryGracePeriodSeconds: 60 });
    const first = await signInWith(client);
    expect((await rotate(client, first.RefreshToken)).status).toBe(200);
    const retry = await rotate(client, first.RefreshToken);
    expect(retry.status).toBe(200);
    expect((retry.body.AuthenticationResult as Json).RefreshToken).toEqual(expect.any(String));
  });

  it('with rotation on, InitiateAuth REFRESH_TOKEN_AUTH is refused with NotAuthorizedException', async () => {
    const client = await createClient({ Feature: 'ENABLED', RetryGracePeriodSeconds: 0 });
    const first = await signInWith(client);
    const body = { AuthFlow: 'REFRESH_TOKEN_AUTH', ClientId: client, AuthParameters: { REFRESH_TOKEN: first.RefreshToken } };
    expect((await fails('InitiateAuth', body)).code).toBe('NotAuthorizedException');
  });

  it('a rotated refresh token is bound to its client and revoked by a global sign-out', async () => {
    const client = await createClient({ Feature: 'ENABLED', RetryGracePeriodSeconds: 0 });
    const email = await signUp();
    await ok('ConfirmSignUp', { ClientId: clientId, Username: email, ConfirmationCode: await readConfirmationCode(dir, userPoolId, email) });
    const first = (await ok('InitiateAuth', { AuthFlow: 'USER_PASSWORD_AUTH', ClientId: client, AuthParameters: { USERNAME: email, PASSWORD } })).AuthenticationResult as Json;
    const rotated = (await ok('GetTokensFromRefreshToken', { ClientId: client, RefreshToken: first.RefreshToken })).AuthenticationResult as Json;
    expect(await fails('GetTokensFromRefreshToken', { ClientId: clientId, RefreshToken: rotated.RefreshToken })).toEqual({ code: 'NotAuthorizedException', message: 'Invalid Refresh Token' });
    await ok('GlobalSignOut', { AccessToken: rotated.AccessToken });
    expect(await fails('GetTokensFromRefreshToken', { ClientId: client, RefreshToken: rotated.RefreshToken })).toEqual({ code: 'NotAuthorizedException', message: 'Refresh Token has been revoked' });
  });

  it('with rotation off, both refresh APIs work and neither returns a new refresh token', async () => {
    const client = await createClient({ Feature: 'DISABLED' });
    const first = await signInWith(client);
    const viaNew = (await ok('GetTokensFromRefreshToken', { ClientId: client, RefreshToken: first.RefreshToken })).AuthenticationResult as Json;
    const viaOld = (await ok('InitiateAuth', { AuthFlow: 'REFRESH_TOKEN_AUTH', ClientId: client, AuthParameters: { REFRESH_TOKEN: first.RefreshToken } })).AuthenticationResult as Json;
    for (const result of [viaNew, viaOld]) {
      expect(result).toEqual({ AccessToken: expect.any(String), IdToken: expect.any(String), ExpiresIn: expect.any(Number), TokenType: 'Bearer' });
    }
  });
});

describe('cognito front: ForgotPassword and SignUp as AWS answers them', () => {
  it('SignUp answers the delivery destination masked as AWS does', async () => {
    const email = `mask${++seq}-${Date.now()}@cruddur.local`;
    const r = await ok('SignUp', {
      ClientId: clientId,
      Username: email,
      Password: PASSWORD,
      UserAttributes: [{ Name: 'email', Value: email }, { Name: 'name', Value: 'Mask Test' }, { Name: 'preferred_username', Value: `mask${seq}` }],
    });
    expect(r.CodeDeliveryDetails).toEqual({ AttributeName: 'email', DeliveryMedium: 'EMAIL', Destination: 'm***@c***' });
  });

  it('ForgotPassword for a known user answers the destination masked', async () => {
    const r = await ok('ForgotPassword', { ClientId: clientId, Username: DEMO_USER.email });
    expect(r.CodeDeliveryDetails).toEqual({ AttributeName: 'email', DeliveryMedium: 'EMAIL', Destination: `${DEMO_USER.email[0]}***@${DEMO_USER.email.split('@')[1]?.[0]}***` });
  });

  it('ForgotPassword for an unknown user, with PreventUserExistenceErrors on, answers as if a code were sent', async () => {
    const r = await ok('ForgotPassword', { ClientId: clientId, Username: 'nobody-here@example.com' });
    expect(r.CodeDeliveryDetails).toEqual({ AttributeName: 'email', DeliveryMedium: 'EMAIL', Destination: 'n***@e***' });
  });

  it('ForgotPassword for an unknown user, with PreventUserExistenceErrors off, fails with UserNotFoundException', async () => {
    const created = await ok('CreateUserPoolClient', { UserPoolId: userPoolId, ClientName: 'legacy', PreventUserExistenceErrors: 'LEGACY' });
    const legacy = (created.UserPoolClient as Json).ClientId as string;
    expect((await fails('ForgotPassword', { ClientId: legacy, Username: 'nobody-here@example.com' })).code).toBe('UserNotFoundException');
  });
});

describe('cognito front: password policy', () => {
  const violations = [
    ['Sh0rt!', 'Password did not conform with policy: Password not long enough'],
    ['NO-LOWER-1', 'Password did not conform with policy: Password must have lowercase characters'],
    ['no-upper-1', 'Password did not conform with policy: Password must have uppercase characters'],
    ['No-Numbers!', 'Password did not conform with policy: Password must have numeric characters'],
    ['NoSymbols1', 'Password did not conform with policy: Password must have symbol characters'],
  ] as const;
  let accessToken: string;
  let newPasswordSession: { email: string; session: string };

  beforeAll(async () => {
    accessToken = (await passwordTokens(DEMO_USER.email, DEMO_USER.password)).AccessToken as string;
    const { email, temporary } = await adminCreated();
    const challenge = await ok('InitiateAuth', { AuthFlow: 'USER_PASSWORD_AUTH', ClientId: clientId, AuthParameters: { USERNAME: email, PASSWORD: temporary } });
    expect(challenge.ChallengeName).toBe('NEW_PASSWORD_REQUIRED');
    newPasswordSession = { email, session: challenge.Session as string };
  });

  const requests: [string, string, (password: string) => Json][] = [
    ['SignUp', 'SignUp', (Password) => ({ ClientId: clientId, Username: 'policy@cruddur.local', Password, UserAttributes: [{ Name: 'email', Value: 'policy@cruddur.local' }] })],
    ['ConfirmForgotPassword', 'ConfirmForgotPassword', (Password) => ({ ClientId: clientId, Username: DEMO_USER.email, ConfirmationCode: '123456', Password })],
    ['ChangePassword', 'ChangePassword', (ProposedPassword) => ({ AccessToken: accessToken, PreviousPassword: DEMO_USER.password, ProposedPassword })],
    ['the NEW_PASSWORD_REQUIRED answer', 'RespondToAuthChallenge', (NEW_PASSWORD) => ({
      ChallengeName: 'NEW_PASSWORD_REQUIRED',
      ClientId: clientId,
      Session: newPasswordSession.session,
      ChallengeResponses: { USERNAME: newPasswordSession.email, NEW_PASSWORD },
    })],
  ];
  const cases = requests.flatMap(([name, op, body]) => violations.map(([password, message]) => ({ name, op, body, password, message })));

  it.each(cases)('$name with "$password" fails with InvalidPasswordException "$message"', async ({ op, body, password, message }) => {
    expect(await fails(op, body(password))).toEqual({ code: 'InvalidPasswordException', message });
  });

  it('ChangePassword with a wrong previous password fails with NotAuthorizedException', async () => {
    const body = { AccessToken: accessToken, PreviousPassword: 'Wrong-Passw0rd!', ProposedPassword: PASSWORD };
    expect(await fails('ChangePassword', body)).toEqual(INCORRECT);
  });
});

describe('cognito front: plain forwarding', () => {
  it('GET /health and the JWKS pass through to cognito-local', async () => {
    expect((await fetch(`${front.url}/health`)).status).toBe(200);
    const jwks = (await (await fetch(`${front.url}/${userPoolId}/.well-known/jwks.json`)).json()) as Json;
    expect(jwks.keys[0]).toMatchObject({ kid: 'CognitoLocal', alg: 'RS256' });
  });

  it('a CORS preflight is answered with any origin and the asked-for headers', async () => {
    const res = await fetch(front.url, {
      method: 'OPTIONS',
      headers: { origin: 'chrome-extension://abc', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,x-amz-target,x-amz-user-agent,cache-control' },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('access-control-allow-headers')).toBe('content-type,x-amz-target,x-amz-user-agent,cache-control');
  });
});

describe('cognito front: one call at a time to cognito-local', () => {
  /** The pool file as a reader finds it once every call is answered: plain JSON.parse, no retry. */
  const poolFile = () => JSON.parse(readFileSync(poolDbPath(dir, userPoolId), 'utf8')) as { Users: Record<string, Json> };
  const userOf = (email: string) =>
    Object.values(poolFile().Users).find((u) => u.Attributes.some((a: Json) => a.Name === 'email' && a.Value === email));

  // cognito-local rewrites the whole file on every save; a save that shrinks it (a revoked
  // refresh token) racing one that grows it (a sign-in) used to leave a file that is not JSON.
  it('saves that grow and shrink the pool file at once leave it whole, holding every change', async () => {
    const emails = await Promise.all(Array.from({ length: 6 }, () => signUp()));
    await Promise.all(emails.map((email) => ok('AdminConfirmSignUp', { UserPoolId: userPoolId, Username: email })));
    let held = await Promise.all(emails.map((email) => passwordTokens(email)));
    for (let round = 0; round < 15; round++) {
      const [fresh] = await Promise.all([
        Promise.all(emails.map((email) => passwordTokens(email))),
        Promise.all(held.map((t) => ok('RevokeToken', { ClientId: clientId, Token: t.RefreshToken }))),
      ]);
      held = fresh;
      // Each user holds exactly the one cognito-local refresh token the last sign-in left (the
      // client holds an opaque one standing for it): the revoke and the sign-in both landed.
      for (const email of emails) expect(userOf(email)?.RefreshTokens).toHaveLength(1);
    }
  });
});
