/**
 * Conformance: MFA judged by real Cognito clients. aws-amplify v6 (setUpTOTP, verifyTOTPSetup,
 * updateMFAPreference, signIn → confirmSignIn for a TOTP code, an email code and TOTP setup in a
 * required pool) and amazon-cognito-identity-js (what the extension uses) must each get AWS's
 * documented answers from the local front. The pool's MFA setting is one per pool, so each test
 * sets the one it needs; the front is started here so the test can read the email codes it sends.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AuthenticationDetails, CognitoUser, CognitoUserPool, type CognitoUserSession } from 'amazon-cognito-identity-js';
import { SetUserPoolMfaConfigCommand, type SetUserPoolMfaConfigCommandInput } from '@aws-sdk/client-cognito-identity-provider';
import { confirmSignIn, fetchMFAPreference, setUpTOTP, signIn, signOut, updateMFAPreference, verifyTOTPSetup } from 'aws-amplify/auth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CognitoFront } from '../../scripts/cognito-front/front.ts';
import { bootstrap, cognitoClient } from '../../scripts/lib/bootstrap.ts';
import { startLocalCognito, type LocalCognito } from '../../scripts/lib/local-cognito.ts';
import { configureAmplify as configureAmplifyOn } from '../support/amplify.ts';
import { freshCode, wrongCode } from '../support/totp-codes.ts';
import { confirm, signUp, uniqueUser, type TestUser } from '../support/users.ts';
import type { StackInfo } from '../support/stack.ts';

let dir: string;
let cognito: LocalCognito;
let front: CognitoFront;
let stack: Pick<StackInfo, 'region' | 'cognitoUrl' | 'credentials' | 'userPoolId' | 'clientId' | 'dir'>;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'conformance-mfa-'));
  cognito = await startLocalCognito({ dir });
  front = cognito.front;
  const ids = await bootstrap({ endpoint: front.url, credentials: front.credentials });
  stack = { region: ids.region, userPoolId: ids.userPoolId, clientId: ids.clientId, cognitoUrl: front.url, credentials: front.credentials, dir };
});
afterAll(async () => {
  await cognito?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const TOTP_ON = { SoftwareTokenMfaConfiguration: { Enabled: true } };
async function setPool(config: Omit<SetUserPoolMfaConfigCommandInput, 'UserPoolId'>) {
  const sdk = cognitoClient({ region: stack.region, endpoint: stack.cognitoUrl, credentials: stack.credentials });
  try {
    await sdk.send(new SetUserPoolMfaConfigCommand({ UserPoolId: stack.userPoolId, ...config }));
  } finally {
    sdk.destroy();
  }
}

async function confirmedUser(tag: string): Promise<TestUser> {
  const user = uniqueUser(tag);
  await signUp(stack as StackInfo, user);
  await confirm(stack as StackInfo, user);
  return user;
}

/** Amplify v6 on the stack's client, with a fresh in-memory token store. */
const configureAmplify = () => configureAmplifyOn({ userPoolId: stack.userPoolId, clientId: stack.clientId, endpoint: stack.cognitoUrl });

describe('conformance: aws-amplify v6 MFA against the front', () => {
  it('setUpTOTP → verifyTOTPSetup → updateMFAPreference; the next signIn asks CONFIRM_SIGN_IN_WITH_TOTP_CODE', async () => {
    await setPool({ MfaConfiguration: 'OPTIONAL', ...TOTP_ON });
    const user = await confirmedUser('amplifytotp');
    configureAmplify();
    expect(await signIn({ username: user.email, password: user.password })).toMatchObject({ isSignedIn: true });
    const details = await setUpTOTP();
    const secret = details.sharedSecret;
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(details.getSetupUri('Cruddur', user.email).toString()).toContain(`secret=${secret}`);
    await expect(verifyTOTPSetup({ code: wrongCode(secret) })).rejects.toMatchObject({ name: 'EnableSoftwareTokenMFAException', message: 'Code mismatch' });
    await verifyTOTPSetup({ code: await freshCode(secret) });
    await updateMFAPreference({ totp: 'PREFERRED' });
    expect(await fetchMFAPreference()).toEqual({ enabled: ['TOTP'], preferred: 'TOTP' });
    await signOut();

    const step = await signIn({ username: user.email, password: user.password });
    expect(step).toEqual({ isSignedIn: false, nextStep: { signInStep: 'CONFIRM_SIGN_IN_WITH_TOTP_CODE' } });
    await expect(confirmSignIn({ challengeResponse: wrongCode(secret) })).rejects.toMatchObject({
      name: 'CodeMismatchException',
      message: 'Invalid code received for user',
    });
    expect(await confirmSignIn({ challengeResponse: await freshCode(secret) })).toMatchObject({ isSignedIn: true, nextStep: { signInStep: 'DONE' } });
    await signOut();
  });

  it('email OTP: signIn asks CONFIRM_SIGN_IN_WITH_EMAIL_CODE with a masked destination; the delivered code signs in', async () => {
    await setPool({ MfaConfiguration: 'OPTIONAL', ...TOTP_ON, EmailMfaConfiguration: { Subject: 'Your code', Message: 'Your code is {####}' } });
    const user = await confirmedUser('amplifyemail');
    configureAmplify();
    await signIn({ username: user.email, password: user.password });
    await updateMFAPreference({ email: 'PREFERRED' });
    expect(await fetchMFAPreference()).toEqual({ enabled: ['EMAIL'], preferred: 'EMAIL' });
    await signOut();

    const step = await signIn({ username: user.email, password: user.password });
    const masked = `${user.email[0]}***@t***`;
    expect(step).toEqual({
      isSignedIn: false,
      nextStep: { signInStep: 'CONFIRM_SIGN_IN_WITH_EMAIL_CODE', codeDeliveryDetails: { deliveryMedium: 'EMAIL', destination: masked } },
    });
    const code = front.deliveries.latest(user.email, 'email-otp')?.code ?? '';
    expect(code).toMatch(/^\d{6}$/);
    expect(await confirmSignIn({ challengeResponse: code })).toMatchObject({ isSignedIn: true, nextStep: { signInStep: 'DONE' } });
    await signOut();
  });

  it('a pool that requires MFA: signIn asks CONTINUE_SIGN_IN_WITH_TOTP_SETUP, and the first code signs in', async () => {
    await setPool({ MfaConfiguration: 'ON', ...TOTP_ON });
    try {
      const user = await confirmedUser('amplifysetup');
      configureAmplify();
      const step = await signIn({ username: user.email, password: user.password });
      expect(step).toMatchObject({ isSignedIn: false, nextStep: { signInStep: 'CONTINUE_SIGN_IN_WITH_TOTP_SETUP' } });
      const secret = step.nextStep.signInStep === 'CONTINUE_SIGN_IN_WITH_TOTP_SETUP' ? step.nextStep.totpSetupDetails.sharedSecret : '';
      expect(secret).toMatch(/^[A-Z2-7]{32}$/);
      expect(await confirmSignIn({ challengeResponse: await freshCode(secret) })).toMatchObject({ isSignedIn: true, nextStep: { signInStep: 'DONE' } });
      expect(await fetchMFAPreference()).toEqual({ enabled: ['TOTP'], preferred: 'TOTP' });
      await signOut();
    } finally {
      await setPool({ MfaConfiguration: 'OPTIONAL', ...TOTP_ON });
    }
  });
});

