/**
 * The front's MFA against a real cognito-local: the pool setting, authenticator enrolment, and
 * each MFA challenge at sign-in, answered as AWS documents them. The pool's setting is one per
 * pool, so every test sets the one it needs.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCognitoFront, type CognitoFront } from '../../scripts/cognito-front/front.ts';
import { readConfirmationCode } from '../../scripts/lib/codes.ts';
import type { LocalCognito } from '../../scripts/lib/local-cognito.ts';
import { cognitoCall } from '../support/cognito-call.ts';
import { expectingCalls, startFrontFixture, type FrontFixture } from '../support/front-fixture.ts';
import { freshCode, wrongCode } from '../support/totp-codes.ts';

// Cognito's wire JSON, read by field path in assertions: typing every reply adds nothing here.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;
const PASSWORD = 'Str0ng-Passw0rd!';
const EXPIRED = { code: 'NotAuthorizedException', message: 'Invalid session for the user, session is expired.' };

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

const setPool = (config: Json) => ok('SetUserPoolMfaConfig', { UserPoolId: userPoolId, ...config });
const TOTP_ON = { SoftwareTokenMfaConfiguration: { Enabled: true } };
const EMAIL_ON = { EmailMfaConfiguration: { Subject: 'Your code', Message: 'Your code is {####}' } };

/** A confirmed user; their email doubles as username (the pool signs in by email). */
async function confirmedUser(): Promise<string> {
  const email = `mfa${++seq}-${Date.now()}@cruddur.local`;
  await ok('SignUp', {
    ClientId: clientId,
    Username: email,
    Password: PASSWORD,
    UserAttributes: [{ Name: 'email', Value: email }, { Name: 'name', Value: 'Mfa User' }, { Name: 'preferred_username', Value: `mfa${seq}` }],
  });
  await ok('ConfirmSignUp', { ClientId: clientId, Username: email, ConfirmationCode: await readConfirmationCode(dir, userPoolId, email) });
  return email;
}
const passwordSignIn = (email: string) =>
  call('InitiateAuth', { AuthFlow: 'USER_PASSWORD_AUTH', ClientId: clientId, AuthParameters: { USERNAME: email, PASSWORD } });
const accessToken = async (email: string) => (await ok('InitiateAuth', { AuthFlow: 'USER_PASSWORD_AUTH', ClientId: clientId, AuthParameters: { USERNAME: email, PASSWORD } })).AuthenticationResult.AccessToken as string;

/** A user with a verified authenticator, turned on and preferred; returns the secret. */
async function withTotp(email: string): Promise<string> {
  const token = await accessToken(email);
  const { SecretCode } = await ok('AssociateSoftwareToken', { AccessToken: token });
  await ok('VerifySoftwareToken', { AccessToken: token, UserCode: await freshCode(SecretCode), FriendlyDeviceName: 'phone' });
  await ok('SetUserMFAPreference', { AccessToken: token, SoftwareTokenMfaSettings: { Enabled: true, PreferredMfa: true } });
  return SecretCode as string;
}
const respond = (name: string, session: string, responses: Json) =>
  call('RespondToAuthChallenge', { ClientId: clientId, ChallengeName: name, Session: session, ChallengeResponses: responses });
/** The access token of a user with an authenticator on: through the SOFTWARE_TOKEN_MFA challenge. */
async function totpAccessToken(email: string, secret: string): Promise<string> {
  const challenged = (await passwordSignIn(email)).body;
  const done = await respond('SOFTWARE_TOKEN_MFA', challenged.Session, { USERNAME: email, SOFTWARE_TOKEN_MFA_CODE: await freshCode(secret) });
  return done.body.AuthenticationResult.AccessToken as string;
}

