/**
 * Every error code that crosses the message boundary, and the one plain sentence for each.
 * `instanceof` does not survive extension messaging, so code is what callers switch on; pages
 * show the sentence the background sent (it may be more specific, e.g. a Retry-After) and fall
 * back to a generic sentence, never to raw service text. Sentences a page shows on its own live in
 * page-error-messages.ts (spread in below), so a page's bundle does not carry this whole table.
 */
import { PAGE_ERROR_CODES, PAGE_MESSAGES } from './page-error-messages.ts';
import { PERMISSION_MESSAGES } from './permission-messages.ts';

/** The session core's codes (src/auth/errors.ts maps every Cognito exception to one). */
export const AUTH_ERROR_CODES = [
  'incorrect-credentials',
  'not-authorized',
  'session-expired',
  'signed-out',
  'user-not-confirmed',
  'already-confirmed',
  'username-exists',
  'code-mismatch',
  'expired-code',
  'invalid-password',
  'invalid-parameter',
  'limit-exceeded',
  'too-many-requests',
  'too-many-failed-attempts',
  'user-not-found',
  'password-reset-required',
  'code-delivery-failed',
  'mfa-code-mismatch',
  'mfa-code-used',
  'mfa-session-expired',
  'mfa-required-by-pool',
  'mfa-not-offered',
  'network',
  'service-unavailable',
  'unsupported',
  'storage',
  'unknown',
  // Managed login (src/auth/managed-login.ts): the hosted pages' and the token endpoint's answers.
  'managed-login-denied',
  'managed-login-redirect-mismatch',
  'managed-login-unknown-client',
  'managed-login-not-allowed',
  'managed-login-provider-error',
  'managed-login-failed',
  'managed-login-not-set-up',
  'account-locked',
  'code-limit-exceeded',
  'email-code-unavailable',
  'password-needed',
] as const;

/** The background's own codes: settings, the Cruddur API, policy, the panel, "Continue as". */
export const BACKGROUND_ERROR_CODES = [
  'not-configured',
  'invalid-settings',
  'invalid-crud',
  'forbidden',
  'api-unreachable',
  'api-timeout',
  'api-unauthorized',
  'api-invalid',
  'rate-limited',
  'panel-unavailable',
  'web-session-gone',
  'not-found',
  'invalid-search',
] as const;

// Pages import page-error-messages.ts directly: it carries only the sentences they show themselves.
export { PAGE_ERROR_CODES };

export const WIRE_ERROR_CODES = [...AUTH_ERROR_CODES, ...BACKGROUND_ERROR_CODES, ...PAGE_ERROR_CODES] as const;

export type AuthErrorCode = (typeof AUTH_ERROR_CODES)[number];
export type BackgroundErrorCode = (typeof BACKGROUND_ERROR_CODES)[number];
export type WireErrorCode = (typeof WIRE_ERROR_CODES)[number];

export const PLAIN_MESSAGES: Record<WireErrorCode, string> = {
  'incorrect-credentials': 'Incorrect email or password.',
  'not-authorized': 'You are not allowed to do that. Please sign in again.',
  'signed-out': 'You are signed out.',
  'user-not-confirmed': 'Your account is not confirmed yet. Enter the code we emailed you.',
  'already-confirmed': 'This account is already confirmed. You can sign in.',
  'username-exists': 'An account with this email already exists. Sign in instead, or reset your password.',
  'code-mismatch': 'That code is not right. Check the email we sent and try again.',
  'expired-code': 'That code has expired. Ask for a new one.',
  'invalid-password': 'Choose a stronger password: at least 8 characters, with upper- and lowercase letters, a number and a symbol.',
  'invalid-parameter': 'Some details are not valid. Check the form and try again.',
  'limit-exceeded': 'Too many attempts. Please wait a few minutes and try again.',
  'too-many-requests': 'The sign-in service is busy. Please try again in a moment.',
  'too-many-failed-attempts': 'Too many failed attempts. Please wait a few minutes and try again.',
  'user-not-found': 'We could not find an account with that email.',
  'password-reset-required': 'Your password has to be reset. Enter the code we emailed you and choose a new password.',
  'code-delivery-failed': 'We could not send the code. Check the email address and try again.',
  'mfa-code-mismatch': 'That code is not right. Check it and try again.',
  'mfa-code-used': 'That code was already used. Wait for the next one and try again.',
  'mfa-required-by-pool': 'Your account must use two-step verification, so it cannot be turned off.',
  'mfa-not-offered': 'Two-step verification is turned off for this Cruddur sign-in, so sign-in would never ask for an authenticator code.',
  network: 'You appear to be offline. Check your connection and try again.',
  'service-unavailable': 'The sign-in service is not answering right now. Please try again shortly.',
  unsupported: 'This server does not support that action.',
  storage: 'The browser could not save your session. Please try again.',
  'managed-login-denied': 'The sign-in was turned down, so nothing changed. You can try again or sign in another way.',
  'managed-login-redirect-mismatch':
    'The sign-in page does not accept this extension’s address yet. Add the redirect URL shown in Settings to the app client’s allowed callback URLs.',
  'managed-login-unknown-client': 'The sign-in page does not know this app client. Check the app client id in Settings.',
  'managed-login-not-allowed': 'This app client may not sign in through the sign-in page. Allow the authorization code grant and the scopes in Settings for it.',
  'managed-login-provider-error': 'The sign-in provider could not sign you in. Try again, or sign in another way.',
  'managed-login-failed': 'That sign-in could not be checked, so it was not used. Please try again.',
  'managed-login-not-set-up': 'Signing in through the sign-in page is not set up. Enter the managed-login domain in Settings.',
  'account-locked': 'Too many wrong passwords, so this account is locked for a while. Wait a few minutes and try again, or reset your password with “Forgot password?”.',
  'code-limit-exceeded': 'Too many codes or wrong tries for this account. Wait an hour, then try again.',
  'email-code-unavailable': 'This Cruddur sign-in does not offer codes by email. Sign in with your password.',
  'password-needed': 'This Cruddur sign-in needs a password. Choose one, then create your account.',

  'not-configured': 'The extension is not set up yet. Open Settings and enter your Cognito pool and API.',
  'invalid-settings': 'Some settings need fixing.',
  'invalid-crud': 'Cruddur did not accept this crud.',
  forbidden: 'This page is not allowed to do that.',
  'api-unreachable': 'Cruddur is not answering right now. You are still signed in; try again shortly.',
  'api-timeout': 'Cruddur is not answering. Try again in a moment.',
  'api-unauthorized': 'The Cruddur API did not accept your sign-in. Check the API address in Settings.',
  'api-invalid': 'The Cruddur API sent something unexpected.',
  'rate-limited': 'Slow down, and try again in a moment.',
  'web-session-gone': 'That Cruddur session has ended. Sign in instead.',
  'not-found': 'That is not on Cruddur any more.',
  'invalid-search': 'Type what to search for.',

  ...PAGE_MESSAGES,
  ...PERMISSION_MESSAGES,
};

export function isWireErrorCode(value: unknown): value is WireErrorCode {
  return typeof value === 'string' && Object.hasOwn(PLAIN_MESSAGES, value);
}
