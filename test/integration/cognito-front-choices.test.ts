/**
 * The front's choice-based sign-in (USER_AUTH), remembered devices and sign-in results on the wire,
 * against the real cognito-local: the shapes, errors and words AWS's API reference gives, where
 * the conformance suites let real clients judge the happy paths.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Json } from '../support/cognito-call.ts';
import { startFrontFixture, type FrontFixture } from '../support/front-fixture.ts';

const PASSWORD = 'Str0ng-Passw0rd!';
const FLOWS = ['ALLOW_USER_AUTH', 'ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'];
const EXPIRED = { code: 'NotAuthorizedException', message: 'Invalid session for the user, session is expired.' };
const MISSING_DEVICE = { code: 'ResourceNotFoundException', message: 'Device does not exist.' };

let f: FrontFixture;
let seq = 0;
beforeAll(async () => {
  f = await startFrontFixture();
});
afterAll(() => f?.stop());
afterEach(() => f.clock.reset());

const ok = (op: string, body: Json) => f.ok(op, body);
const fails = (op: string, body: Json) => f.fails(op, body);
/** A pool with these first factors (and device tracking when given), and a client allowing USER_AUTH. */
async function pool(factors: string[], devices?: Json) {
  const created = await ok('CreateUserPool', { PoolName: `choices-${++seq}`, UsernameAttributes: ['email'], AutoVerifiedAttributes: ['email'], Policies: { SignInPolicy: { AllowedFirstAuthFactors: factors } }, ...(devices ? { DeviceConfiguration: devices } : {}) });
  const userPoolId = created.UserPool.Id as string;
  const client = await ok('CreateUserPoolClient', { UserPoolId: userPoolId, ClientName: 'app', ExplicitAuthFlows: FLOWS, PreventUserExistenceErrors: 'ENABLED' });
  return { userPoolId, clientId: client.UserPoolClient.ClientId as string };
}
async function user(p: { clientId: string }) {
  const email = `choice${++seq}-${Date.now()}@cruddur.local`;
  await ok('SignUp', { ClientId: p.clientId, Username: email, Password: PASSWORD, UserAttributes: [{ Name: 'email', Value: email }] });
  await ok('ConfirmSignUp', { ClientId: p.clientId, Username: email, ConfirmationCode: f.code(email) });
  return email;
}
const userAuth = (p: { clientId: string }, parameters: Json) => f.call('InitiateAuth', { AuthFlow: 'USER_AUTH', ClientId: p.clientId, AuthParameters: parameters });
const passwordAuth = (p: { clientId: string }, email: string, extra: Json = {}) =>
  ok('InitiateAuth', { AuthFlow: 'USER_PASSWORD_AUTH', ClientId: p.clientId, AuthParameters: { USERNAME: email, PASSWORD, ...extra } });

// https://docs.aws.amazon.com/cognito/latest/developerguide/authentication-flows-selection-sdk.html
describe('USER_AUTH on the wire', () => {
  let p: { userPoolId: string; clientId: string };
  beforeAll(async () => {
    p = await pool(['PASSWORD', 'EMAIL_OTP']);
  });

  it('SELECT_CHALLENGE carries a Session and AvailableChallenges; an unknown user gets the very same shape', async () => {
    const known = (await userAuth(p, { USERNAME: await user(p) })).body;
    const unknown = (await userAuth(p, { USERNAME: 'nobody@cruddur.local' })).body;
    for (const answer of [known, unknown]) {
      expect(answer).toEqual({ ChallengeName: 'SELECT_CHALLENGE', Session: expect.any(String), ChallengeParameters: {}, AvailableChallenges: ['PASSWORD', 'PASSWORD_SRP', 'EMAIL_OTP'] });
    }
  });

  it('EMAIL_OTP for an unknown user answers as if sent, and no code signs it in', async () => {
    const r = (await userAuth(p, { USERNAME: 'nobody@cruddur.local', PREFERRED_CHALLENGE: 'EMAIL_OTP' })).body;
    expect(r).toMatchObject({ ChallengeName: 'EMAIL_OTP', ChallengeParameters: { CODE_DELIVERY_DELIVERY_MEDIUM: 'EMAIL', CODE_DELIVERY_DESTINATION: 'n***@c***' } });
    const answer = { ClientId: p.clientId, ChallengeName: 'EMAIL_OTP', Session: r.Session, ChallengeResponses: { USERNAME: 'nobody@cruddur.local', EMAIL_OTP_CODE: '12345678' } };
    expect((await fails('RespondToAuthChallenge', answer)).code).toBe('CodeMismatchException');
  });

  it('an emailed code signs in with ExpiresIn and TokenType; after the session lifetime it is expired', async () => {
    const email = await user(p);
    const first = (await userAuth(p, { USERNAME: email, PREFERRED_CHALLENGE: 'EMAIL_OTP' })).body;
    const answer = (r: Json) => ({ ClientId: p.clientId, ChallengeName: 'EMAIL_OTP', Session: r.Session, ChallengeResponses: { USERNAME: email, EMAIL_OTP_CODE: f.code(email, 'email-otp') } });
    expect((await ok('RespondToAuthChallenge', answer(first))).AuthenticationResult).toMatchObject({ ExpiresIn: 3600, TokenType: 'Bearer', AccessToken: expect.any(String) });
    const second = (await userAuth(p, { USERNAME: email, PREFERRED_CHALLENGE: 'EMAIL_OTP' })).body;
    f.clock.advance(3 * 60_000);
    expect(await fails('RespondToAuthChallenge', answer(second))).toEqual(EXPIRED);
  });

  it('an ANSWER that was not offered is refused; WEB_AUTHN is never offered without passkeys', async () => {
    const email = await user(p);
    const select = (await userAuth(p, { USERNAME: email })).body;
    expect(select.AvailableChallenges).not.toContain('WEB_AUTHN');
    const r = await fails('RespondToAuthChallenge', { ClientId: p.clientId, ChallengeName: 'SELECT_CHALLENGE', Session: select.Session, ChallengeResponses: { USERNAME: email, ANSWER: 'WEB_AUTHN' } });
    expect(r.code).toBe('InvalidParameterException');
  });

  it('a passwordless sign-up signs in with the Session ConfirmSignUp returned, once', async () => {
    const email = `nopw${++seq}@cruddur.local`;
    await ok('SignUp', { ClientId: p.clientId, Username: email, UserAttributes: [{ Name: 'email', Value: email }] });
    const { Session } = await ok('ConfirmSignUp', { ClientId: p.clientId, Username: email, ConfirmationCode: f.code(email) });
    const auto = { AuthFlow: 'USER_AUTH', ClientId: p.clientId, AuthParameters: { USERNAME: email }, Session };
    expect((await ok('InitiateAuth', auto)).AuthenticationResult).toMatchObject({ TokenType: 'Bearer' });
    expect(await fails('InitiateAuth', auto)).toEqual(EXPIRED);
    expect((await userAuth(p, { USERNAME: email })).body.AvailableChallenges).toEqual(['EMAIL_OTP']);
  });
});

