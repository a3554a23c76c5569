/**
 * The front's guards against the real cognito-local, on a clock the test moves: ExplicitAuthFlows
 * for every flow, the lockout after wrong passwords, the limits on codes, disabled users,
 * AdminInitiateAuth through the same sign-in, AdminResetUserPassword, and AWS's rules and words
 * for client settings, confirmations and attributes.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_USER } from '../../scripts/lib/bootstrap.ts';
import type { Json } from '../support/cognito-call.ts';
import { startFrontFixture, type FrontFixture } from '../support/front-fixture.ts';
import { freshCode } from '../support/totp-codes.ts';

const PASSWORD = 'Str0ng-Passw0rd!';
const INCORRECT = { code: 'NotAuthorizedException', message: 'Incorrect username or password.' };
const EXCEEDED = { code: 'NotAuthorizedException', message: 'Password attempts exceeded' };
const LIMIT = { code: 'LimitExceededException', message: 'Attempt limit exceeded, please try after some time.' };
const DISABLED = { code: 'NotAuthorizedException', message: 'User is disabled.' };

let f: FrontFixture;
let seq = 0;
/** A client of the demo pool that allows ADMIN_USER_PASSWORD_AUTH too (the extension's does not). */
let serverClient: string;
beforeAll(async () => {
  f = await startFrontFixture();
  const flows = ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_ADMIN_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'];
  serverClient = ((await ok('CreateUserPoolClient', { UserPoolId: f.userPoolId, ClientName: 'server', ExplicitAuthFlows: flows })).UserPoolClient as Json).ClientId as string;
});
afterAll(() => f?.stop());
// Time moved in a test stays in it: tokens minted later are checked against real time again.
afterEach(() => f.clock.reset());

const ok = (op: string, body: Json) => f.ok(op, body);
const fails = (op: string, body: Json) => f.fails(op, body);
/** A signed-up user, confirmed unless asked not to. */
async function newUser(o: { confirmed?: boolean } = {}): Promise<string> {
  const email = `guard${++seq}-${Date.now()}@cruddur.local`;
  await ok('SignUp', { ClientId: f.clientId, Username: email, Password: PASSWORD, UserAttributes: [{ Name: 'email', Value: email }] });
  if (o.confirmed !== false) await ok('ConfirmSignUp', { ClientId: f.clientId, Username: email, ConfirmationCode: f.code(email) });
  return email;
}
const passwordAuth = (email: string, password = PASSWORD, clientId = f.clientId) =>
  f.call('InitiateAuth', { AuthFlow: 'USER_PASSWORD_AUTH', ClientId: clientId, AuthParameters: { USERNAME: email, PASSWORD: password } });
const adminAuth = (email: string, password = PASSWORD, clientId = serverClient) =>
  f.call('AdminInitiateAuth', { UserPoolId: f.userPoolId, AuthFlow: 'ADMIN_USER_PASSWORD_AUTH', ClientId: clientId, AuthParameters: { USERNAME: email, PASSWORD: password } });
const outcome = (r: Awaited<ReturnType<FrontFixture['call']>>) =>
  r.status === 200 ? (r.body.AuthenticationResult ? 'tokens' : r.body.ChallengeName) : { code: r.body.__type, message: r.body.message };
const client = async (body: Json) => ((await ok('CreateUserPoolClient', { UserPoolId: f.userPoolId, ClientName: `c${++seq}`, ...body })).UserPoolClient as Json);

// https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_CreateUserPoolClient.html (ExplicitAuthFlows)
describe('ExplicitAuthFlows, for every flow', () => {
  it('a client created without flows gets AWS\'s defaults: SRP, custom and refresh', async () => {
    expect((await client({})).ExplicitAuthFlows).toEqual(['ALLOW_USER_SRP_AUTH', 'ALLOW_CUSTOM_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH']);
  });

  it.each([
    ['USER_PASSWORD_AUTH', (email: string, id: string) => passwordAuth(email, PASSWORD, id)],
    ['ADMIN_USER_PASSWORD_AUTH', (email: string, id: string) => adminAuth(email, PASSWORD, id)],
    ['USER_AUTH', (email: string, id: string) => f.call('InitiateAuth', { AuthFlow: 'USER_AUTH', ClientId: id, AuthParameters: { USERNAME: email } })],
    ['REFRESH_TOKEN_AUTH', (_email: string, id: string) => f.call('InitiateAuth', { AuthFlow: 'REFRESH_TOKEN_AUTH', ClientId: id, AuthParameters: { REFRESH_TOKEN: 'x' } })],
    ['USER_SRP_AUTH', (email: string, id: string) => f.call('InitiateAuth', { AuthFlow: 'USER_SRP_AUTH', ClientId: id, AuthParameters: { USERNAME: email, SRP_A: 'ab' } })],
  ])('%s on a client that does not allow it: InvalidParameterException "<flow> flow not enabled for this client"', async (flow, call) => {
    const others = ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_ADMIN_USER_PASSWORD_AUTH', 'ALLOW_USER_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH', 'ALLOW_USER_SRP_AUTH'].filter((f) => f !== `ALLOW_${flow}`);
    const id = (await client({ ExplicitAuthFlows: others })).ClientId as string;
    const r = await call(DEMO_USER.email, id);
    expect(outcome(r)).toEqual({ code: 'InvalidParameterException', message: `${flow} flow not enabled for this client` });
  });
});

