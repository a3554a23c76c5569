/**
 * Conformance: remembered devices ("Working with user devices in your user pool",
 * https://docs.aws.amazon.com/cognito/latest/developerguide/amazon-cognito-user-pools-device-tracking.html)
 * judged by real clients. The pool remembers devices on the user's say-so
 * (DeviceOnlyRememberedOnUserPrompt) and lets a remembered device skip MFA
 * (ChallengeRequiredOnNewDevice); its users sign in with an authenticator app.
 * aws-amplify v6: rememberDevice, fetchDevices, forgetDevice and the device's own sign-in;
 * amazon-cognito-identity-js (the extension's library): its DEVICE_SRP_AUTH sign-in.
 */
import { AuthenticationDetails, CognitoUser, CognitoUserPool, type CognitoUserSession, type ICognitoStorage } from 'amazon-cognito-identity-js';
import { SetUserPoolMfaConfigCommand } from '@aws-sdk/client-cognito-identity-provider';
import { confirmSignIn, fetchDevices, forgetDevice, rememberDevice, setUpTOTP, signIn, signOut, updateMFAPreference, verifyTOTPSetup } from 'aws-amplify/auth';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { configureAmplify } from '../support/amplify.ts';
import { confirmedIn, productionPool, type PoolIds } from '../support/pools.ts';
import { startLocalStack, type LocalStack } from '../support/stack.ts';
import { freshCode } from '../support/totp-codes.ts';
import { stackCognito, uniqueUser, type TestUser } from '../support/users.ts';

let stack: LocalStack;
let pool: PoolIds;
beforeAll(async () => {
  // Amplify names a new device after `navigator.userAgent` (core's getDeviceName), which Node 20
  // lacks: without one it skips ConfirmDevice silently. A browser always has one.
  vi.stubGlobal('navigator', { userAgent: 'Mozilla/5.0 (X11; Linux x86_64) conformance' });
  stack = await startLocalStack();
  pool = await productionPool(stack, { firstFactors: ['PASSWORD'], devices: { ChallengeRequiredOnNewDevice: true, DeviceOnlyRememberedOnUserPrompt: true } });
  const sdk = stackCognito(stack);
  await sdk.send(new SetUserPoolMfaConfigCommand({ UserPoolId: pool.userPoolId, MfaConfiguration: 'OPTIONAL', SoftwareTokenMfaConfiguration: { Enabled: true } }));
  sdk.destroy();
});
afterAll(async () => {
  vi.unstubAllGlobals();
  await stack?.stop();
});

/** A confirmed user of the pool with an authenticator app as their MFA (set up through Amplify); returns its secret. */
async function userWithTotp(user: TestUser): Promise<string> {
  await confirmedIn(stack, pool, user);
  configureAmplify({ ...pool, endpoint: stack.cognitoUrl });
  await signIn({ username: user.email, password: user.password });
  const secret = (await setUpTOTP()).sharedSecret;
  await verifyTOTPSetup({ code: await freshCode(secret) });
  await updateMFAPreference({ totp: 'PREFERRED' });
  await signOut();
  return secret;
}

describe('conformance: remembered devices with aws-amplify v6', () => {
  it('after MFA, rememberDevice; fetchDevices lists it; the next sign-in on it skips MFA; forgetDevice ends that', async () => {
    const user = uniqueUser('ampdevice');
    const secret = await userWithTotp(user);
    // A fresh token store is a new browser: this sign-in's device is a new one.
    const storage = configureAmplify({ ...pool, endpoint: stack.cognitoUrl });
    expect((await signIn({ username: user.email, password: user.password })).nextStep.signInStep).toBe('CONFIRM_SIGN_IN_WITH_TOTP_CODE');
    expect(await confirmSignIn({ challengeResponse: await freshCode(secret) })).toMatchObject({ isSignedIn: true });
    const deviceKey = [...storage.items].find(([k]) => k.endsWith('.deviceKey'))?.[1];
    expect(deviceKey).toMatch(/^local_[0-9a-f-]{36}$/);
    const thisDevice = async () => (await fetchDevices()).find((d) => d.id === deviceKey);
    // Amplify confirmed it (ConfirmDevice); the pool remembers it only when the user says so.
    expect((await thisDevice())?.attributes).toMatchObject({ device_status: 'valid', 'dev:device_remembered_status': 'not_remembered' });
    await rememberDevice();
    expect(await thisDevice()).toMatchObject({ name: 'Mozilla/5.0 (X11; Linux x86_64) conformance', attributes: { 'dev:device_remembered_status': 'remembered' } });
    await signOut();

    expect(await signIn({ username: user.email, password: user.password })).toEqual({ isSignedIn: true, nextStep: { signInStep: 'DONE' } });
    await forgetDevice();
    expect(await thisDevice()).toBeUndefined();
    await signOut();
    expect((await signIn({ username: user.email, password: user.password })).nextStep.signInStep).toBe('CONFIRM_SIGN_IN_WITH_TOTP_CODE');
  });
});

describe('conformance: remembered devices with amazon-cognito-identity-js', () => {
  function memoryStorage(): ICognitoStorage {
    const m = new Map<string, string>();
    return { setItem: (k, v) => void m.set(k, v), getItem: (k) => m.get(k) ?? null, removeItem: (k) => void m.delete(k), clear: () => m.clear() };
  }
  type Outcome = { session: CognitoUserSession; confirmationNecessary?: boolean } | { challenge: string };
  const srpSignIn = (user: CognitoUser, email: string, password: string) =>
    new Promise<Outcome>((resolve, reject) =>
      user.authenticateUser(new AuthenticationDetails({ Username: email, Password: password }), {
        onSuccess: (session, confirmationNecessary) => resolve({ session, confirmationNecessary }),
        onFailure: reject,
        totpRequired: (challenge) => resolve({ challenge }),
      }),
    );

  it('the library confirms the new device after MFA; remembered, its next SRP sign-in proves the device (DEVICE_SRP_AUTH) and skips MFA', async () => {
    const user = uniqueUser('libdevice');
    const secret = await userWithTotp(user);
    // One store for both sign-ins, as one browser keeps one: the device key and secret live there.
    const Storage = memoryStorage();
    const userPool = new CognitoUserPool({ UserPoolId: pool.userPoolId, ClientId: pool.clientId, endpoint: stack.cognitoUrl, Storage });
    const first = new CognitoUser({ Username: user.email, Pool: userPool, Storage });
    expect(await srpSignIn(first, user.email, user.password)).toEqual({ challenge: 'SOFTWARE_TOKEN_MFA' });
    const code = await freshCode(secret);
    const confirmed = await new Promise<boolean | undefined>((resolve, reject) =>
      first.sendMFACode(code, { onSuccess: (_s, necessary) => resolve(necessary), onFailure: reject }, 'SOFTWARE_TOKEN_MFA'),
    );
    expect(confirmed).toBe(true); // UserConfirmationNecessary: the pool asks the user first
    await new Promise((resolve, reject) => first.setDeviceStatusRemembered({ onSuccess: resolve, onFailure: reject }));

    const again = new CognitoUser({ Username: user.email, Pool: userPool, Storage });
    const outcome = await srpSignIn(again, user.email, user.password);
    expect(outcome).toHaveProperty('session');
    const access = 'session' in outcome ? outcome.session.getAccessToken().decodePayload() : {};
    expect(access).toMatchObject({ device_key: expect.stringMatching(/^local_/), client_id: pool.clientId });
  });
});