describe('cognito front: the pool MFA setting (Set/GetUserPoolMfaConfig)', () => {
  it('a pool starts with MFA OFF, as created', async () => {
    const other = await ok('CreateUserPool', { PoolName: `fresh-${Date.now()}` });
    expect(await ok('GetUserPoolMfaConfig', { UserPoolId: other.UserPool.Id })).toEqual({ MfaConfiguration: 'OFF' });
  });

  it('OPTIONAL with the authenticator is answered back, shown by DescribeUserPool and kept across fronts', async () => {
    expect(await setPool({ MfaConfiguration: 'OPTIONAL', ...TOTP_ON })).toEqual({ MfaConfiguration: 'OPTIONAL', ...TOTP_ON });
    const second = await startCognitoFront({ upstreamSocket: cognito.cognito.socketPath, credentials: front.credentials, dataDir: dir });
    try {
      expect(await ok('GetUserPoolMfaConfig', { UserPoolId: userPoolId }, second.url)).toEqual({ MfaConfiguration: 'OPTIONAL', ...TOTP_ON });
      expect((await ok('DescribeUserPool', { UserPoolId: userPoolId }, second.url)).UserPool.MfaConfiguration).toBe('OPTIONAL');
    } finally {
      await second.close();
    }
  });

  it.each([
    ['ON with no MFA kind enabled', { MfaConfiguration: 'ON', SoftwareTokenMfaConfiguration: { Enabled: false } }, 'InvalidParameterException', /MFA/],
    ['an unknown mode', { MfaConfiguration: 'SOMETIMES' }, 'InvalidParameterException', /Member must satisfy enum value set: \[OFF, ON, OPTIONAL\]/],
  ])('refuses %s', async (_case, config, code, message) => {
    await setPool({ MfaConfiguration: 'OFF', SoftwareTokenMfaConfiguration: { Enabled: false } });
    const error = await fails('SetUserPoolMfaConfig', { UserPoolId: userPoolId, ...config });
    expect(error.code).toBe(code);
    expect(error.message).toMatch(message);
  });

  it('refuses an unknown pool with ResourceNotFoundException', async () => {
    expect((await fails('SetUserPoolMfaConfig', { UserPoolId: 'local_nope', MfaConfiguration: 'OFF' })).code).toBe('ResourceNotFoundException');
  });
});

describe('cognito front: an authenticator app for a signed-in user', () => {
  it('associate, refuse turning it on unverified, refuse a wrong code, verify, turn on: GetUser and AdminGetUser show it', async () => {
    await setPool({ MfaConfiguration: 'OPTIONAL', ...TOTP_ON });
    const email = await confirmedUser();
    const token = await accessToken(email);
    const { SecretCode } = await ok('AssociateSoftwareToken', { AccessToken: token });
    expect(SecretCode).toMatch(/^[A-Z2-7]{32}$/);
    expect(await fails('SetUserMFAPreference', { AccessToken: token, SoftwareTokenMfaSettings: { Enabled: true, PreferredMfa: true } })).toEqual({
      code: 'InvalidParameterException',
      message: 'User has not set up software token mfa',
    });
    expect(await fails('VerifySoftwareToken', { AccessToken: token, UserCode: wrongCode(SecretCode) })).toEqual({
      code: 'EnableSoftwareTokenMFAException',
      message: 'Code mismatch',
    });
    expect(await ok('VerifySoftwareToken', { AccessToken: token, UserCode: await freshCode(SecretCode), FriendlyDeviceName: 'phone' })).toEqual({ Status: 'SUCCESS' });
    const before = await ok('GetUser', { AccessToken: token });
    expect(before).not.toHaveProperty('UserMFASettingList');
    expect(await ok('SetUserMFAPreference', { AccessToken: token, SoftwareTokenMfaSettings: { Enabled: true, PreferredMfa: true } })).toEqual({});
    const after = await ok('GetUser', { AccessToken: token });
    expect(after).toMatchObject({ UserMFASettingList: ['SOFTWARE_TOKEN_MFA'], PreferredMfaSetting: 'SOFTWARE_TOKEN_MFA' });
    expect(await ok('AdminGetUser', { UserPoolId: userPoolId, Username: email })).toMatchObject({ UserMFASettingList: ['SOFTWARE_TOKEN_MFA'], PreferredMfaSetting: 'SOFTWARE_TOKEN_MFA' });
    await ok('SetUserMFAPreference', { AccessToken: token, SoftwareTokenMfaSettings: { Enabled: false, PreferredMfa: false } });
    expect(await ok('GetUser', { AccessToken: token })).not.toHaveProperty('UserMFASettingList');
  });

  it('a user with no access token cannot associate: the front checks the token as AWS does', async () => {
    expect((await fails('AssociateSoftwareToken', { AccessToken: 'not-a-token' })).code).toBe('NotAuthorizedException');
  });

  it('in a pool that requires MFA, turning off the last kind is refused', async () => {
    await setPool({ MfaConfiguration: 'OPTIONAL', ...TOTP_ON });
    const email = await confirmedUser();
    const secret = await withTotp(email);
    await setPool({ MfaConfiguration: 'ON', ...TOTP_ON });
    const token = await totpAccessToken(email, secret);
    const error = await fails('SetUserMFAPreference', { AccessToken: token, SoftwareTokenMfaSettings: { Enabled: false } });
    expect(error.code).toBe('InvalidParameterException');
    expect(await ok('GetUser', { AccessToken: token })).toMatchObject({ UserMFASettingList: ['SOFTWARE_TOKEN_MFA'] });
  });
});

