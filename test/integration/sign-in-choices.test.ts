// The Cognito adapter's own calls (cognito-client.ts) against the local front, in a pool set up
// like a current production one: choice-based sign-in with email codes, an authenticator app as
// MFA, remembered devices (DeviceOnlyRememberedOnUserPrompt, ChallengeRequiredOnNewDevice), and
// AWS's lockout. The front checks every SRP proof, the device's included, as Cognito does.
import { AdminResetUserPasswordCommand, SetUserPoolMfaConfigCommand } from '@aws-sdk/client-cognito-identity-provider';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CognitoAdapter, type DeviceSecret } from '../../src/auth/cognito-adapter.ts';
import { MirrorStorage } from '../../src/auth/mirror-storage.ts';
import type { AuthFlow } from '../../src/shared/settings.ts';
import { decodeJwt } from '../../src/shared/jwt.ts';
import { memoryKV } from '../../src/shared/kv.ts';
import { confirmedIn, productionPool, type PoolIds } from '../support/pools.ts';
import { startLocalStack, type LocalStack } from '../support/stack.ts';
import { freshCode } from '../support/totp-codes.ts';
import { stackCognito, uniqueUser, type TestUser } from '../support/users.ts';

let stack: LocalStack;
let pool: PoolIds;
/** The front's clock: stopped at `frozenAt` while a lockout test runs, so its 1 s lockout holds. */
let frozenAt: number | undefined;

beforeAll(async () => {
  stack = await startLocalStack({ now: () => frozenAt ?? Date.now() });
  pool = await productionPool(stack, { firstFactors: ['PASSWORD', 'EMAIL_OTP'], devices: { ChallengeRequiredOnNewDevice: true, DeviceOnlyRememberedOnUserPrompt: true } });
  const sdk = stackCognito(stack);
  await sdk.send(new SetUserPoolMfaConfigCommand({ UserPoolId: pool.userPoolId, MfaConfiguration: 'OPTIONAL', SoftwareTokenMfaConfiguration: { Enabled: true } }));
  sdk.destroy();
});
afterAll(() => stack?.stop());

const adapter = (authFlow: AuthFlow, ids: PoolIds = pool) =>
  new CognitoAdapter({ region: stack.region, userPoolId: ids.userPoolId, clientId: ids.clientId, endpoint: stack.cognitoUrl, authFlow }, { storage: new MirrorStorage(memoryKV()) });

async function tokensOf(result: Awaited<ReturnType<CognitoAdapter['signIn']>>) {
  if (result.kind !== 'signed-in') throw new Error(`expected tokens, got ${result.kind}`);
  return result;
}

/** A confirmed user of the pool with an authenticator app on (set up through the adapter); returns its secret. */
async function userWithTotp(user: TestUser): Promise<string> {
  await confirmedIn(stack, pool, user);
  const cognito = adapter('USER_SRP_AUTH');
  const { tokens } = await tokensOf(await cognito.signIn(user.email, user.password));
  const secret = await cognito.associateTotpForUser(tokens.accessToken);
  await cognito.enableTotp(tokens.accessToken, await freshCode(secret));
  return secret;
}

describe.each(['USER_SRP_AUTH', 'USER_AUTH'] as const)('trusted browsers (%s)', (flow) => {
  it('after the code, the browser is remembered; its next sign-in proves the device and asks no code; forgotten, the code is back', async () => {
    const user = uniqueUser(`dev${flow.length}`);
    const secret = await userWithTotp(user);
    const cognito = adapter(flow);

    const first = await cognito.signIn(user.email, user.password);
    if (first.kind !== 'mfa-required') throw new Error(`expected MFA, got ${first.kind}`);
    expect(first.challenge.name).toBe('SOFTWARE_TOKEN_MFA');
    const answered = await cognito.respondToMfa(first.challenge, await freshCode(secret));
    if (answered.kind !== 'signed-in' || !answered.newDevice) throw new Error('expected tokens and NewDeviceMetadata');
    const device: DeviceSecret = await cognito.rememberDevice(answered.tokens.accessToken, answered.newDevice, 'Cruddur Companion');
    expect(await cognito.listDevices(answered.tokens.accessToken)).toEqual([expect.objectContaining({ key: device.key, name: 'Cruddur Companion' })]);

    const again = await tokensOf(await cognito.signIn(user.email, user.password, device));
    expect(decodeJwt(again.tokens.accessToken)).toMatchObject({ device_key: device.key });
    expect(again.newDevice).toBeUndefined();
    expect(again.staleDevice).toBeUndefined();

    await cognito.forgetDevice(again.tokens.accessToken, device.key);
    expect(await cognito.listDevices(again.tokens.accessToken)).toEqual([]);
    const after = await cognito.signIn(user.email, user.password, device);
    expect(after).toMatchObject({ kind: 'mfa-required', staleDevice: true });
  });
});

