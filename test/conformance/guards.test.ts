/**
 * Conformance: what AWS does about guessing and resets, judged by real aws-amplify v6. The
 * stack's front runs on a clock this file moves, so a lockout's end needs no real wait.
 * - Lockout: https://docs.aws.amazon.com/cognito/latest/developerguide/authentication.html
 *   ("Lockout behavior for failed sign-in attempts").
 * - AdminResetUserPassword: https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_AdminResetUserPassword.html
 * - Code limits: LimitExceededException in https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_ForgotPassword.html
 */
import { AdminGetUserCommand, AdminResetUserPasswordCommand } from '@aws-sdk/client-cognito-identity-provider';
import { confirmResetPassword, resetPassword, signIn, signOut } from 'aws-amplify/auth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { amplifyError, configureAmplify } from '../support/amplify.ts';
import { startLocalStack, type LocalStack } from '../support/stack.ts';
import { readyUser, stackCognito } from '../support/users.ts';

let stack: LocalStack;
/** The front's clock: real time moved by `offsetMs`, or stopped at `frozenAt` (a lockout test's sign-ins take seconds here). */
let offsetMs = 0;
let frozenAt: number | undefined;
beforeAll(async () => {
  stack = await startLocalStack({ now: () => (frozenAt ?? Date.now()) + offsetMs });
});
afterAll(() => stack?.stop());

const amplify = () => configureAmplify({ userPoolId: stack.userPoolId, clientId: stack.clientId, endpoint: stack.cognitoUrl });
const INCORRECT = { name: 'NotAuthorizedException', message: 'Incorrect username or password.' };
const EXCEEDED = { name: 'NotAuthorizedException', message: 'Password attempts exceeded' };

describe('conformance: lockout and limits with aws-amplify v6', () => {
  it('five wrong passwords lock the user out for 1 s ("Password attempts exceeded", the right password too); then it signs in', async () => {
    amplify();
    const { user } = await readyUser(stack, 'lockout');
    frozenAt = Date.now();
    for (let i = 0; i < 5; i++) expect(await amplifyError(signIn({ username: user.email, password: `Wr0ng-${i}!aA` }))).toEqual(INCORRECT);
    expect(await amplifyError(signIn({ username: user.email, password: user.password }))).toEqual(EXCEEDED);
    offsetMs += 1000;
    expect(await signIn({ username: user.email, password: user.password })).toMatchObject({ isSignedIn: true });
    frozenAt = undefined;
    await signOut();
  });

  it('after an administrator resets the password, signIn answers RESET_PASSWORD (PasswordResetRequiredException); the emailed code sets a new one', async () => {
    amplify();
    const { user } = await readyUser(stack, 'adminreset');
    const sdk = stackCognito(stack);
    await sdk.send(new AdminResetUserPasswordCommand({ UserPoolId: stack.userPoolId, Username: user.email }));
    expect((await sdk.send(new AdminGetUserCommand({ UserPoolId: stack.userPoolId, Username: user.email }))).UserStatus).toBe('RESET_REQUIRED');
    sdk.destroy();
    expect(await signIn({ username: user.email, password: user.password })).toEqual({ isSignedIn: false, nextStep: { signInStep: 'RESET_PASSWORD' } });
    const newPassword = `${user.password}n`;
    await confirmResetPassword({ username: user.email, confirmationCode: await stack.readCode(user.email), newPassword });
    expect(await signIn({ username: user.email, password: newPassword })).toMatchObject({ isSignedIn: true });
    await signOut();
  });

  it('repeated resetPassword requests meet LimitExceededException "Attempt limit exceeded, please try after some time."; an hour later they work again', async () => {
    amplify();
    const { user } = await readyUser(stack, 'resetlimit');
    for (let i = 0; i < 5; i++) expect((await resetPassword({ username: user.email })).nextStep.resetPasswordStep).toBe('CONFIRM_RESET_PASSWORD_WITH_CODE');
    expect(await amplifyError(resetPassword({ username: user.email }))).toEqual({ name: 'LimitExceededException', message: 'Attempt limit exceeded, please try after some time.' });
    offsetMs += 60 * 60_000;
    expect((await resetPassword({ username: user.email })).nextStep.resetPasswordStep).toBe('CONFIRM_RESET_PASSWORD_WITH_CODE');
  });
});
