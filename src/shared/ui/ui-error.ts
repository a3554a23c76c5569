/**
 * What the UI may show of a failure: the background's plain-language message for a
 * RequestError, one generic sentence for anything else (never a stack or raw service text).
 */
import { errorSentence, type WireErrorCode } from '../error-codes.ts';
import { RequestError } from '../messaging.ts';

export interface UiError {
  code: WireErrorCode;
  message: string;
  /** A message per form field, when the background checked the fields. */
  fields: Record<string, string>;
}

/** Cognito failed to answer while the browser says it is online: not the user's connection. */
export const COGNITO_UNREACHABLE_MESSAGE = errorSentence('cognito-unreachable');

/** `online`: navigator.onLine (a parameter so tests need no browser). */
export function toUiError(e: unknown, online = globalThis.navigator?.onLine ?? true): UiError {
  if (e instanceof RequestError) {
    // The background says "network" for any failed Cognito call; only the page knows whether
    // the browser itself is offline.
    if (e.code === 'network' && online) return { code: 'cognito-unreachable', message: COGNITO_UNREACHABLE_MESSAGE, fields: e.fields };
    // The background fills in every WireError's sentence, maybe a more specific one than the code's.
    return { code: e.code, message: e.message || errorSentence(e.code), fields: e.fields };
  }
  return { code: 'unknown', message: errorSentence('unknown'), fields: {} };
}