// https://docs.aws.amazon.com/cognito/latest/developerguide/authentication.html (lockout)
describe('lockout after wrong passwords', () => {
  it('five failures lock for 1 s, each further one twice as long; an attempt while locked counts nothing', async () => {
    const email = await newUser();
    f.clock.freeze();
    try {
      for (let i = 0; i < 5; i++) expect(outcome(await passwordAuth(email, 'Wr0ng!pass'))).toEqual(INCORRECT);
      expect(outcome(await passwordAuth(email))).toEqual(EXCEEDED);
      f.clock.advance(1000);
      expect(outcome(await passwordAuth(email, 'Wr0ng!pass'))).toEqual(INCORRECT); // the 6th: 2 s
      f.clock.advance(1999);
      expect(outcome(await passwordAuth(email))).toEqual(EXCEEDED);
      f.clock.advance(1);
      expect(outcome(await passwordAuth(email))).toBe('tokens');
      // A success resets the count: one failure then locks nothing.
      expect(outcome(await passwordAuth(email, 'Wr0ng!pass'))).toEqual(INCORRECT);
      expect(outcome(await passwordAuth(email))).toBe('tokens');
    } finally {
      f.clock.reset();
    }
  });

  it('the wait stops growing at about 15 minutes, and 15 quiet minutes start the count again', async () => {
    const email = await newUser();
    f.clock.freeze();
    try {
      for (let n = 1; n <= 15; n++) {
        expect(outcome(await passwordAuth(email, 'Wr0ng!pass'))).toEqual(INCORRECT);
        if (n >= 5 && n < 15) f.clock.advance(2 ** (n - 5) * 1000); // wait each lockout out
      }
      // 2^(15−5) s would be 1024 s: the 15th failure locks for 900 s.
      f.clock.advance(899_000);
      expect(outcome(await passwordAuth(email))).toEqual(EXCEEDED);
      f.clock.advance(1000);
      expect(outcome(await passwordAuth(email))).toBe('tokens');
      for (let i = 0; i < 4; i++) expect(outcome(await passwordAuth(email, 'Wr0ng!pass'))).toEqual(INCORRECT);
      f.clock.advance(15 * 60_000);
      expect(outcome(await passwordAuth(email, 'Wr0ng!pass'))).toEqual(INCORRECT); // the first of a new count: no lockout
      expect(outcome(await passwordAuth(email))).toBe('tokens');
    } finally {
      f.clock.reset();
    }
  });

  it('AdminInitiateAuth and InitiateAuth count together, as one user\'s sign-ins', async () => {
    const email = await newUser();
    f.clock.freeze();
    try {
      for (let i = 0; i < 3; i++) expect(outcome(await adminAuth(email, 'Wr0ng!pass'))).toEqual(INCORRECT);
      for (let i = 0; i < 2; i++) expect(outcome(await passwordAuth(email, 'Wr0ng!pass'))).toEqual(INCORRECT);
      expect(outcome(await adminAuth(email))).toEqual(EXCEEDED);
    } finally {
      f.clock.reset();
    }
  });
});

// LimitExceededException in the API reference of ForgotPassword, ResendConfirmationCode, ConfirmSignUp
describe('limits on codes', () => {
  it.each([
    ['ForgotPassword', async (email: string) => f.call('ForgotPassword', { ClientId: f.clientId, Username: email }), true],
    ['ResendConfirmationCode', async (email: string) => f.call('ResendConfirmationCode', { ClientId: f.clientId, Username: email }), false],
    ['ConfirmSignUp with a wrong code', async (email: string) => f.call('ConfirmSignUp', { ClientId: f.clientId, Username: email, ConfirmationCode: '000000' }), false],
  ])('%s: five go through, the sixth is LimitExceededException, an hour later it goes through again', async (_case, ask, confirmed) => {
    const email = await newUser({ confirmed });
    for (let i = 0; i < 5; i++) expect((await ask(email)).body.__type).not.toBe('LimitExceededException');
    expect(outcome(await ask(email))).toEqual(LIMIT);
    f.clock.advance(60 * 60_000);
    expect((await ask(email)).body.__type).not.toBe('LimitExceededException');
  });
});

