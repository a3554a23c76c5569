import { AuthError, MESSAGES } from '../auth/errors.ts';
import type { WireError } from '../shared/messages.ts';

/** A failure the background reports with its own code (API, settings, policy). */
export class BackgroundError extends Error {
  override readonly name = 'BackgroundError';
  constructor(
    readonly code: string,
    message: string,
    readonly fields?: Record<string, string>,
  ) {
    super(message);
  }
}

export const notConfigured = () =>
  new BackgroundError('not-configured', 'The extension is not set up yet. Open Settings and enter your Cognito pool and API.');

/** What crosses the message boundary: a stable code and a plain sentence, never a raw error. */
export function toWireError(e: unknown): WireError {
  if (e instanceof AuthError) return { code: e.code, message: e.message };
  if (e instanceof BackgroundError) return { code: e.code, message: e.message, ...(e.fields ? { fields: e.fields } : {}) };
  // Unexpected: keep the class and message for whoever debugs the worker (no token is ever in them).
  console.error('[cruddur] unexpected error:', e instanceof Error ? `${e.name}: ${e.message}` : typeof e);
  return { code: 'unknown', message: MESSAGES.unknown };
}
