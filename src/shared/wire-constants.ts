/**
 * The contract's run-time constants that pages use too: port names and crud expiries.
 * messages.ts re-exports them; pages import them from here, so the message-audience table
 * (which only the background reads) stays out of every page bundle and in the worker's own file.
 */

/** Port names: extension pages hold the session "in use"; content panels do not. */
export const PORT_PAGE = 'page';
export const PORT_PANEL = 'panel';

/** Cruddur's expiry choices for a new crud, longest first (the API's `ttl` values). */
export const CRUD_TTLS = ['30-days', '7-days', '3-days', '1-day', '12-hours', '3-hours', '1-hour'] as const;

/** Each expiry's length in hours: what the API stores, and the popup's expiry for a crud it just posted. */
export const CRUD_TTL_HOURS: Readonly<Record<(typeof CRUD_TTLS)[number], number>> = {
  '30-days': 30 * 24,
  '7-days': 7 * 24,
  '3-days': 3 * 24,
  '1-day': 24,
  '12-hours': 12,
  '3-hours': 3,
  '1-hour': 1,
};

/** The longest crud or reply, in characters as the API counts them (crud-text.ts). */
export const MAX_CRUD_CHARS = 280;

/** The longest direct message, in characters as the API counts them (message-text.ts). */
export const MAX_MESSAGE_CHARS = 1024;
