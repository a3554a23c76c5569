import { describe, expect, it } from 'vitest';
import { AuthError, MESSAGES, toAuthError, type AuthErrorCode, type CognitoOperation } from './errors.ts';

const cognito = (name: string, message = 'raw service text', statusCode = 400) =>
  Object.assign(new Error(message), { name, code: name, statusCode });

describe('mapping Cognito errors to plain language', () => {
  it.each<[string, unknown, CognitoOperation, AuthErrorCode]>([
    ['wrong password (AWS)', cognito('NotAuthorizedException', 'Incorrect username or password.'), 'signIn', 'incorrect-credentials'],
    ['wrong password (cognito-local)', cognito('InvalidPasswordException', 'Invalid password'), 'signIn', 'incorrect-credentials'],
    ['unknown user at sign-in', cognito('UserNotFoundException', 'User does not exist.'), 'signIn', 'incorrect-credentials'],
    ['too many wrong passwords', cognito('NotAuthorizedException', 'Password attempts exceeded'), 'signIn', 'too-many-failed-attempts'],
    ['refresh token revoked', cognito('NotAuthorizedException', 'Refresh Token has been revoked'), 'refresh', 'session-expired'],
    ['user deleted, seen on refresh', cognito('UserNotFoundException'), 'refresh', 'session-expired'],
    ['access token revoked on GetUser', cognito('NotAuthorizedException', 'Access Token has been revoked'), 'profile', 'session-expired'],
    ['confirming a confirmed user', cognito('NotAuthorizedException', 'User cannot be confirmed. Current status is CONFIRMED'), 'confirmSignUp', 'already-confirmed'],
    ['other not-authorized', cognito('NotAuthorizedException', 'nope'), 'forgotPassword', 'not-authorized'],
    ['unconfirmed user', cognito('UserNotConfirmedException'), 'signIn', 'user-not-confirmed'],
    ['email taken', cognito('UsernameExistsException'), 'signUp', 'username-exists'],
    ['email taken as alias', cognito('AliasExistsException'), 'confirmSignUp', 'username-exists'],
    ['wrong code', cognito('CodeMismatchException'), 'confirmSignUp', 'code-mismatch'],
    ['old code', cognito('ExpiredCodeException'), 'confirmForgotPassword', 'expired-code'],
    ['weak password', cognito('InvalidPasswordException', 'Password did not conform with policy'), 'signUp', 'invalid-password'],
    ['weak new password', cognito('InvalidPasswordException'), 'completeNewPassword', 'invalid-password'],
    ['bad parameter', cognito('InvalidParameterException'), 'signUp', 'invalid-parameter'],
    ['limit exceeded', cognito('LimitExceededException'), 'forgotPassword', 'limit-exceeded'],
    ['throttled', cognito('TooManyRequestsException'), 'refresh', 'too-many-requests'],
    ['too many failed attempts', cognito('TooManyFailedAttemptsException'), 'confirmForgotPassword', 'too-many-failed-attempts'],
    ['unknown user on reset', cognito('UserNotFoundException'), 'forgotPassword', 'user-not-found'],
    ['reset required', cognito('PasswordResetRequiredException'), 'signIn', 'password-reset-required'],
    ['code not delivered', cognito('CodeDeliveryFailureException'), 'signUp', 'code-delivery-failed'],
    ['Cognito internal error', cognito('InternalErrorException', 'boom', 500), 'refresh', 'service-unavailable'],
    ['bare 503', Object.assign(new Error('503'), { statusCode: 503 }), 'refresh', 'service-unavailable'],
    ['library network error', Object.assign(new Error('Network error'), { code: 'NetworkError' }), 'refresh', 'network'],
    ['fetch TypeError', new TypeError('Failed to fetch'), 'signIn', 'network'],
    ['cognito-local unsupported op', cognito('CognitoLocal#Unsupported', 'Cognito Local unsupported feature', 500), 'resendCode', 'unsupported'],
    ['AWS unsupported op', cognito('UnsupportedOperationException'), 'globalSignOut', 'unsupported'],
    ['anything else', cognito('WeirdNewException', 'stack at line 3'), 'signUp', 'unknown'],
    ['not even an object', 'oops', 'signUp', 'unknown'],
  ])('%s → %s', (_, raw, op, code) => {
    const error = toAuthError(raw, op);
    expect(error).toBeInstanceOf(AuthError);
    expect(error.code).toBe(code);
    expect(error.message).toBe(MESSAGES[code]);
    expect(error.message).not.toContain('raw service text');
  });

  it('keeps an AuthError as it is', () => {
    const original = new AuthError('network');
    expect(toAuthError(original, 'signIn')).toBe(original);
  });

  it.each<[AuthErrorCode, boolean]>([
    ['network', true],
    ['service-unavailable', true],
    ['too-many-requests', true],
    ['limit-exceeded', true],
    ['session-expired', false],
    ['incorrect-credentials', false],
    ['unknown', false],
  ])('%s is transient: %s', (code, transient) => {
    expect(new AuthError(code).transient).toBe(transient);
  });

  it('has a sentence for every code', () => {
    for (const message of Object.values(MESSAGES)) expect(message).toMatch(/^[A-Z].*\.$/);
  });
});