describe('sign-in with an emailed code (USER_AUTH, EMAIL_OTP first)', () => {
  it('sends an 8-digit code; a wrong one keeps the step; the right one signs in without a password', async () => {
    const user = uniqueUser('emailcode');
    await confirmedIn(stack, pool, user);
    const cognito = adapter('USER_AUTH');
    const step = await cognito.startEmailCode(` ${user.email.toUpperCase()} `);
    if (step.kind !== 'mfa-required') throw new Error('expected the code step');
    expect(step.challenge).toMatchObject({ name: 'EMAIL_OTP', signInCode: true, destination: expect.stringContaining('***') });
    const code = stack.deliveries.latest(user.email, 'email-otp')?.code ?? '';
    expect(code).toMatch(/^\d{8}$/);
    await expect(cognito.respondToMfa(step.challenge, code === '00000000' ? '11111111' : '00000000')).rejects.toMatchObject({ code: 'mfa-code-mismatch' });
    const done = await cognito.respondToMfa(step.challenge, `${code.slice(0, 4)} ${code.slice(4)}`);
    if (done.kind !== 'signed-in') throw new Error('expected tokens');
    expect(decodeJwt(done.tokens.idToken)).toMatchObject({ email: user.email });
  });

  it('a client without ALLOW_USER_AUTH, or a pool without email codes, is refused in plain words', async () => {
    const noUserAuth = await productionPool(stack, { flows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] });
    const passwordsOnly = await productionPool(stack, { firstFactors: ['PASSWORD'] });
    for (const ids of [noUserAuth, passwordsOnly]) {
      const user = uniqueUser('nocode');
      await confirmedIn(stack, ids, user);
      await expect(adapter('USER_AUTH', ids).startEmailCode(user.email)).rejects.toMatchObject({
        code: 'email-code-unavailable',
        // The core carries the code only; the background attaches the sentence.
        message: 'email-code-unavailable',
      });
    }
  });

  it('signs in with a password through USER_AUTH (PASSWORD_SRP)', async () => {
    const user = uniqueUser('userauthpw');
    await confirmedIn(stack, pool, user);
    const { tokens } = await tokensOf(await adapter('USER_AUTH').signIn(user.email, user.password));
    expect(decodeJwt(tokens.idToken)).toMatchObject({ email: user.email });
  });
});

describe('lockouts and resets in plain words', () => {
  it('five wrong passwords lock the account: the next try says so, the right password included', async () => {
    const user = uniqueUser('lockout');
    await confirmedIn(stack, pool, user);
    const cognito = adapter('USER_SRP_AUTH');
    frozenAt = Date.now();
    try {
      for (let i = 0; i < 5; i++) await expect(cognito.signIn(user.email, `Wr0ng-${i}!aA`)).rejects.toMatchObject({ code: 'incorrect-credentials' });
      await expect(cognito.signIn(user.email, user.password)).rejects.toMatchObject({
        code: 'account-locked',
        // The core carries the code; "locked for a while" is the background's sentence (error-codes.test.ts).
        message: 'account-locked',
      });
    } finally {
      frozenAt = undefined;
    }
  });

  it('a password an administrator reset answers password-reset-required', async () => {
    const user = uniqueUser('adminreset');
    await confirmedIn(stack, pool, user);
    const sdk = stackCognito(stack);
    await sdk.send(new AdminResetUserPasswordCommand({ UserPoolId: pool.userPoolId, Username: user.email }));
    sdk.destroy();
    await expect(adapter('USER_SRP_AUTH').signIn(user.email, user.password)).rejects.toMatchObject({ code: 'password-reset-required' });
  });
});

describe('sign-up without a password', () => {
  it('where email codes are a first factor: SignUp without a password, the code, then signed in with the confirmation’s Session', async () => {
    const user = uniqueUser('nopassword');
    const cognito = adapter('USER_AUTH');
    await expect(cognito.signUp({ email: user.email, password: '', name: user.name, handle: user.handle })).resolves.toMatchObject({ confirmed: false });
    const session = await cognito.confirmSignUpForSession(user.email, await stack.readCode(user.email));
    expect(session).toEqual(expect.any(String));
    const signedIn = await cognito.signInAfterSignUp(user.email, session ?? '');
    if (signedIn.kind !== 'signed-in') throw new Error('expected tokens');
    expect(decodeJwt(signedIn.tokens.idToken)).toMatchObject({ email: user.email, preferred_username: user.handle });
  });

  it('where a password is the only way in: refused, in plain words', async () => {
    const passwordsOnly = await productionPool(stack, { firstFactors: ['PASSWORD'] });
    const user = uniqueUser('needspw');
    await expect(adapter('USER_AUTH', passwordsOnly).signUp({ email: user.email, password: '', name: user.name, handle: user.handle })).rejects.toMatchObject({
      code: 'password-needed',
    });
  });
});
