/**
 * The few sentences pages show without the background having sent them: codes a page creates
 * itself (the background never answered, or only the page knows), and the generic fallback.
 * Every other failure reaches a page as a `WireError` whose `message` the background already
 * filled in, so pages need not ship the whole table. This module is part of the one table:
 * `PLAIN_MESSAGES` in error-codes.ts spreads these in, so each sentence is written once.
 */

/** Codes a page gives a failure the background could not name (it never answered, or only the page knows). */
export const PAGE_ERROR_CODES = ['extension-unavailable', 'cognito-unreachable', 'permission-denied', 'permission-not-asked'] as const;

export type PageErrorCode = (typeof PAGE_ERROR_CODES)[number];

/** Wire codes (not created by pages) whose sentence a page still shows on its own. */
type PageShownCode = 'unknown' | 'panel-unavailable' | 'mfa-session-expired' | 'session-expired';

/** Codes only the options page creates: their sentences are in permission-messages.ts. */
export type PermissionCode = Extract<PageErrorCode, `permission-${string}`>;

/** Every page's own sentences; the options page's permission ones are apart, so other pages need not load them. */
export const PAGE_MESSAGES: Record<Exclude<PageErrorCode, PermissionCode> | PageShownCode, string> = {
  'extension-unavailable': 'The extension is restarting. Please try again.',
  'cognito-unreachable': 'Cognito cannot be reached right now. Try again shortly, or check the Cognito settings.',
  unknown: 'Something went wrong. Please try again.',
  'panel-unavailable': 'The feed cannot be shown on this page. Open a website and try again.',
  'mfa-session-expired': 'That sign-in took too long. Please sign in again.',
  'session-expired': 'Your session has ended. Please sign in again.',
};