// SignInPolicyType in the API reference
describe('the pool\'s SignInPolicy', () => {
  it('DescribeUserPool shows AWS\'s default, PASSWORD alone, and UpdateUserPool round-trips another', async () => {
    expect((await ok('DescribeUserPool', { UserPoolId: f.userPoolId })).UserPool.Policies.SignInPolicy).toEqual({ AllowedFirstAuthFactors: ['PASSWORD'] });
    const described = (await ok('DescribeUserPool', { UserPoolId: f.userPoolId })).UserPool;
    await ok('UpdateUserPool', { UserPoolId: f.userPoolId, AutoVerifiedAttributes: described.AutoVerifiedAttributes, Policies: { ...described.Policies, SignInPolicy: { AllowedFirstAuthFactors: ['PASSWORD', 'EMAIL_OTP'] } } });
    expect((await ok('DescribeUserPool', { UserPoolId: f.userPoolId })).UserPool.Policies.SignInPolicy).toEqual({ AllowedFirstAuthFactors: ['PASSWORD', 'EMAIL_OTP'] });
  });

  it.each([
    ['without PASSWORD', ['EMAIL_OTP'], 'PASSWORD must be one of the AllowedFirstAuthFactors.'],
    ['with SOFTWARE_TOKEN', ['PASSWORD', 'SOFTWARE_TOKEN'], 'SOFTWARE_TOKEN is not currently supported as a first auth factor.'],
  ])('a policy %s is refused', async (_case, factors, message) => {
    expect(await fails('CreateUserPool', { PoolName: 'bad-policy', Policies: { SignInPolicy: { AllowedFirstAuthFactors: factors } } })).toEqual({ code: 'InvalidParameterException', message });
  });
});

