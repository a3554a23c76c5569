/**
 * Conformance: every Cognito operation the extension (amazon-cognito-identity-js) or the Cruddur
 * web app (aws-amplify v6) uses, run by those real clients against the local front, each answer
 * checked against AWS's documented one. One stack for the file; each test makes its own users.
 * Refresh (both APIs, rotation on and off) is in refresh.test.ts; TOTP and email OTP in the MFA
 * suite. Amplify v5 is not installed: its sign-out is amazon-cognito-identity-js's signOut, which
 * the library tests below cover (same RevokeToken-on-origin_jti rule).
 */
import {
  AuthenticationDetails,
  CognitoRefreshToken,
  CognitoUser,
  CognitoUserAttribute,
  CognitoUserPool,
  type CognitoUserSession,
  type ISignUpResult,
} from 'amazon-cognito-identity-js';
import { CreateUserPoolClientCommand, GetTokensFromRefreshTokenCommand, GetUserCommand } from '@aws-sdk/client-cognito-identity-provider';
import { confirmResetPassword, confirmSignUp, fetchAuthSession, resendSignUpCode, resetPassword, signIn, signOut, signUp } from 'aws-amplify/auth';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { amplifyError, configureAmplify } from '../support/amplify.ts';
import { startLocalStack, type LocalStack } from '../support/stack.ts';
import { readyUser, stackCognito, uniqueUser, type TestUser } from '../support/users.ts';

let stack: LocalStack;
beforeAll(async () => {
  stack = await startLocalStack();
});
afterAll(() => stack?.stop());
afterEach(() => vi.restoreAllMocks());

const claims = (jwt: string) => JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString()) as Record<string, unknown>;
const MASKED = /^\w\*\*\*@\w\*\*\*$/;
const REVOKED = { name: 'NotAuthorizedException', message: 'Refresh Token has been revoked' };

/**
 * The Cognito operations the clients send to the front from now on, read off their real fetch
 * calls (the front runs in this process too: its own calls to cognito-local are left out).
 */
function watchOperations(): string[] {
  const seen: string[] = [];
  const real = globalThis.fetch;
  vi.spyOn(globalThis, 'fetch').mockImplementation((input, init) => {
    const url = input instanceof Request ? input.url : String(input);
    if (new URL(url).origin !== new URL(stack.cognitoUrl).origin) return real(input, init);
    const headers = new Headers(init?.headers ?? (input instanceof Request ? input.headers : undefined));
    const target = headers.get('x-amz-target');
    if (target) seen.push(target.split('.').pop() ?? '');
    return real(input, init);
  });
  return seen;
}

/** The front's answer to a refresh with `token`: the SDK's error, or 'ok'. */
async function refreshOutcome(token: string, clientId = stack.clientId) {
  const sdk = stackCognito(stack);
  try {
    await sdk.send(new GetTokensFromRefreshTokenCommand({ ClientId: clientId, RefreshToken: token }));
    return 'ok';
  } catch (e) {
    return { name: (e as Error).name, message: (e as Error).message };
  } finally {
    sdk.destroy();
  }
}

/** Amplify v6 configured on the stack's client with a fresh in-memory token store. */
const amplify = (clientId = stack.clientId) => configureAmplify({ userPoolId: stack.userPoolId, clientId, endpoint: stack.cognitoUrl });