describe('cognito front: SOFTWARE_TOKEN_MFA at sign-in', () => {
  it('USER_PASSWORD_AUTH: the challenge, a wrong code refused on a session that stays good, then tokens', async () => {
    await setPool({ MfaConfiguration: 'OPTIONAL', ...TOTP_ON });
    const email = await confirmedUser();
    const secret = await withTotp(email);
    const first = await passwordSignIn(email);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ ChallengeName: 'SOFTWARE_TOKEN_MFA', Session: expect.any(String), ChallengeParameters: { USER_ID_FOR_SRP: expect.any(String) } });
    expect(first.body).not.toHaveProperty('AuthenticationResult');
    const wrong = await respond('SOFTWARE_TOKEN_MFA', first.body.Session, { USERNAME: email, SOFTWARE_TOKEN_MFA_CODE: wrongCode(secret) });
    expect(wrong.body).toEqual({ __type: 'CodeMismatchException', message: 'Invalid code received for user' });
    const right = await respond('SOFTWARE_TOKEN_MFA', first.body.Session, { USERNAME: email, SOFTWARE_TOKEN_MFA_CODE: await freshCode(secret) });
    expect(right.status).toBe(200);
    expect(right.body.AuthenticationResult).toMatchObject({ AccessToken: expect.any(String), IdToken: expect.any(String), RefreshToken: expect.any(String) });
    expect(await ok('GetUser', { AccessToken: right.body.AuthenticationResult.AccessToken })).toMatchObject({ UserMFASettingList: ['SOFTWARE_TOKEN_MFA'] });
    // One answer per session.
    expect(await fails('RespondToAuthChallenge', { ClientId: clientId, ChallengeName: 'SOFTWARE_TOKEN_MFA', Session: first.body.Session, ChallengeResponses: { USERNAME: email, SOFTWARE_TOKEN_MFA_CODE: '123456' } })).toEqual(EXPIRED);
  });

  it('a code already used is refused with ExpiredCodeException', async () => {
    await setPool({ MfaConfiguration: 'OPTIONAL', ...TOTP_ON });
    const email = await confirmedUser();
    const secret = await withTotp(email);
    const code = await freshCode(secret);
    const once = (await passwordSignIn(email)).body;
    expect((await respond('SOFTWARE_TOKEN_MFA', once.Session, { USERNAME: email, SOFTWARE_TOKEN_MFA_CODE: code })).status).toBe(200);
    const twice = (await passwordSignIn(email)).body;
    expect((await respond('SOFTWARE_TOKEN_MFA', twice.Session, { USERNAME: email, SOFTWARE_TOKEN_MFA_CODE: code })).body).toEqual({
      __type: 'ExpiredCodeException',
      message: 'Your software token has already been used once.',
    });
  });

  it('with the pool OFF, the same user signs in with no challenge', async () => {
    await setPool({ MfaConfiguration: 'OPTIONAL', ...TOTP_ON });
    const email = await confirmedUser();
    await withTotp(email);
    await setPool({ MfaConfiguration: 'OFF' });
    expect((await passwordSignIn(email)).body.AuthenticationResult).toMatchObject({ AccessToken: expect.any(String) });
  });
});

