import { describe, expect, it } from 'vitest';
import { AuthError, toAuthError, type AuthErrorCode, type CognitoOperation } from './errors.ts';

const cognito = (name: string, message = 'raw service text', statusCode = 400) =>
  Object.assign(new Error(message), { name, code: name, statusCode });

/** SignUp's validation error for a missing password, as AWS words it. */
const PASSWORD_NULL = "1 validation error detected: Value at 'password' failed to satisfy constraint: Member must not be null";

describe('mapping Cognito errors to codes', () => {
  it.each<[string, unknown, CognitoOperation, AuthErrorCode]>([
    ['wrong password (AWS)', cognito('NotAuthorizedException', 'Incorrect username or password.'), 'signIn', 'incorrect-credentials'],
    ['wrong password (cognito-local)', cognito('InvalidPasswordException', 'Invalid password'), 'signIn', 'incorrect-credentials'],
    ['unknown user at sign-in', cognito('UserNotFoundException', 'User does not exist.'), 'signIn', 'incorrect-credentials'],
    ['too many wrong passwords: a lockout', cognito('NotAuthorizedException', 'Password attempts exceeded'), 'signIn', 'account-locked'],
    ['refresh token revoked', cognito('NotAuthorizedException', 'Refresh Token has been revoked'), 'refresh', 'session-expired'],
    ['user deleted, seen on refresh', cognito('UserNotFoundException'), 'refresh', 'session-expired'],
    ['a refresh token rotated out past its grace period', cognito('RefreshTokenReuseException'), 'refresh', 'session-expired'],
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
    ['sign-up without a password where a password is the only way in', cognito('InvalidParameterException', PASSWORD_NULL), 'signUp', 'password-needed'],
    ['the same refusal from another operation', cognito('InvalidParameterException', PASSWORD_NULL), 'confirmForgotPassword', 'invalid-parameter'],
    ['limit exceeded on a code request', cognito('LimitExceededException', 'Attempt limit exceeded, please try after some time.'), 'forgotPassword', 'code-limit-exceeded'],
    ['limit exceeded elsewhere', cognito('LimitExceededException'), 'refresh', 'limit-exceeded'],
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
    // The core has no words: its message is the code, never Cognito's text (the background attaches the sentence).
    expect(error.message).toBe(code);
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
});

describe('MFA errors mean different things at sign-in and in Settings', () => {
  it.each<[string, unknown, CognitoOperation, AuthErrorCode]>([
    ['wrong code at the sign-in step', cognito('CodeMismatchException'), 'mfa', 'mfa-code-mismatch'],
    ['wrong code when verifying a new authenticator at sign-in', cognito('EnableSoftwareTokenMFAException'), 'mfa', 'mfa-code-mismatch'],
    ['a code already used', cognito('ExpiredCodeException'), 'mfa', 'mfa-code-used'],
    ['the three-minute challenge session is over', cognito('NotAuthorizedException', 'Invalid session for the user.'), 'mfa', 'mfa-session-expired'],
    ['too many codes at the sign-in step', cognito('TooManyRequestsException'), 'mfa', 'too-many-requests'],
    ['wrong code in Settings', cognito('CodeMismatchException'), 'mfaSettings', 'mfa-code-mismatch'],
    ['wrong code when verifying a new authenticator in Settings', cognito('EnableSoftwareTokenMFAException'), 'mfaSettings', 'mfa-code-mismatch'],
    ['turning off MFA the pool requires', cognito('InvalidParameterException'), 'mfaSettings', 'mfa-required-by-pool'],
    ['setting up an authenticator in a pool without them', cognito('SoftwareTokenMFANotFoundException'), 'mfaSettings', 'mfa-not-offered'],
    ['an old code in Settings', cognito('ExpiredCodeException'), 'mfaSettings', 'expired-code'],
    ['a revoked access token in Settings', cognito('NotAuthorizedException', 'Access Token has been revoked'), 'mfaSettings', 'session-expired'],
    ['a bad parameter at the sign-in step', cognito('InvalidParameterException'), 'mfa', 'invalid-parameter'],
  ])('%s → %s', (_, raw, op, code) => {
    expect(toAuthError(raw, op)).toMatchObject({ code, message: code });
  });
});

describe('lockouts, code limits and email-code sign-in', () => {
  it.each<[string, unknown, CognitoOperation, AuthErrorCode]>([
    ...(['signIn', 'signInCode', 'mfa'] as const).map(
      (op): [string, unknown, CognitoOperation, AuthErrorCode] => [`a lockout on ${op}`, cognito('NotAuthorizedException', 'Password attempts exceeded'), op, 'account-locked'],
    ),
    ...(['confirmSignUp', 'resendCode', 'forgotPassword', 'confirmForgotPassword', 'mfa', 'signInCode'] as const).map(
      (op): [string, unknown, CognitoOperation, AuthErrorCode] => [`the code limit on ${op}`, cognito('LimitExceededException', 'Attempt limit exceeded, please try after some time.'), op, 'code-limit-exceeded'],
    ),
    ['a lockout is not read from another exception', cognito('LimitExceededException', 'Password attempts exceeded'), 'signIn', 'limit-exceeded'],
    ['a client without ALLOW_USER_AUTH', cognito('InvalidParameterException', 'USER_AUTH flow not enabled for this client'), 'signInCode', 'email-code-unavailable'],
    ['an endpoint without USER_AUTH', cognito('UnsupportedOperationException'), 'signInCode', 'email-code-unavailable'],
    ['a wrong emailed sign-in code', cognito('CodeMismatchException', 'Invalid code or auth state for the user.'), 'signInCode', 'mfa-code-mismatch'],
    ['an emailed sign-in code past its session', cognito('NotAuthorizedException', 'Invalid session for the user, session is expired.'), 'signInCode', 'mfa-session-expired'],
    ['a device the pool no longer knows', cognito('ResourceNotFoundException', 'Device does not exist.'), 'devices', 'unknown'],
    ['a revoked token on the devices list', cognito('NotAuthorizedException', 'Access Token has been revoked'), 'devices', 'session-expired'],
    ['reset required at sign-in', cognito('PasswordResetRequiredException', 'Password reset required for the user'), 'signIn', 'password-reset-required'],
    ['another refusal of an emailed sign-in code', cognito('TooManyRequestsException'), 'signInCode', 'too-many-requests'],
    ['a lockout on a reset', cognito('NotAuthorizedException', 'Password attempts exceeded'), 'confirmForgotPassword', 'account-locked'],
  ])('%s → %s', (_, raw, op, code) => {
    expect(toAuthError(raw, op).code).toBe(code);
  });
});

describe('mapping edge cases', () => {
  it.each<[string, unknown, CognitoOperation, AuthErrorCode]>([
    ['an AWS __type with a namespace', { __type: 'com.amazonaws.cognito#CodeMismatchException', message: 'x' }, 'confirmSignUp', 'code-mismatch'],
    ['a generic Error name falls through to the code', Object.assign(new Error('x'), { name: 'Error', code: 'ExpiredCodeException' }), 'confirmSignUp', 'expired-code'],
    ["Firefox's fetch failure text", new Error('NetworkError when attempting to fetch resource.'), 'refresh', 'network'],
    ["Chrome's fetch failure text, not a TypeError", new Error('Failed to fetch'), 'refresh', 'network'],
    ['exactly 500', { statusCode: 500 }, 'refresh', 'service-unavailable'],
    ['499 is not a server fault', { statusCode: 499 }, 'refresh', 'unknown'],
    ['a status that is not a number', { statusCode: '503' }, 'refresh', 'unknown'],
    ['a lockout seen on refresh', cognito('NotAuthorizedException', 'Password attempts exceeded'), 'refresh', 'account-locked'],
    ['not authorized at confirm without CONFIRMED', cognito('NotAuthorizedException', 'nope'), 'confirmSignUp', 'not-authorized'],
    ['not authorized at sign-up', cognito('NotAuthorizedException', 'nope'), 'signUp', 'not-authorized'],
    ['a non-string message', { name: 'NotAuthorizedException', message: 42 }, 'signIn', 'incorrect-credentials'],
    ...(['profile', 'signOut', 'globalSignOut'] as const).map(
      (op): [string, unknown, CognitoOperation, AuthErrorCode] => [`user deleted, seen on ${op}`, cognito('UserNotFoundException'), op, 'session-expired'],
    ),
    ...(['profile', 'signOut', 'globalSignOut'] as const).map(
      (op): [string, unknown, CognitoOperation, AuthErrorCode] => [`token revoked, seen on ${op}`, cognito('NotAuthorizedException', 'revoked'), op, 'session-expired'],
    ),
    ['unknown user at sign-up', cognito('UserNotFoundException'), 'signUp', 'user-not-found'],
    ['a generic code falls through to the name', Object.assign(new Error('x'), { name: 'CodeMismatchException', code: 'Error' }), 'confirmSignUp', 'code-mismatch'],
    ['the library network code, whatever its text', Object.assign(new Error('socket hang up'), { code: 'NetworkError' }), 'refresh', 'network'],
    ...(['InternalErrorException', 'ServiceUnavailableException'] as const).map(
      (name): [string, unknown, CognitoOperation, AuthErrorCode] => [`${name} read from the body alone, no status`, { __type: name, message: 'x' }, 'refresh', 'service-unavailable'],
    ),
    ['an endpoint that does not know the operation', cognito('UnknownOperationException'), 'refresh', 'unsupported'],
    ['CONFIRMED in the text of another operation', cognito('NotAuthorizedException', 'Current status is CONFIRMED'), 'forgotPassword', 'not-authorized'],
    ['a Symbol for a message is not read', { name: 'NotAuthorizedException', message: Symbol('attempts exceeded') }, 'signIn', 'incorrect-credentials'],
    ['invalid password on refresh is not a credential error', cognito('InvalidPasswordException'), 'refresh', 'invalid-password'],
  ])('%s → %s', (_, raw, op, code) => {
    expect(toAuthError(raw, op).code).toBe(code);
  });

  it('keeps the raw error as the cause, for the logs', () => {
    const raw = cognito('CodeMismatchException');
    expect(toAuthError(raw, 'confirmSignUp').cause).toBe(raw);
  });

  it('has no cause when none is given, and its message is its code', () => {
    const plain = new AuthError('network');
    expect('cause' in plain).toBe(false);
    expect(plain.name).toBe('AuthError');
    expect(plain.message).toBe('network');
  });
});
