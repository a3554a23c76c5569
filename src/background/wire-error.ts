/**
 * Where an error becomes what a page reads: a stable code and a plain sentence in the user's
 * language. The session core carries codes only (src/auth/errors.ts); the sentence is attached
 * here, from the catalog, or is the more specific one a `BackgroundError` was given.
 */
import { AuthError } from '../auth/errors.ts';
import { errorSentence, type WireErrorCode } from '../shared/error-codes.ts';
import type { WireError } from '../shared/messages.ts';

/**
 * A failure the background reports with its own code (API, settings, policy). The sentence
 * defaults to the code's in the catalog; pass one only when it says more (a wait time, which
 * address was refused).
 */
export class BackgroundError extends Error {
  override readonly name = 'BackgroundError';
  constructor(
    readonly code: WireErrorCode,
    message: string = errorSentence(code),
    readonly fields?: Record<string, string>,
  ) {
    super(message);
  }
}

export const notConfigured = () => new BackgroundError('not-configured');

/** What crosses the message boundary: a stable code and a plain sentence, never a raw error. */
export function toWireError(e: unknown): WireError {
  if (e instanceof AuthError) return { code: e.code, message: errorSentence(e.code) };
  if (e instanceof BackgroundError) return { code: e.code, message: e.message, ...(e.fields ? { fields: e.fields } : {}) };
  // Unexpected: keep the class and message for whoever debugs the worker (no token is ever in them).
  console.error('[cruddur] unexpected error:', e instanceof Error ? `${e.name}: ${e.message}` : typeof e);
  return { code: 'unknown', message: errorSentence('unknown') };
}