describe('conformance: aws-amplify v6 (the web app) against the front', () => {
  it('signUp answers CONFIRM_SIGN_UP with a masked email; resendSignUpCode sends a new code that confirms', async () => {
    amplify();
    const user = uniqueUser('amp-signup');
    const started = await signUp({ username: user.email, password: user.password, options: { userAttributes: { email: user.email, name: user.name, preferred_username: user.handle } } });
    expect(started).toMatchObject({ isSignUpComplete: false, nextStep: { signUpStep: 'CONFIRM_SIGN_UP', codeDeliveryDetails: { deliveryMedium: 'EMAIL', attributeName: 'email' } } });
    expect(started.nextStep.signUpStep === 'CONFIRM_SIGN_UP' && started.nextStep.codeDeliveryDetails.destination).toMatch(MASKED);
    const resent = await resendSignUpCode({ username: user.email });
    expect(resent).toMatchObject({ deliveryMedium: 'EMAIL', attributeName: 'email', destination: expect.stringMatching(MASKED) });
    expect(await confirmSignUp({ username: user.email, confirmationCode: await stack.readCode(user.email) })).toMatchObject({ isSignUpComplete: true });
    expect(await signIn({ username: user.email, password: user.password })).toMatchObject({ isSignedIn: true });
    await signOut();
  });

  it.each([
    ['a wrong password', 'known', 'Wr0ng-Passw0rd!'],
    ['an unknown user (PreventUserExistenceErrors on)', 'unknown', 'Wr0ng-Passw0rd!'],
  ])('SRP signIn with %s fails with NotAuthorizedException "Incorrect username or password."', async (_case, who, password) => {
    amplify();
    const username = who === 'known' ? (await readyUser(stack, 'amp-wrong')).user.email : uniqueUser('nobody').email;
    expect(await amplifyError(signIn({ username, password }))).toEqual({ name: 'NotAuthorizedException', message: 'Incorrect username or password.' });
  });

  it('resetPassword then confirmResetPassword sets a password that signs in; an unknown user gets the same answer', async () => {
    amplify();
    const { user } = await readyUser(stack, 'amp-forgot');
    const asked = await resetPassword({ username: user.email });
    expect(asked).toMatchObject({ isPasswordReset: false, nextStep: { resetPasswordStep: 'CONFIRM_RESET_PASSWORD_WITH_CODE', codeDeliveryDetails: { deliveryMedium: 'EMAIL', destination: expect.stringMatching(MASKED) } } });
    const unknown = await resetPassword({ username: uniqueUser('nobody').email });
    expect(unknown.nextStep).toMatchObject({ resetPasswordStep: 'CONFIRM_RESET_PASSWORD_WITH_CODE', codeDeliveryDetails: { deliveryMedium: 'EMAIL' } });
    const newPassword = `${user.password}x`;
    await confirmResetPassword({ username: user.email, confirmationCode: await stack.readCode(user.email), newPassword });
    expect(await signIn({ username: user.email, password: newPassword })).toMatchObject({ isSignedIn: true });
    await signOut();
  });

  it('the tokens carry AWS\'s claims: origin_jti, jti, event_id, auth_time, scope; the ID token the profile', async () => {
    amplify();
    const { user } = await readyUser(stack, 'amp-claims');
    await signIn({ username: user.email, password: user.password });
    const tokens = (await fetchAuthSession()).tokens;
    expect(tokens?.accessToken.payload).toMatchObject({
      origin_jti: expect.any(String), jti: expect.any(String), event_id: expect.any(String), auth_time: expect.any(Number),
      scope: 'aws.cognito.signin.user.admin', token_use: 'access', client_id: stack.clientId, username: expect.any(String),
    });
    expect(tokens?.idToken?.payload).toMatchObject({
      name: user.name, preferred_username: user.handle, email: user.email, email_verified: true, aud: stack.clientId,
      'cognito:username': tokens?.accessToken.payload.username, origin_jti: tokens?.accessToken.payload.origin_jti,
    });
    await signOut();
  });

  it('signOut() sends RevokeToken (the access token has origin_jti) and the refresh token is revoked after', async () => {
    const storage = amplify();
    const { user } = await readyUser(stack, 'amp-revoke');
    await signIn({ username: user.email, password: user.password });
    const refreshToken = [...storage.items].find(([k]) => k.endsWith('.refreshToken'))?.[1] ?? '';
    const sent = watchOperations();
    await signOut();
    expect(sent).toEqual(['RevokeToken']);
    expect(await refreshOutcome(refreshToken)).toEqual(REVOKED);
  });

  it('signOut({ global: true }) sends GlobalSignOut; the old access and refresh tokens are refused after', async () => {
    const storage = amplify();
    const { user } = await readyUser(stack, 'amp-global');
    await signIn({ username: user.email, password: user.password });
    const access = (await fetchAuthSession()).tokens?.accessToken.toString() ?? '';
    const refreshToken = [...storage.items].find(([k]) => k.endsWith('.refreshToken'))?.[1] ?? '';
    const sent = watchOperations();
    await signOut({ global: true });
    expect(sent).toEqual(['GlobalSignOut']);
    const sdk = stackCognito(stack);
    await expect(sdk.send(new GetUserCommand({ AccessToken: access }))).rejects.toMatchObject({ name: 'NotAuthorizedException', message: 'Access Token has been revoked' });
    sdk.destroy();
    expect(await refreshOutcome(refreshToken)).toEqual(REVOKED);
  });
});