// https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_AdminDisableUser.html
describe('AdminDisableUser ends every way in', () => {
  it('its tokens are revoked, every flow and the refresh say "User is disabled."; AdminEnableUser lets it back', async () => {
    const email = await newUser();
    const tokens = (await passwordAuth(email)).body.AuthenticationResult as Json;
    await ok('AdminDisableUser', { UserPoolId: f.userPoolId, Username: email });
    expect(await fails('GetUser', { AccessToken: tokens.AccessToken })).toEqual({ code: 'NotAuthorizedException', message: 'Access Token has been revoked' });
    expect(outcome(await passwordAuth(email))).toEqual(DISABLED);
    expect(outcome(await adminAuth(email))).toEqual(DISABLED);
    expect(await fails('GetTokensFromRefreshToken', { ClientId: f.clientId, RefreshToken: tokens.RefreshToken })).toEqual(DISABLED);
    await ok('AdminEnableUser', { UserPoolId: f.userPoolId, Username: email });
    expect(outcome(await passwordAuth(email))).toBe('tokens');
  });
});

// https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_AdminInitiateAuth.html
describe('AdminInitiateAuth goes through the same sign-in', () => {
  it('unsigned it is refused; signed it answers the same MFA challenge as InitiateAuth and tokens with AWS\'s claims', async () => {
    const email = await newUser();
    expect((await f.unsigned('AdminInitiateAuth', { UserPoolId: f.userPoolId, ClientId: f.clientId, AuthFlow: 'ADMIN_USER_PASSWORD_AUTH' })).errorType).toBe('MissingAuthenticationTokenException');
    await ok('SetUserPoolMfaConfig', { UserPoolId: f.userPoolId, MfaConfiguration: 'OPTIONAL', SoftwareTokenMfaConfiguration: { Enabled: true } });
    const { AccessToken } = (await passwordAuth(email)).body.AuthenticationResult as Json;
    const { SecretCode } = await ok('AssociateSoftwareToken', { AccessToken });
    await ok('VerifySoftwareToken', { AccessToken, UserCode: await freshCode(SecretCode) });
    await ok('SetUserMFAPreference', { AccessToken, SoftwareTokenMfaSettings: { Enabled: true, PreferredMfa: true } });
    const challenge = (await adminAuth(email)).body;
    expect(challenge).toMatchObject({ ChallengeName: 'SOFTWARE_TOKEN_MFA', Session: expect.any(String) });
    const answer = { UserPoolId: f.userPoolId, ClientId: serverClient, ChallengeName: 'SOFTWARE_TOKEN_MFA', Session: challenge.Session };
    const done = await ok('AdminRespondToAuthChallenge', { ...answer, ChallengeResponses: { USERNAME: email, SOFTWARE_TOKEN_MFA_CODE: await freshCode(SecretCode) } });
    expect(done.AuthenticationResult).toMatchObject({ ExpiresIn: 3600, TokenType: 'Bearer', RefreshToken: expect.any(String) });
    const claims = JSON.parse(Buffer.from(String(done.AuthenticationResult.AccessToken).split('.')[1] ?? '', 'base64url').toString()) as Json;
    expect(claims).toMatchObject({ origin_jti: expect.any(String), token_use: 'access', client_id: serverClient, iss: `${f.url}/${f.userPoolId}` });
    await ok('SetUserPoolMfaConfig', { UserPoolId: f.userPoolId, MfaConfiguration: 'OFF' });
  });

  it('a client of another pool is ResourceNotFoundException', async () => {
    const r = await f.call('AdminInitiateAuth', { UserPoolId: 'local_other', ClientId: serverClient, AuthFlow: 'ADMIN_USER_PASSWORD_AUTH', AuthParameters: { USERNAME: DEMO_USER.email, PASSWORD: DEMO_USER.password } });
    expect(r.errorType).toBe('ResourceNotFoundException');
  });
});

// https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_AdminResetUserPassword.html
describe('AdminResetUserPassword', () => {
  it('the user must reset: PasswordResetRequiredException at sign-in, RESET_REQUIRED in AdminGetUser and ListUsers, a code to reset with', async () => {
    const email = await newUser();
    await ok('AdminResetUserPassword', { UserPoolId: f.userPoolId, Username: email });
    expect(outcome(await passwordAuth(email))).toEqual({ code: 'PasswordResetRequiredException', message: 'Password reset required for the user' });
    expect((await ok('AdminGetUser', { UserPoolId: f.userPoolId, Username: email })).UserStatus).toBe('RESET_REQUIRED');
    const listed = ((await ok('ListUsers', { UserPoolId: f.userPoolId })).Users as Json[]).find((u) => u.Attributes.some((a: Json) => a.Value === email));
    expect(listed?.UserStatus).toBe('RESET_REQUIRED');
    await ok('ConfirmForgotPassword', { ClientId: f.clientId, Username: email, ConfirmationCode: f.code(email, 'forgot-password'), Password: `${PASSWORD}2` });
    expect(outcome(await passwordAuth(email, `${PASSWORD}2`))).toBe('tokens');
  });

  it('an unknown user is UserNotFoundException', async () => {
    expect(await fails('AdminResetUserPassword', { UserPoolId: f.userPoolId, Username: 'nobody@cruddur.local' })).toEqual({ code: 'UserNotFoundException', message: 'User does not exist.' });
  });
});

