/**
 * The front's MFA logic with a clock in hand: cognito-local's files are written here as it
 * writes them, cognito-local's API is a fake that records (and checks) what it is sent, and the
 * rest of the sign-in (`complete`) a fake that records which sign-ins MFA let through.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CognitoDb } from './cognito-db.ts';
import { Deliveries } from './deliveries.ts';
import { CognitoError } from './errors.ts';
import { FrontState } from './front-state.ts';
import { createMfa } from './mfa.ts';
import type { SignInContext } from './sign-in.ts';
import type { Json } from './srp-sign-in.ts';
import { decodeJwt } from './tokens.ts';
import { base32Encode, totp } from './totp.ts';

const POOL = 'local_pool';
const CLIENT = 'client-1';
const SECRET = base32Encode(Buffer.from('12345678901234567890'));
const T0 = 1_800_000_000_000;
const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
/** An access token as far as the front reads it here (decoded, never verified: the fake checkAccess stands in). */
const accessToken = (n: number) => `${b64({ alg: 'none' })}.${b64({ username: 'u-1', client_id: CLIENT, jti: `j${n}` })}.sig`;

let dir: string;
let now: number;
let calls: { op: string; body: Json }[];
let completed: SignInContext[];
let deliveries: Deliveries;
let state: FrontState;

function writeDb(clientExtra: Json = {}) {
  const db = join(dir, '.cognito', 'db');
  mkdirSync(db, { recursive: true });
  writeFileSync(join(db, 'clients.json'), JSON.stringify({ Clients: { [CLIENT]: { ClientId: CLIENT, UserPoolId: POOL, ...clientExtra } } }));
  writeFileSync(
    join(db, `${POOL}.json`),
    JSON.stringify({
      Options: { UsernameAttributes: ['email'] },
      Users: { 'u-1': { Username: 'u-1', Password: 'Passw0rd!', UserStatus: 'CONFIRMED', Attributes: [{ Name: 'sub', Value: 'u-1' }, { Name: 'email', Value: 'ada@example.com' }] } },
    }),
  );
}

function mfa() {
  const upstream = async (op: string, body: Json): Promise<Json> => {
    calls.push({ op, body });
    if (op === 'DescribeUserPool') return { UserPool: { Id: body.UserPoolId } };
    throw new CognitoError('UnknownOperationException', op);
  };
  const checkAccess = (token: unknown) => {
    const claims = decodeJwt(token);
    if (!claims) throw new CognitoError('NotAuthorizedException', 'Invalid Access Token');
    return claims;
  };
  const complete = async (signIn: SignInContext): Promise<Json> => {
    completed.push(signIn);
    return { ChallengeParameters: {}, AuthenticationResult: { AccessToken: accessToken(completed.length) } };
  };
  return createMfa({ db: new CognitoDb(dir), upstream, state, deliveries, checkAccess, complete, now: () => now });
}

