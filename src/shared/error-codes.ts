/**
 * Every error code that crosses the message boundary, and how to say it. `instanceof` does not
 * survive extension messaging, so code is what callers switch on. Each code's sentence is
 * `error_<codeInCamelCase>` in the catalog (`network` → `error_network`,
 * `managed-login-denied` → `error_managedLoginDenied`), read with `errorSentence(code)`: the
 * background attaches it to what it sends (or a more specific sentence, e.g. with a wait time),
 * and a page says it for codes it makes itself, never raw service text. The catalog is in the
 * browser already, so no context ships a table of sentences.
 */
import { t } from './i18n.ts';

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
  // "Continue as": the web app's session turned out to be another account than the one shown.
  'session-other-account',
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

/** Codes a page gives a failure the background could not name (it never answered, or only the page knows). */
export const PAGE_ERROR_CODES = ['extension-unavailable', 'cognito-unreachable', 'permission-denied', 'permission-not-asked'] as const;

export const WIRE_ERROR_CODES = [...AUTH_ERROR_CODES, ...BACKGROUND_ERROR_CODES, ...PAGE_ERROR_CODES] as const;

export type AuthErrorCode = (typeof AUTH_ERROR_CODES)[number];
export type BackgroundErrorCode = (typeof BACKGROUND_ERROR_CODES)[number];
export type PageErrorCode = (typeof PAGE_ERROR_CODES)[number];
export type WireErrorCode = (typeof WIRE_ERROR_CODES)[number];

type CamelCase<S extends string> = S extends `${infer Head}-${infer Tail}` ? `${Head}${Capitalize<CamelCase<Tail>>}` : S;

/** A code's key in the catalog. `t()` takes only keys the English catalog has, so a code without a sentence fails the type check. */
export type ErrorKey = `error_${CamelCase<WireErrorCode>}`;

export function errorKey(code: WireErrorCode): ErrorKey {
  return `error_${code.replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase())}` as ErrorKey;
}

/** The plain sentence for a code, in the user's language. */
export function errorSentence(code: WireErrorCode): string {
  return t(errorKey(code));
}

const CODES: ReadonlySet<string> = new Set(WIRE_ERROR_CODES);

export function isWireErrorCode(value: unknown): value is WireErrorCode {
  return typeof value === 'string' && CODES.has(value);
}