describe("AWS's rules and words for settings, confirmations and attributes", () => {
  it.each([
    ['access tokens of 299 s', { AccessTokenValidity: 299, TokenValidityUnits: { AccessToken: 'seconds' } }],
    ['ID tokens of 2 days', { IdTokenValidity: 2, TokenValidityUnits: { IdToken: 'days' } }],
    ['refresh tokens of 59 minutes', { RefreshTokenValidity: 59, TokenValidityUnits: { RefreshToken: 'minutes' } }],
    ['refresh tokens of 3651 days', { RefreshTokenValidity: 3651 }],
  ])('a client with %s is refused: "Invalid range for token validity." (no development option here)', async (_case, body) => {
    expect(await fails('CreateUserPoolClient', { UserPoolId: f.userPoolId, ClientName: 'short', ...body })).toEqual({ code: 'InvalidParameterException', message: 'Invalid range for token validity.' });
  });

  it("a client without lifetimes gets AWS's: 1 hour, 1 hour, 30 days, and a 3-minute AuthSessionValidity", async () => {
    expect(await client({})).toMatchObject({
      AccessTokenValidity: 1, IdTokenValidity: 1, RefreshTokenValidity: 30,
      TokenValidityUnits: { AccessToken: 'hours', IdToken: 'hours', RefreshToken: 'days' },
      AuthSessionValidity: 3,
    });
  });

  it.each([[2], [16]])('AuthSessionValidity %i is outside 3..15 minutes: a validation error', async (minutes) => {
    expect((await fails('CreateUserPoolClient', { UserPoolId: f.userPoolId, ClientName: 'session', AuthSessionValidity: minutes })).message).toMatch(/^1 validation error detected: Value '\d+' at 'authSessionValidity' failed to satisfy constraint/);
  });

  it('confirming a confirmed user: NotAuthorizedException "User cannot be confirmed. Current status is CONFIRMED"', async () => {
    const email = await newUser();
    expect(await fails('ConfirmSignUp', { ClientId: f.clientId, Username: email, ConfirmationCode: '123456' })).toEqual({
      code: 'NotAuthorizedException',
      message: 'User cannot be confirmed. Current status is CONFIRMED',
    });
  });

  it.each([
    ['a value longer than 2048 characters', [{ Name: 'name', Value: 'x'.repeat(2049) }], "1 validation error detected: Value at 'userAttributes.2.member.value' failed to satisfy constraint: Member must have length less than or equal to 2048"],
    ['a name longer than 32 characters', [{ Name: `custom:${'n'.repeat(30)}`, Value: 'x' }], `1 validation error detected: Value 'custom:${'n'.repeat(30)}' at 'userAttributes.2.member.name' failed to satisfy constraint: Member must have length less than or equal to 32`],
    ['an email that is not one', [{ Name: 'email', Value: 'not-an-email' }], 'Invalid email address format.'],
  ])('SignUp with %s: InvalidParameterException', async (_case, extra, message) => {
    const email = `attr${++seq}@cruddur.local`;
    const attributes = extra[0]?.Name === 'email' ? extra : [{ Name: 'email', Value: email }, ...extra];
    expect(await fails('SignUp', { ClientId: f.clientId, Username: email, Password: PASSWORD, UserAttributes: attributes })).toEqual({ code: 'InvalidParameterException', message });
  });

  it('a username with a space or a control character fails AWS\'s pattern', async () => {
    for (const Username of ['a b@cruddur.local', 'a\u0000b@cruddur.local']) {
      expect((await fails('SignUp', { ClientId: f.clientId, Username, Password: PASSWORD })).message).toBe(
        "1 validation error detected: Value at 'username' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}]+",
      );
    }
  });

  it('a NUL in a name is accepted, as AWS documents no character rule for attribute values (the API refuses it)', async () => {
    const email = `nul${++seq}@cruddur.local`;
    expect((await f.call('SignUp', { ClientId: f.clientId, Username: email, Password: PASSWORD, UserAttributes: [{ Name: 'email', Value: email }, { Name: 'name', Value: 'a\u0000b' }] })).status).toBe(200);
  });
});
