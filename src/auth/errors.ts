/**
 * One error tree for everything the session core can fail with. Every error carries a stable
 * `code` (because `instanceof` does not survive extension messaging), and only a code: the core
 * has no words and no browser, so the background attaches the sentence in the user's language
 * (`errorSentence` in shared/error-codes.ts, via background/wire-error.ts). Raw Cognito text
 * never reaches a user.
 */

import type { AuthErrorCode } from '../shared/error-codes.ts';

export type { AuthErrorCode };

/** Codes worth retrying: the session is still good, the path to Cognito is not. */
const TRANSIENT: ReadonlySet<AuthErrorCode> = new Set(['network', 'service-unavailable', 'too-many-requests', 'limit-exceeded']);

export class AuthError extends Error {
  override readonly name = 'AuthError';
  readonly code: AuthErrorCode;

  /** The message is the code, for whoever debugs the worker; users read the code's sentence. */
  constructor(code: AuthErrorCode, options?: { cause?: unknown }) {
    super(code, options?.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
  }

  get transient(): boolean {
    return TRANSIENT.has(this.code);
  }
}

/** The operation a Cognito error came from: some exceptions mean different things per operation. */
export type CognitoOperation =
  | 'signIn'
  | 'signUp'
  | 'confirmSignUp'
  | 'resendCode'
  | 'completeNewPassword'
  | 'forgotPassword'
  | 'confirmForgotPassword'
  | 'refresh'
  | 'profile'
  | 'signOut'
  | 'globalSignOut'
  /** Answering an MFA step: RespondToAuthChallenge, AssociateSoftwareToken, VerifySoftwareToken. */
  | 'mfa'
  /** A signed-in user's own MFA settings: AssociateSoftwareToken, VerifySoftwareToken, SetUserMFAPreference. */
  | 'mfaSettings'
  /** Sign-in with an emailed code: InitiateAuth USER_AUTH, SELECT_CHALLENGE. */
  | 'signInCode'
  /** A signed-in user's trusted browsers: ConfirmDevice, UpdateDeviceStatus, ListDevices, ForgetDevice. */
  | 'devices';

const SIGN_IN_OPS: ReadonlySet<CognitoOperation> = new Set(['signIn']);
const TOKEN_OPS: ReadonlySet<CognitoOperation> = new Set(['refresh', 'profile', 'signOut', 'globalSignOut', 'mfaSettings', 'devices']);
/** Operations that send or check a code: their LimitExceededException is a limit on codes. */
const CODE_OPS: ReadonlySet<CognitoOperation> = new Set(['confirmSignUp', 'resendCode', 'forgotPassword', 'confirmForgotPassword', 'mfa', 'signInCode']);

const BY_EXCEPTION: Record<string, AuthErrorCode> = {
  UserNotConfirmedException: 'user-not-confirmed',
  UsernameExistsException: 'username-exists',
  AliasExistsException: 'username-exists',
  CodeMismatchException: 'code-mismatch',
  ExpiredCodeException: 'expired-code',
  InvalidPasswordException: 'invalid-password',
  InvalidParameterException: 'invalid-parameter',
  LimitExceededException: 'limit-exceeded',
  TooManyRequestsException: 'too-many-requests',
  TooManyFailedAttemptsException: 'too-many-failed-attempts',
  UserNotFoundException: 'user-not-found',
  PasswordResetRequiredException: 'password-reset-required',
  CodeDeliveryFailureException: 'code-delivery-failed',
  InternalErrorException: 'service-unavailable',
  ServiceUnavailableException: 'service-unavailable',
  UnknownOperationException: 'unsupported',
  NetworkError: 'network',
};

function exceptionName(e: { code?: unknown; name?: unknown; __type?: unknown }): string {
  const raw =
    [e.code, e.__type, e.name].find((v): v is string => typeof v === 'string' && v !== 'Error') ??
    // Stryker disable next-line StringLiteral: with no name, any text that names no exception maps the same
    '';
  return raw.slice(raw.lastIndexOf('#') + 1);
}

/**
 * Maps anything amazon-cognito-identity-js or fetch can throw to an AuthError, once, here.
 * The caller names the operation, because Cognito reuses `NotAuthorizedException` for
 * "wrong password", "refresh token revoked" and "already confirmed".
 */
export function toAuthError(e: unknown, op: CognitoOperation): AuthError {
  if (e instanceof AuthError) return e;
  const err = (typeof e === 'object' && e !== null ? e : {}) as {
    code?: unknown;
    name?: unknown;
    __type?: unknown;
    message?: unknown;
    statusCode?: unknown;
  };
  const name = exceptionName(err);
  // Only text is read: the patterns below would throw on a Symbol.
  const message =
    typeof err.message === 'string'
      ? err.message
      : // Stryker disable next-line StringLiteral: with no text, any text that matches no pattern maps the same
        '';
  const status = typeof err.statusCode === 'number' ? err.statusCode : 0;
  const code = ((): AuthErrorCode => {
    // cognito-local answers unimplemented operations with `CognitoLocal#Unsupported`, AWS with
    // UnsupportedOperationException.
    if (name.includes('Unsupported')) return op === 'signInCode' ? 'email-code-unavailable' : 'unsupported';
    // AWS locks a user out after repeated wrong passwords ("Password attempts exceeded").
    if (name === 'NotAuthorizedException' && /password attempts exceeded/i.test(message)) return 'account-locked';
    // Repeated code requests or wrong codes: AWS answers "Attempt limit exceeded, please try after some time."
    if (name === 'LimitExceededException' && CODE_OPS.has(op)) return 'code-limit-exceeded';
    // SignUp without a password in a pool where a password is the only way in.
    if (op === 'signUp' && name === 'InvalidParameterException' && /password/i.test(message)) return 'password-needed';
    if (op === 'signInCode') {
      // The client lacks ALLOW_USER_AUTH ("USER_AUTH flow not enabled for this client"), or the
      // pool offers no email codes.
      if (name === 'InvalidParameterException') return 'email-code-unavailable';
      if (name === 'CodeMismatchException') return 'mfa-code-mismatch';
      if (name === 'NotAuthorizedException') return 'mfa-session-expired';
    }
    if (op === 'mfa') {
      // Wrong code: RespondToAuthChallenge says CodeMismatch, VerifySoftwareToken EnableSoftwareTokenMFA.
      if (name === 'CodeMismatchException' || name === 'EnableSoftwareTokenMFAException') return 'mfa-code-mismatch';
      if (name === 'ExpiredCodeException') return 'mfa-code-used';
      // The challenge session lasts 3 minutes; Cognito then answers "Invalid session for the user".
      if (name === 'NotAuthorizedException') return 'mfa-session-expired';
    }
    if (op === 'mfaSettings') {
      if (name === 'CodeMismatchException' || name === 'EnableSoftwareTokenMFAException') return 'mfa-code-mismatch';
      // The pool has authenticator apps off (its MFA is OFF, or TOTP is not one of its kinds):
      // AssociateSoftwareToken and VerifySoftwareToken refuse, and sign-in would never ask.
      if (name === 'SoftwareTokenMFANotFoundException') return 'mfa-not-offered';
      // Cognito refuses to turn off the last MFA kind of a user in a pool whose MFA is required
      // with InvalidParameterException (the only invalid parameter this form can send).
      if (name === 'InvalidParameterException') return 'mfa-required-by-pool';
    }
    if (name === 'NotAuthorizedException') {
      if (SIGN_IN_OPS.has(op)) return 'incorrect-credentials';
      if (TOKEN_OPS.has(op)) return 'session-expired';
      if (op === 'confirmSignUp' && /CONFIRMED/.test(message)) return 'already-confirmed';
      return 'not-authorized';
    }
    // cognito-local says InvalidPasswordException for a wrong password, and (like AWS without
    // user-existence protection) UserNotFoundException for an unknown user: both are
    // "incorrect email or password" at sign-in, so we never reveal which accounts exist.
    if (SIGN_IN_OPS.has(op) && (name === 'InvalidPasswordException' || name === 'UserNotFoundException')) {
      return 'incorrect-credentials';
    }
    // A refresh token rotated out past its grace period (AWS's RefreshTokenReuseException).
    if (TOKEN_OPS.has(op) && (name === 'UserNotFoundException' || name === 'RefreshTokenReuseException')) return 'session-expired';
    const mapped = BY_EXCEPTION[name];
    if (mapped) return mapped;
    // fetch() rejects with a TypeError when the network is down; the library rewraps it as
    // "Network error" (Client.js), sometimes without a code.
    if (e instanceof TypeError || /network ?error|failed to fetch/i.test(message)) return 'network';
    if (status >= 500) return 'service-unavailable';
    return 'unknown';
  })();
  return new AuthError(code, { cause: e });
}