/** A sign-in whose password was right, as sign-in.ts asks MFA about it. */
const signIn: SignInContext = { clientId: CLIENT, poolId: POOL, username: 'u-1', clientMetadata: { app: 'test' }, factor: 'password' };
const owed = async (m: ReturnType<typeof mfa>) => (await m.challengeFor(signIn)) ?? {};
const withTotp = () => state.updateUserMfa(POOL, 'u-1', () => ({ totpSecret: SECRET, totpEnabled: true, preferred: 'SOFTWARE_TOKEN_MFA' }));
const totpAnswer = (session: unknown, code: string) => ({
  ClientId: CLIENT,
  ChallengeName: 'SOFTWARE_TOKEN_MFA',
  Session: session,
  ChallengeResponses: { USERNAME: 'u-1', SOFTWARE_TOKEN_MFA_CODE: code },
});

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'front-mfa-'));
  now = T0;
  calls = [];
  completed = [];
  deliveries = new Deliveries();
  state = new FrontState(dir);
  writeDb();
  state.setPoolMfa(POOL, { MfaConfiguration: 'OPTIONAL', SoftwareTokenMfaConfiguration: { Enabled: true }, EmailMfaConfiguration: {} });
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('front MFA: what a sign-in owes after its password', () => {
  it('nothing for a user without MFA', async () => {
    expect(await mfa().challengeFor(signIn)).toBeUndefined();
    expect(calls).toEqual([]);
  });

  it('nothing when the pool is OFF, whatever the user set', async () => {
    withTotp();
    state.setPoolMfa(POOL, { MfaConfiguration: 'OFF', SoftwareTokenMfaConfiguration: { Enabled: true } });
    expect(await mfa().challengeFor(signIn)).toBeUndefined();
  });

  it('SOFTWARE_TOKEN_MFA with a Session for a user with an authenticator', async () => {
    withTotp();
    const answer = await mfa().challengeFor(signIn);
    expect(answer).toEqual({ ChallengeName: 'SOFTWARE_TOKEN_MFA', Session: expect.any(String), ChallengeParameters: { USER_ID_FOR_SRP: 'u-1' } });
    expect(completed).toEqual([]);
  });

  it('in a pool that is ON with email codes as its only kind, a user without MFA is sent an email code', async () => {
    state.setPoolMfa(POOL, { MfaConfiguration: 'ON', EmailMfaConfiguration: {} });
    const answer = await owed(mfa());
    const delivered = deliveries.latest('ada@example.com', 'email-otp');
    expect(delivered).toEqual({ purpose: 'email-otp', username: 'u-1', email: 'ada@example.com', code: expect.stringMatching(/^\d{6}$/) });
    expect(answer).toMatchObject({ ChallengeName: 'EMAIL_OTP', ChallengeParameters: { CODE_DELIVERY_DELIVERY_MEDIUM: 'EMAIL', CODE_DELIVERY_DESTINATION: 'a***@e***' } });
  });

  it('in a pool that is ON with authenticators, a user without MFA is asked to set one up', async () => {
    state.setPoolMfa(POOL, { MfaConfiguration: 'ON', SoftwareTokenMfaConfiguration: { Enabled: true }, EmailMfaConfiguration: {} });
    const answer = await owed(mfa());
    expect(answer).toMatchObject({ ChallengeName: 'MFA_SETUP', ChallengeParameters: { MFAS_CAN_SETUP: '["SOFTWARE_TOKEN_MFA"]' } });
  });

  it.each([
    ['the preferred kind when two are on', 'EMAIL_OTP' as const, 'EMAIL_OTP'],
    ['a choice when two are on and none preferred', undefined, 'SELECT_MFA_TYPE'],
  ])('asks %s', async (_case, preferred, challenge) => {
    state.updateUserMfa(POOL, 'u-1', () => ({ totpSecret: SECRET, totpEnabled: true, emailEnabled: true, ...(preferred ? { preferred } : {}) }));
    expect((await owed(mfa())).ChallengeName).toBe(challenge);
  });
});