// https://docs.aws.amazon.com/cognito/latest/developerguide/amazon-cognito-user-pools-device-tracking.html
describe('remembered devices on the wire', () => {
  let p: { userPoolId: string; clientId: string };
  beforeAll(async () => {
    p = await pool(['PASSWORD'], { ChallengeRequiredOnNewDevice: false, DeviceOnlyRememberedOnUserPrompt: false });
  });

  it('a sign-in on a new device gets NewDeviceMetadata; ConfirmDevice remembers it at once (no prompt); GetDevice and ListDevices show it', async () => {
    const email = await user(p);
    const signedIn = (await passwordAuth(p, email)).AuthenticationResult;
    const { DeviceKey, DeviceGroupKey } = signedIn.NewDeviceMetadata;
    expect(DeviceKey).toMatch(/^local_[0-9a-f-]{36}$/);
    expect(DeviceGroupKey).toMatch(/^-\w+$/);
    expect(await ok('ConfirmDevice', { AccessToken: signedIn.AccessToken, DeviceKey, DeviceName: 'Chromium' })).toEqual({ UserConfirmationNecessary: false });
    const { Device } = await ok('GetDevice', { AccessToken: signedIn.AccessToken, DeviceKey });
    expect(Device).toMatchObject({ DeviceKey, DeviceCreateDate: expect.any(Number), DeviceLastModifiedDate: expect.any(Number) });
    expect(Object.fromEntries(Device.DeviceAttributes.map((a: Json) => [a.Name, a.Value]))).toMatchObject({ device_status: 'valid', device_name: 'Chromium', 'dev:device_remembered_status': 'remembered' });
    expect(await fails('ConfirmDevice', { AccessToken: signedIn.AccessToken, DeviceKey })).toMatchObject({ code: 'DeviceKeyExistsException' });
    // Signing in again naming the device: a confirmed device without a verifier is not challenged, and gets no new metadata.
    expect((await passwordAuth(p, email, { DEVICE_KEY: DeviceKey })).AuthenticationResult.NewDeviceMetadata).toBeUndefined();
  });

  it('ListDevices pages with Limit and PaginationToken; AdminListDevices needs the signature', async () => {
    const email = await user(p);
    for (let i = 0; i < 2; i++) {
      const r = (await passwordAuth(p, email)).AuthenticationResult;
      await ok('ConfirmDevice', { AccessToken: r.AccessToken, DeviceKey: r.NewDeviceMetadata.DeviceKey });
    }
    const { AccessToken } = (await passwordAuth(p, email)).AuthenticationResult;
    const page1 = await ok('ListDevices', { AccessToken, Limit: 1 });
    expect(page1.Devices).toHaveLength(1);
    const page2 = await ok('ListDevices', { AccessToken, Limit: 1, PaginationToken: page1.PaginationToken });
    expect(page2.Devices).toHaveLength(1);
    expect(page2.Devices[0].DeviceKey).not.toBe(page1.Devices[0].DeviceKey);
    expect(page2.PaginationToken).toBeUndefined();
    expect((await f.unsigned('AdminListDevices', { UserPoolId: p.userPoolId, Username: email })).errorType).toBe('MissingAuthenticationTokenException');
    expect((await ok('AdminListDevices', { UserPoolId: p.userPoolId, Username: email })).Devices).toHaveLength(2);
  });

  it('a device the user does not have: ResourceNotFoundException "Device does not exist.", at sign-in too; ForgetDevice makes it so', async () => {
    const owner = await user(p);
    const other = await user(p);
    const mine = (await passwordAuth(p, owner)).AuthenticationResult;
    const DeviceKey = mine.NewDeviceMetadata.DeviceKey;
    await ok('ConfirmDevice', { AccessToken: mine.AccessToken, DeviceKey });
    const theirs = (await passwordAuth(p, other)).AuthenticationResult;
    expect(await fails('GetDevice', { AccessToken: theirs.AccessToken, DeviceKey })).toEqual(MISSING_DEVICE);
    expect((await f.call('InitiateAuth', { AuthFlow: 'USER_PASSWORD_AUTH', ClientId: p.clientId, AuthParameters: { USERNAME: other, PASSWORD, DEVICE_KEY: DeviceKey } })).body).toMatchObject({ __type: MISSING_DEVICE.code, message: MISSING_DEVICE.message });
    expect((await fails('UpdateDeviceStatus', { AccessToken: mine.AccessToken, DeviceKey, DeviceRememberedStatus: 'forever' })).code).toBe('InvalidParameterException');
    await ok('ForgetDevice', { AccessToken: mine.AccessToken, DeviceKey });
    expect(await fails('GetDevice', { AccessToken: mine.AccessToken, DeviceKey })).toEqual(MISSING_DEVICE);
  });

  it('a pool without DeviceConfiguration tracks nothing and ignores DEVICE_KEY', async () => {
    const plain = await pool(['PASSWORD']);
    const email = await user(plain);
    const r = (await passwordAuth(plain, email, { DEVICE_KEY: 'local_00000000-0000-0000-0000-000000000000' })).AuthenticationResult;
    expect(r.NewDeviceMetadata).toBeUndefined();
  });
});

describe('sign-in results as AWS shapes them', () => {
  it('every refresh token is opaque: an encrypted JWT\'s five parts, nothing readable about the user', async () => {
    const p = await pool(['PASSWORD']);
    const email = await user(p);
    const { RefreshToken, ExpiresIn, TokenType } = (await passwordAuth(p, email)).AuthenticationResult;
    expect({ ExpiresIn, TokenType }).toEqual({ ExpiresIn: 3600, TokenType: 'Bearer' });
    const parts = String(RefreshToken).split('.');
    expect(parts).toHaveLength(5);
    expect(JSON.parse(Buffer.from(parts[0] ?? '', 'base64url').toString())).toEqual({ cty: 'JWT', enc: 'A256GCM', alg: 'RSA-OAEP' });
    expect(Buffer.from(RefreshToken, 'utf8').toString('latin1')).not.toContain(email);
    for (const part of parts.slice(1)) expect(Buffer.from(part, 'base64url').toString('latin1')).not.toContain('cognito');
    const refreshed = await ok('InitiateAuth', { AuthFlow: 'REFRESH_TOKEN_AUTH', ClientId: p.clientId, AuthParameters: { REFRESH_TOKEN: RefreshToken } });
    expect(refreshed.AuthenticationResult).toMatchObject({ ExpiresIn: 3600, TokenType: 'Bearer' });
  });
});
