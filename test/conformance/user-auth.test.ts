/**
 * Conformance: choice-based sign-in (USER_AUTH) and passwordless sign-up judged by real
 * aws-amplify v6, in a pool set up like a current production pool (PASSWORD and EMAIL_OTP first
 * factors, ALLOW_USER_AUTH on the client). Each test names the AWS page whose answer it checks.
 * One stack for the file; each test makes its own users.
 */
import { signIn, signOut, signUp, confirmSignUp, confirmSignIn, autoSignIn, fetchAuthSession } from 'aws-amplify/auth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { amplifyError, configureAmplify } from '../support/amplify.ts';
import { confirmedIn, productionPool, type PoolIds } from '../support/pools.ts';
import { startLocalStack, type LocalStack } from '../support/stack.ts';
import { uniqueUser } from '../support/users.ts';

let stack: LocalStack;
let pool: PoolIds;
let passwordOnly: PoolIds;
beforeAll(async () => {
  stack = await startLocalStack();
  pool = await productionPool(stack);
  passwordOnly = await productionPool(stack, { firstFactors: ['PASSWORD'] });
});
afterAll(() => stack?.stop());

const amplify = (ids = pool) => configureAmplify({ ...ids, endpoint: stack.cognitoUrl });
const otpOf = (email: string) => stack.deliveries.latest(email, 'email-otp')?.code ?? '';
const MASKED = /^\w\*\*\*@\w\*\*\*$/;

// https://docs.aws.amazon.com/cognito/latest/developerguide/authentication-flows-selection-sdk.html
describe('conformance: USER_AUTH with aws-amplify v6', () => {
  it('preferredChallenge EMAIL_OTP: CONFIRM_SIGN_IN_WITH_EMAIL_CODE (masked), a wrong code keeps the step, the delivered code signs in', async () => {
    amplify();
    const user = uniqueUser('otp');
    await confirmedIn(stack, pool, user);
    const step = await signIn({ username: user.email, options: { authFlowType: 'USER_AUTH', preferredChallenge: 'EMAIL_OTP' } });
    expect(step).toMatchObject({ isSignedIn: false, nextStep: { signInStep: 'CONFIRM_SIGN_IN_WITH_EMAIL_CODE', codeDeliveryDetails: { deliveryMedium: 'EMAIL', destination: expect.stringMatching(MASKED) } } });
    expect(otpOf(user.email)).toMatch(/^\d{8}$/);
    expect(await amplifyError(confirmSignIn({ challengeResponse: '00000000' }))).toEqual({ name: 'CodeMismatchException', message: 'Invalid code or auth state for the user.' });
    expect(await confirmSignIn({ challengeResponse: otpOf(user.email) })).toEqual({ isSignedIn: true, nextStep: { signInStep: 'DONE' } });
    expect((await fetchAuthSession()).tokens?.accessToken.payload).toMatchObject({ client_id: pool.clientId, origin_jti: expect.any(String) });
    await signOut();
  });

  it('no preferred challenge: CONTINUE_SIGN_IN_WITH_FIRST_FACTOR_SELECTION lists PASSWORD, PASSWORD_SRP and EMAIL_OTP; choosing EMAIL_OTP sends the code', async () => {
    amplify();
    const user = uniqueUser('select');
    await confirmedIn(stack, pool, user);
    const step = await signIn({ username: user.email, options: { authFlowType: 'USER_AUTH' } });
    expect(step).toEqual({ isSignedIn: false, nextStep: { signInStep: 'CONTINUE_SIGN_IN_WITH_FIRST_FACTOR_SELECTION', availableChallenges: ['PASSWORD', 'PASSWORD_SRP', 'EMAIL_OTP'] } });
    expect((await confirmSignIn({ challengeResponse: 'EMAIL_OTP' })).nextStep.signInStep).toBe('CONFIRM_SIGN_IN_WITH_EMAIL_CODE');
    expect(await confirmSignIn({ challengeResponse: otpOf(user.email) })).toMatchObject({ isSignedIn: true });
    await signOut();
  });

  it.each([['PASSWORD'], ['PASSWORD_SRP']] as const)('choosing %s from the selection, then the password, signs in', async (choice) => {
    amplify();
    const user = uniqueUser(choice);
    await confirmedIn(stack, pool, user);
    await signIn({ username: user.email, options: { authFlowType: 'USER_AUTH' } });
    expect((await confirmSignIn({ challengeResponse: choice })).nextStep.signInStep).toBe('CONFIRM_SIGN_IN_WITH_PASSWORD');
    expect(await confirmSignIn({ challengeResponse: user.password })).toMatchObject({ isSignedIn: true });
    await signOut();
  });

  it.each([['PASSWORD'], ['PASSWORD_SRP']] as const)('preferredChallenge %s with the password signs in at once; a wrong one is "Incorrect username or password."', async (preferredChallenge) => {
    amplify();
    const user = uniqueUser(`pref${preferredChallenge}`);
    await confirmedIn(stack, pool, user);
    expect(await amplifyError(signIn({ username: user.email, password: 'Wr0ng-Passw0rd!', options: { authFlowType: 'USER_AUTH', preferredChallenge } }))).toEqual({
      name: 'NotAuthorizedException',
      message: 'Incorrect username or password.',
    });
    expect(await signIn({ username: user.email, password: user.password, options: { authFlowType: 'USER_AUTH', preferredChallenge } })).toMatchObject({ isSignedIn: true });
    await signOut();
  });

  it('a pool whose only first factor is PASSWORD offers no email code', async () => {
    amplify(passwordOnly);
    const user = uniqueUser('pwonly');
    await confirmedIn(stack, passwordOnly, user);
    const step = await signIn({ username: user.email, options: { authFlowType: 'USER_AUTH', preferredChallenge: 'EMAIL_OTP' } });
    expect(step.nextStep).toEqual({ signInStep: 'CONTINUE_SIGN_IN_WITH_FIRST_FACTOR_SELECTION', availableChallenges: ['PASSWORD', 'PASSWORD_SRP'] });
    expect(stack.deliveries.latest(user.email, 'email-otp')).toBeUndefined();
  });
});