describe('front MFA: answering the challenge', () => {
  it('carries the sign-in on to its tokens once the code is right, ClientMetadata and all', async () => {
    withTotp();
    const m = mfa();
    const { Session } = await owed(m);
    const answer = await m.respond(totpAnswer(Session, totp(SECRET, now)));
    expect(answer).toEqual({ ChallengeParameters: {}, AuthenticationResult: { AccessToken: accessToken(1) } });
    expect(completed).toEqual([signIn]);
  });

  it('a DEVICE_KEY in the answer (Amplify sends one) goes on with the sign-in', async () => {
    withTotp();
    const m = mfa();
    const { Session } = await owed(m);
    const reply = totpAnswer(Session, totp(SECRET, now));
    await m.respond({ ...reply, ChallengeResponses: { ...reply.ChallengeResponses, DEVICE_KEY: 'local_dev-1' } });
    expect(completed).toEqual([{ ...signIn, deviceKey: 'local_dev-1' }]);
  });

  it.each([
    ['2 min 59 s', 179_000, true],
    ['3 minutes', 180_000, false],
  ])('a session %s old is %s', async (_age, age, good) => {
    withTotp();
    const m = mfa();
    const { Session } = await owed(m);
    now += age;
    const answer = m.respond(totpAnswer(Session, totp(SECRET, now)));
    if (good) await expect(answer).resolves.toHaveProperty('AuthenticationResult');
    else await expect(answer).rejects.toMatchObject({ code: 'NotAuthorizedException', message: 'Invalid session for the user, session is expired.' });
  });

  it("honours the app client's AuthSessionValidity (minutes)", async () => {
    writeDb({ AuthSessionValidity: 5 });
    withTotp();
    const m = mfa();
    const { Session } = await owed(m);
    now += 4 * 60_000;
    await expect(m.respond(totpAnswer(Session, totp(SECRET, now)))).resolves.toHaveProperty('AuthenticationResult');
  });

  it.each([
    ['one step back', -30_000, true],
    ['one step ahead', 30_000, true],
    ['two steps back', -60_000, false],
    ['two steps ahead', 60_000, false],
  ])('accepts a code from %s: %s', async (_when, offset, accepted) => {
    withTotp();
    const m = mfa();
    const { Session } = await owed(m);
    const answer = m.respond(totpAnswer(Session, totp(SECRET, now + offset)));
    if (accepted) await expect(answer).resolves.toHaveProperty('AuthenticationResult');
    else await expect(answer).rejects.toMatchObject({ code: 'CodeMismatchException', message: 'Invalid code received for user' });
  });

  it('keeps the session after a wrong code, and refuses a used code on the next sign-in', async () => {
    withTotp();
    const m = mfa();
    const first = await owed(m);
    await expect(m.respond(totpAnswer(first.Session, '000000'))).rejects.toMatchObject({ code: 'CodeMismatchException' });
    const code = totp(SECRET, now);
    await expect(m.respond(totpAnswer(first.Session, code))).resolves.toHaveProperty('AuthenticationResult');
    const second = await owed(m);
    await expect(m.respond(totpAnswer(second.Session, code))).rejects.toMatchObject({
      code: 'ExpiredCodeException',
      message: 'Your software token has already been used once.',
    });
  });

  it('refuses an answer naming another challenge than the session was for', async () => {
    withTotp();
    const m = mfa();
    const { Session } = await owed(m);
    await expect(m.respond({ ...totpAnswer(Session, totp(SECRET, now)), ChallengeName: 'MFA_SETUP' })).rejects.toMatchObject({ code: 'NotAuthorizedException' });
  });

  it('SELECT_MFA_TYPE refuses a kind it did not offer', async () => {
    state.updateUserMfa(POOL, 'u-1', () => ({ totpSecret: SECRET, totpEnabled: true, emailEnabled: true }));
    const m = mfa();
    const { Session } = await owed(m);
    await expect(
      m.respond({ ClientId: CLIENT, ChallengeName: 'SELECT_MFA_TYPE', Session, ChallengeResponses: { USERNAME: 'u-1', ANSWER: 'SMS_MFA' } }),
    ).rejects.toMatchObject({ code: 'InvalidParameterException' });
  });
});

describe('front MFA: settings', () => {
  const op = (name: string, body: Json) => {
    const handler = mfa().operations[name];
    if (!handler) throw new Error(`no ${name}`);
    return handler(body);
  };

  it.each([
    ['ON with no kind', { MfaConfiguration: 'ON', SoftwareTokenMfaConfiguration: { Enabled: false } }],
    ['a mode AWS does not have', { MfaConfiguration: 'REQUIRED' }],
  ])('SetUserPoolMfaConfig refuses %s and keeps the setting it had', async (_case, config) => {
    state.setPoolMfa(POOL, { MfaConfiguration: 'OFF' });
    const upstreamDescribe = { op: 'DescribeUserPool', body: { UserPoolId: POOL } };
    await expect(op('SetUserPoolMfaConfig', { UserPoolId: POOL, ...config })).rejects.toMatchObject({ code: 'InvalidParameterException' });
    expect(calls).toEqual([upstreamDescribe]);
    expect(state.poolMfa(POOL)).toEqual({ MfaConfiguration: 'OFF' });
  });

  it('SetUserMFAPreference: preferring one kind and turning it off again clears the preference', async () => {
    withTotp();
    await op('SetUserMFAPreference', { AccessToken: accessToken(0), SoftwareTokenMfaSettings: { Enabled: false } });
    expect(state.userMfa(POOL, 'u-1')).toEqual({ totpSecret: SECRET, totpEnabled: false });
  });

  it('SetUserMFAPreference refuses email codes in a pool without them', async () => {
    state.setPoolMfa(POOL, { MfaConfiguration: 'OPTIONAL', SoftwareTokenMfaConfiguration: { Enabled: true } });
    await expect(op('SetUserMFAPreference', { AccessToken: accessToken(0), EmailMfaSettings: { Enabled: true } })).rejects.toMatchObject({
      code: 'InvalidParameterException',
    });
    expect(state.userMfa(POOL, 'u-1')).toEqual({});
  });

  it('VerifySoftwareToken refuses a code that is not six digits before looking at anything', async () => {
    await expect(op('VerifySoftwareToken', { AccessToken: accessToken(0), UserCode: '12 456' })).rejects.toMatchObject({ code: 'InvalidParameterException' });
    expect(calls).toEqual([]);
  });
});
