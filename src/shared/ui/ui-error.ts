/**
 * What the UI may show of a failure: the background's plain-language message for a
 * RequestError, one generic sentence for anything else (never a stack or raw service text).
 */
import { RequestError } from '../messaging.ts';

export interface UiError {
  code: string;
  message: string;
  /** A message per form field, when the background checked the fields. */
  fields: Record<string, string>;
}

const GENERIC_MESSAGE = 'Something went wrong. Please try again.';

export function toUiError(e: unknown): UiError {
  if (e instanceof RequestError) return { code: e.code, message: e.message || GENERIC_MESSAGE, fields: e.fields };
  return { code: 'unknown', message: GENERIC_MESSAGE, fields: {} };
}