// https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_SignUp.html (Password,
// Session in ConfirmSignUp) and https://docs.aws.amazon.com/cognito/latest/developerguide/authentication-flow-things-to-know.html
describe('conformance: passwordless sign-up with aws-amplify v6', () => {
  it('signUp without a password, confirmSignUp, then autoSignIn signs the new user in with the confirmation Session', async () => {
    amplify();
    const user = uniqueUser('nopw');
    const started = await signUp({ username: user.email, options: { userAttributes: { email: user.email }, autoSignIn: { authFlowType: 'USER_AUTH' } } });
    expect(started.nextStep).toMatchObject({ signUpStep: 'CONFIRM_SIGN_UP', codeDeliveryDetails: { deliveryMedium: 'EMAIL' } });
    const confirmed = await confirmSignUp({ username: user.email, confirmationCode: await stack.readCode(user.email) });
    expect(confirmed).toMatchObject({ isSignUpComplete: true, nextStep: { signUpStep: 'COMPLETE_AUTO_SIGN_IN' } });
    expect(await autoSignIn()).toEqual({ isSignedIn: true, nextStep: { signInStep: 'DONE' } });
    await signOut();
    // Passwordless from then on: the selection offers the email code alone.
    const step = await signIn({ username: user.email, options: { authFlowType: 'USER_AUTH' } });
    expect(step.nextStep).toEqual({ signInStep: 'CONTINUE_SIGN_IN_WITH_FIRST_FACTOR_SELECTION', availableChallenges: ['EMAIL_OTP'] });
  });

  it('signUp without a password where passwordless sign-in is not allowed is refused as AWS validates it', async () => {
    amplify(passwordOnly);
    const user = uniqueUser('nopwrefused');
    // Amplify turns exactly AWS's answer (InvalidParameterException, 'password', "Member must not
    // be null": createSignUpClient.mjs) into its own EmptySignUpPassword.
    const options = { userAttributes: { email: user.email }, autoSignIn: { authFlowType: 'USER_AUTH' as const } };
    expect(await amplifyError(signUp({ username: user.email, options }))).toEqual({ name: 'EmptySignUpPassword', message: 'password is required to signUp' });
  });
});