describe('cognito front: EMAIL_OTP, SELECT_MFA_TYPE and MFA_SETUP', () => {
  it('EMAIL_OTP: the code is delivered, the destination masked; a wrong code is refused, the right one signs in', async () => {
    await setPool({ MfaConfiguration: 'OPTIONAL', ...TOTP_ON, ...EMAIL_ON });
    const email = await confirmedUser();
    await ok('SetUserMFAPreference', { AccessToken: await accessToken(email), EmailMfaSettings: { Enabled: true, PreferredMfa: true } });
    const first = (await passwordSignIn(email)).body;
    expect(first).toMatchObject({
      ChallengeName: 'EMAIL_OTP',
      ChallengeParameters: { CODE_DELIVERY_DELIVERY_MEDIUM: 'EMAIL', CODE_DELIVERY_DESTINATION: 'm***@c***' },
    });
    const delivered = front.deliveries.latest(email, 'email-otp');
    expect(delivered).toMatchObject({ purpose: 'email-otp', email, code: expect.stringMatching(/^\d{6}$/) });
    const wrong = delivered?.code === '000000' ? '111111' : '000000';
    expect((await respond('EMAIL_OTP', first.Session, { USERNAME: email, EMAIL_OTP_CODE: wrong })).body).toEqual({
      __type: 'CodeMismatchException',
      message: 'Invalid code or auth state for the user.',
    });
    const right = await respond('EMAIL_OTP', first.Session, { USERNAME: email, EMAIL_OTP_CODE: delivered?.code });
    expect(right.body.AuthenticationResult).toMatchObject({ AccessToken: expect.any(String) });
  });

  it('SELECT_MFA_TYPE when two kinds are on and none preferred; choosing EMAIL_OTP sends the code', async () => {
    await setPool({ MfaConfiguration: 'OPTIONAL', ...TOTP_ON, ...EMAIL_ON });
    const email = await confirmedUser();
    const secret = await withTotp(email);
    await ok('SetUserMFAPreference', {
      AccessToken: await totpAccessToken(email, secret),
      EmailMfaSettings: { Enabled: true, PreferredMfa: false },
      SoftwareTokenMfaSettings: { Enabled: true, PreferredMfa: false },
    });
    const select = (await passwordSignIn(email)).body;
    expect(select).toMatchObject({ ChallengeName: 'SELECT_MFA_TYPE', ChallengeParameters: { MFAS_CAN_CHOOSE: '["SOFTWARE_TOKEN_MFA","EMAIL_OTP"]' } });
    const chosen = (await respond('SELECT_MFA_TYPE', select.Session, { USERNAME: email, ANSWER: 'EMAIL_OTP' })).body;
    expect(chosen).toMatchObject({ ChallengeName: 'EMAIL_OTP', Session: expect.any(String) });
    expect(chosen.Session).not.toBe(select.Session);
    const code = front.deliveries.latest(email, 'email-otp')?.code;
    expect((await respond('EMAIL_OTP', chosen.Session, { USERNAME: email, EMAIL_OTP_CODE: code })).body.AuthenticationResult).toMatchObject({ AccessToken: expect.any(String) });
  });

  it('MFA_SETUP in a pool that requires MFA: associate and verify on the session, then tokens and TOTP on', async () => {
    await setPool({ MfaConfiguration: 'ON', ...TOTP_ON });
    const email = await confirmedUser();
    const first = (await passwordSignIn(email)).body;
    expect(first).toMatchObject({ ChallengeName: 'MFA_SETUP', ChallengeParameters: { MFAS_CAN_SETUP: '["SOFTWARE_TOKEN_MFA"]' } });
    // Answering before setting up is refused.
    expect((await respond('MFA_SETUP', first.Session, { USERNAME: email })).body.__type).toBe('InvalidParameterException');
    const associated = await ok('AssociateSoftwareToken', { Session: first.Session });
    expect(associated).toEqual({ SecretCode: expect.stringMatching(/^[A-Z2-7]{32}$/), Session: expect.any(String) });
    expect(await fails('VerifySoftwareToken', { Session: associated.Session, UserCode: wrongCode(associated.SecretCode) })).toEqual({
      code: 'EnableSoftwareTokenMFAException',
      message: 'Code mismatch',
    });
    const verified = await ok('VerifySoftwareToken', { Session: associated.Session, UserCode: await freshCode(associated.SecretCode), FriendlyDeviceName: 'phone' });
    expect(verified).toEqual({ Status: 'SUCCESS', Session: expect.any(String) });
    const done = await respond('MFA_SETUP', verified.Session, { USERNAME: email });
    expect(done.body.AuthenticationResult).toMatchObject({ AccessToken: expect.any(String), RefreshToken: expect.any(String) });
    expect(await ok('GetUser', { AccessToken: done.body.AuthenticationResult.AccessToken })).toMatchObject({
      UserMFASettingList: ['SOFTWARE_TOKEN_MFA'],
      PreferredMfaSetting: 'SOFTWARE_TOKEN_MFA',
    });
    // The next sign-in asks for the code.
    expect((await passwordSignIn(email)).body.ChallengeName).toBe('SOFTWARE_TOKEN_MFA');
  });

  it('a new password first, then MFA_SETUP, in a pool that requires MFA', async () => {
    await setPool({ MfaConfiguration: 'ON', ...TOTP_ON });
    const email = `invited${++seq}-${Date.now()}@cruddur.local`;
    await ok('AdminCreateUser', {
      UserPoolId: userPoolId,
      Username: email,
      TemporaryPassword: 'Temp-Passw0rd!',
      MessageAction: 'SUPPRESS',
      UserAttributes: [{ Name: 'email', Value: email }, { Name: 'email_verified', Value: 'true' }],
    });
    const first = (await call('InitiateAuth', { AuthFlow: 'USER_PASSWORD_AUTH', ClientId: clientId, AuthParameters: { USERNAME: email, PASSWORD: 'Temp-Passw0rd!' } })).body;
    expect(first.ChallengeName).toBe('NEW_PASSWORD_REQUIRED');
    const next = (await respond('NEW_PASSWORD_REQUIRED', first.Session, { USERNAME: email, NEW_PASSWORD: PASSWORD })).body;
    expect(next).toMatchObject({ ChallengeName: 'MFA_SETUP', Session: expect.any(String) });
    expect(next).not.toHaveProperty('AuthenticationResult');
  });

  it('a session from another app client is refused as expired', async () => {
    await setPool({ MfaConfiguration: 'ON', ...TOTP_ON });
    const email = await confirmedUser();
    const first = (await passwordSignIn(email)).body;
    const other = await ok('CreateUserPoolClient', { UserPoolId: userPoolId, ClientName: `other-${Date.now()}` });
    expect(
      await fails('RespondToAuthChallenge', { ClientId: other.UserPoolClient.ClientId, ChallengeName: 'MFA_SETUP', Session: first.Session, ChallengeResponses: { USERNAME: email } }),
    ).toEqual(EXPIRED);
  });
});