describe('conformance: amazon-cognito-identity-js (the extension) against the front', () => {
  const pool = (clientId = stack.clientId) => new CognitoUserPool({ UserPoolId: stack.userPoolId, ClientId: clientId, endpoint: stack.cognitoUrl });
  const cognitoUser = (email: string, clientId?: string) => new CognitoUser({ Username: email, Pool: pool(clientId) });
  const srp = (user: TestUser, password = user.password) =>
    new Promise<CognitoUserSession>((resolve, reject) =>
      cognitoUser(user.email).authenticateUser(new AuthenticationDetails({ Username: user.email, Password: password }), { onSuccess: resolve, onFailure: reject }),
    );
  const errorOf = (e: { code?: string; message?: string }) => ({ code: e.code, message: e.message });

  it('signUp, resendConfirmationCode, confirmRegistration: AWS\'s answers, masked destinations', async () => {
    const user = uniqueUser('lib-signup');
    const attrs = [new CognitoUserAttribute({ Name: 'email', Value: user.email }), new CognitoUserAttribute({ Name: 'name', Value: user.name }), new CognitoUserAttribute({ Name: 'preferred_username', Value: user.handle })];
    const result = await new Promise<ISignUpResult>((resolve, reject) => pool().signUp(user.email, user.password, attrs, [], (e, r) => (e || !r ? reject(e) : resolve(r))));
    expect(result).toMatchObject({ userConfirmed: false, userSub: expect.any(String), codeDeliveryDetails: { DeliveryMedium: 'EMAIL', Destination: expect.stringMatching(MASKED) } });
    const resent = await new Promise<unknown>((resolve, reject) => cognitoUser(user.email).resendConfirmationCode((e, r) => (e ? reject(e) : resolve(r))));
    expect(resent).toEqual({ CodeDeliveryDetails: { AttributeName: 'email', DeliveryMedium: 'EMAIL', Destination: expect.stringMatching(MASKED) } });
    const code = await stack.readCode(user.email);
    await new Promise((resolve, reject) => cognitoUser(user.email).confirmRegistration(code, true, (e, r) => (e ? reject(e) : resolve(r))));
    expect(claims((await srp(user)).getIdToken().getJwtToken())).toMatchObject({ email_verified: true, preferred_username: user.handle });
  });

  it('confirmRegistration with a wrong code fails with CodeMismatchException, and the user can still confirm', async () => {
    const user = uniqueUser('lib-mismatch');
    const attrs = [new CognitoUserAttribute({ Name: 'email', Value: user.email }), new CognitoUserAttribute({ Name: 'name', Value: user.name }), new CognitoUserAttribute({ Name: 'preferred_username', Value: user.handle })];
    await new Promise((resolve, reject) => pool().signUp(user.email, user.password, attrs, [], (e, r) => (e ? reject(e) : resolve(r))));
    const code = await stack.readCode(user.email);
    const wrong = code === '000000' ? '111111' : '000000';
    const failure = await new Promise((resolve) => cognitoUser(user.email).confirmRegistration(wrong, true, (e) => resolve(e && errorOf(e))));
    expect(failure).toMatchObject({ code: 'CodeMismatchException' });
    await new Promise((resolve, reject) => cognitoUser(user.email).confirmRegistration(code, true, (e, r) => (e ? reject(e) : resolve(r))));
  });

  it('resendConfirmationCode for an unknown user answers as if sent (PreventUserExistenceErrors on)', async () => {
    const resent = await new Promise<unknown>((resolve, reject) => cognitoUser(uniqueUser('nobody').email).resendConfirmationCode((e, r) => (e ? reject(e) : resolve(r))));
    expect(resent).toEqual({ CodeDeliveryDetails: { AttributeName: 'email', DeliveryMedium: 'EMAIL', Destination: expect.stringMatching(MASKED) } });
  });

  it('an unknown user\'s SRP sign-in fails with NotAuthorizedException "Incorrect username or password."', async () => {
    await expect(srp(uniqueUser('nobody'))).rejects.toMatchObject({ code: 'NotAuthorizedException', message: 'Incorrect username or password.' });
  });

  it('forgotPassword then confirmPassword sets a password that signs in; an unknown user gets the same answer', async () => {
    const { user } = await readyUser(stack, 'lib-forgot');
    const asked = await new Promise<unknown>((resolve, reject) => cognitoUser(user.email).forgotPassword({ onSuccess: resolve, onFailure: reject }));
    expect(asked).toEqual({ CodeDeliveryDetails: { AttributeName: 'email', DeliveryMedium: 'EMAIL', Destination: expect.stringMatching(MASKED) } });
    const unknown = await new Promise<unknown>((resolve, reject) => cognitoUser(uniqueUser('nobody').email).forgotPassword({ onSuccess: resolve, onFailure: reject }));
    expect(unknown).toEqual({ CodeDeliveryDetails: { AttributeName: 'email', DeliveryMedium: 'EMAIL', Destination: expect.stringMatching(MASKED) } });
    const newPassword = `${user.password}y`;
    const code = await stack.readCode(user.email);
    await new Promise((resolve, reject) => cognitoUser(user.email).confirmPassword(code, newPassword, { onSuccess: resolve, onFailure: reject }));
    await expect(srp(user, newPassword)).resolves.toBeDefined();
  });

  it('a refresh token used with another app client is refused with NotAuthorizedException', async () => {
    const { user } = await readyUser(stack, 'lib-cross');
    const session = await srp(user);
    const sdk = stackCognito(stack);
    const other = (await sdk.send(new CreateUserPoolClientCommand({ UserPoolId: stack.userPoolId, ClientName: 'conformance-other' }))).UserPoolClient?.ClientId ?? '';
    sdk.destroy();
    const failure = await new Promise((resolve) =>
      cognitoUser(user.email, other).refreshSession(new CognitoRefreshToken({ RefreshToken: session.getRefreshToken().getToken() }), (e: { code?: string; message?: string } | null) => resolve(e && errorOf(e))),
    );
    expect(failure).toEqual({ code: 'NotAuthorizedException', message: 'Invalid Refresh Token' });
  });

  it('signOut(callback) sends RevokeToken (origin_jti present) and revokes the sign-in; another sign-in lives on', async () => {
    const { user } = await readyUser(stack, 'lib-revoke');
    const kept = await srp(user);
    const u = cognitoUser(user.email);
    const session = await new Promise<CognitoUserSession>((resolve, reject) =>
      u.authenticateUser(new AuthenticationDetails({ Username: user.email, Password: user.password }), { onSuccess: resolve, onFailure: reject }),
    );
    const sent = watchOperations();
    await new Promise<void>((resolve, reject) => u.signOut((e?: Error) => (e ? reject(e) : resolve())));
    expect(sent).toEqual(['RevokeToken']);
    expect(await refreshOutcome(session.getRefreshToken().getToken())).toEqual(REVOKED);
    expect(await refreshOutcome(kept.getRefreshToken().getToken())).toBe('ok');
  });

  it('globalSignOut sends GlobalSignOut and revokes every sign-in of the user', async () => {
    const { user } = await readyUser(stack, 'lib-global');
    const other = await srp(user);
    const u = cognitoUser(user.email);
    await new Promise<CognitoUserSession>((resolve, reject) =>
      u.authenticateUser(new AuthenticationDetails({ Username: user.email, Password: user.password }), { onSuccess: resolve, onFailure: reject }),
    );
    const sent = watchOperations();
    await new Promise((resolve, reject) => u.globalSignOut({ onSuccess: resolve, onFailure: reject }));
    expect(sent).toEqual(['GlobalSignOut']);
    expect(await refreshOutcome(other.getRefreshToken().getToken())).toEqual(REVOKED);
  });
});