describe('conformance: amazon-cognito-identity-js MFA against the front', () => {
  const pool = () => new CognitoUserPool({ UserPoolId: stack.userPoolId, ClientId: stack.clientId, endpoint: stack.cognitoUrl });
  type Outcome = { session: CognitoUserSession } | { challenge: string; params: unknown };
  /** The library's SRP sign-in (the extension's flow), stopping at whichever MFA callback it calls. */
  const srpSignIn = (user: CognitoUser, email: string, password: string) =>
    new Promise<Outcome>((resolve, reject) =>
      user.authenticateUser(new AuthenticationDetails({ Username: email, Password: password }), {
        onSuccess: (session) => resolve({ session }),
        onFailure: reject,
        totpRequired: (challenge, params) => resolve({ challenge, params }),
        mfaSetup: (challenge, params) => resolve({ challenge, params }),
        selectMFAType: (challenge, params) => resolve({ challenge, params }),
      }),
    );
  const sendCode = (user: CognitoUser, code: string) =>
    new Promise<CognitoUserSession>((resolve, reject) => user.sendMFACode(code, { onSuccess: resolve, onFailure: reject }, 'SOFTWARE_TOKEN_MFA'));

  it('associateSoftwareToken, verifySoftwareToken and setUserMfaPreference, then SRP sign-in meets totpRequired and sendMFACode signs in', async () => {
    await setPool({ MfaConfiguration: 'OPTIONAL', ...TOTP_ON });
    const { email, password } = await confirmedUser('librarytotp');
    const user = new CognitoUser({ Username: email, Pool: pool() });
    expect(await srpSignIn(user, email, password)).toHaveProperty('session');
    const secret = await new Promise<string>((resolve, reject) => user.associateSoftwareToken({ associateSecretCode: resolve, onFailure: reject }));
    const first = await freshCode(secret);
    const verified = await new Promise<unknown>((resolve, reject) => user.verifySoftwareToken(first, 'phone', { onSuccess: resolve, onFailure: reject }));
    expect(verified).toMatchObject({ Status: 'SUCCESS' });
    await new Promise((resolve, reject) =>
      user.setUserMfaPreference(null, { Enabled: true, PreferredMfa: true }, (err, result) => (err ? reject(err) : resolve(result))),
    );

    const again = new CognitoUser({ Username: email, Pool: pool() });
    expect(await srpSignIn(again, email, password)).toMatchObject({ challenge: 'SOFTWARE_TOKEN_MFA' });
    await expect(sendCode(again, wrongCode(secret))).rejects.toMatchObject({ code: 'CodeMismatchException', message: 'Invalid code received for user' });
    const session = await sendCode(again, await freshCode(secret));
    expect(session.getAccessToken().getJwtToken()).toMatch(/^ey/);
  });

  it('a pool that requires MFA: mfaSetup, then associate and verify on the session, and the sign-in finishes', async () => {
    await setPool({ MfaConfiguration: 'ON', ...TOTP_ON });
    try {
      const { email, password } = await confirmedUser('librarysetup');
      const user = new CognitoUser({ Username: email, Pool: pool() });
      expect(await srpSignIn(user, email, password)).toMatchObject({ challenge: 'MFA_SETUP' });
      const secret = await new Promise<string>((resolve, reject) => user.associateSoftwareToken({ associateSecretCode: resolve, onFailure: reject }));
      const code = await freshCode(secret);
      const session = await new Promise<CognitoUserSession>((resolve, reject) => user.verifySoftwareToken(code, 'phone', { onSuccess: resolve, onFailure: reject }));
      expect(session.getAccessToken().getJwtToken()).toMatch(/^ey/);
    } finally {
      await setPool({ MfaConfiguration: 'OPTIONAL', ...TOTP_ON });
    }
  });
});
